import Foundation

extension ComparisonReport {
    /// What `spectral-report compare` does: checks the output folder, writes the comparison,
    /// and prints what changed and where the page is (or the result as JSON).
    /// - Throws: as `write`, and `InputError` for an output folder that cannot be written.
    public static func perform(_ request: Request, json: Bool, console: Console) throws {
        try OutputFolder.check(request.outputDirectory ?? request.outputRoot, option: request.outputDirectory == nil ? "--output" : "--output-dir")
        let result = try write(request)
        result.warnings.forEach { console.error("warning: \($0)") }
        if json { return try console.json(result, pretty: true) }
        for sentence in result.comparison.whatChanged { console.output(sentence) }
        console.output("comparison: \((result.directory as NSString).appendingPathComponent("compare.html"))")
    }
}
