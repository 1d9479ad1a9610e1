import Foundation
import Testing
import TestSupport

/// Bad input of every kind, as a tester on a shared cluster would try it: each case must
/// exit with code 2, say what is wrong (file, line, key where there are some), and write
/// nothing — no output folder, no cache.
@Suite("Hostile input: exit 2, a clear message, nothing written")
struct HostileInputTests {
    /// One case: files to lay out, arguments, and words the message must contain.
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        var toml: String? = TinyExperiment.toml()
        var arguments: [String] = []
        var expected: [String]
        var setUp: @Sendable (URL) throws -> Void = { _ in }
        var description: String { name }
    }

    static func toml(defaults: String = "", sweep: String = "", extra: String = "", title: String = "\"x\"") -> String {
        """
        title = \(title)
        [defaults]
        input_dimension = 8
        classes = 3
        steps = 2
        seeds = 1
        batch = 16
        train_examples = 64
        test_examples = 32
        probe_size = 16
        \(defaults)
        [sweeps.movement]
        parametrizations = ["standard", "spectral"]
        widths = [8, 16]
        \(sweep)
        [[figures]]
        id = "feature-movement"
        kind = "feature_movement"
        sweep = "movement"
        \(extra)
        """
    }

    static let experimentCases: [Case] = [
        Case(name: "learning rate overflows single precision", toml: toml(defaults: "learning_rate = 1e39"), expected: [":11:", "defaults.learning_rate", "single precision"]),
        Case(name: "learning rate underflows to zero", toml: toml(defaults: "learning_rate = 1e-320"), expected: ["defaults.learning_rate", "single precision"]),
        Case(name: "init gain overflows", toml: toml(defaults: "init_gain = 1e39"), expected: ["defaults.init_gain"]),
        Case(name: "weight decay overflows", toml: toml(defaults: "weight_decay = 1e308"), expected: ["defaults.weight_decay"]),
        Case(name: "a learning rate in a list overflows", toml: toml(sweep: "learning_rates = [0.1, 1e40]"), expected: ["sweeps.movement.learning_rates"]),
        Case(name: "batch larger than the training set", toml: toml().replacingOccurrences(of: "batch = 16", with: "batch = 100"), expected: [":7:", "defaults.batch", "larger than train_examples = 64"]),
        Case(name: "a sweep's own batch larger than the training set", toml: toml().replacingOccurrences(of: "[sweeps.movement]\n", with: "[sweeps.movement]\nbatch = 100\n"),
             expected: ["sweeps.movement.batch", "larger than train_examples = 64"]),
        Case(name: "a batch size larger than the training set", toml: toml(sweep: "batch_sizes = [16, 128]"), expected: ["sweeps.movement.batch_sizes", "128"]),
        Case(name: "a data set of terabytes", toml: toml().replacingOccurrences(of: "input_dimension = 8", with: "input_dimension = 100000").replacingOccurrences(of: "train_examples = 64", with: "train_examples = 10000000"), expected: ["sweeps.movement.widths", "needs about", "GiB"]),
        Case(name: "width 16384 at depth 16", toml: toml(defaults: "depth = 16", sweep: "widths = [16384]").replacingOccurrences(of: "widths = [8, 16]\n", with: ""), expected: ["needs about", "GiB"]),
        Case(name: "negative width", toml: toml().replacingOccurrences(of: "widths = [8, 16]", with: "widths = [-64, 8]"), expected: ["sweeps.movement.widths", "got -64"]),
        Case(name: "negative width hidden by the quick preset", toml: toml(extra: "[quick.sweeps.movement]\nwidths = [8]").replacingOccurrences(of: "widths = [8, 16]", with: "widths = [-64, 8]"), arguments: ["--quick"], expected: ["sweeps.movement.widths", "got -64"]),
        Case(name: "bad value in an unused quick preset", toml: toml(extra: "[quick.defaults]\nsteps = -3"), expected: ["quick.defaults.steps"]),
        Case(name: "width beyond the limit", toml: toml().replacingOccurrences(of: "widths = [8, 16]", with: "widths = [16385]"), expected: ["between 1 and 16384"]),
        Case(name: "depth beyond the limit", toml: toml(defaults: "depth = 17"), expected: ["defaults.depth", "between 1 and 16"]),
        Case(name: "momentum of one", toml: toml(defaults: "momentum = 1.0"), expected: ["defaults.momentum"]),
        Case(name: "negative steps", toml: toml(defaults: "steps = -1").replacingOccurrences(of: "steps = 2\n", with: ""), expected: ["defaults.steps"]),
        Case(name: "zero seeds", toml: toml(defaults: "seeds = 0").replacingOccurrences(of: "seeds = 1\n", with: ""), expected: ["defaults.seeds"]),
        Case(name: "one class", toml: toml(defaults: "classes = 1").replacingOccurrences(of: "classes = 3\n", with: ""), expected: ["defaults.classes"]),
        Case(name: "zero evaluation rows", toml: toml(defaults: "evaluation_size = 0"), expected: ["defaults.evaluation_size"]),
        Case(name: "negative metric step", toml: toml(defaults: "metric_steps = [-1]"), expected: ["defaults.metric_steps"]),
        Case(name: "misspelt setting", toml: toml(defaults: "learning_rat = 0.1"), expected: ["defaults.learning_rat", "did you mean 'learning_rate'"]),
        Case(name: "misspelt parametrization", toml: toml().replacingOccurrences(of: "\"spectral\"]", with: "\"spectrall\"]"), expected: ["sweeps.movement.parametrizations", "did you mean 'spectral'"]),
        Case(name: "unknown activation", toml: toml(defaults: "activation = \"sigmoid\""), expected: ["defaults.activation"]),
        Case(name: "unknown data set", toml: toml(defaults: "dataset = \"imagenet\""), expected: ["defaults.dataset"]),
        Case(name: "file data set without --data-dir", toml: toml(defaults: "dataset = \"cifar10\""), expected: ["--data-dir"]),
        Case(name: "unknown figure kind", toml: toml().replacingOccurrences(of: "kind = \"feature_movement\"", with: "kind = \"feature\""), expected: ["figures[0].kind"]),
        Case(name: "figure of an unknown sweep", toml: toml().replacingOccurrences(of: "sweep = \"movement\"", with: "sweep = \"movment\""), expected: ["figures[0].sweep", "did you mean 'movement'"]),
        Case(name: "duplicate figure id", toml: toml(extra: "[[figures]]\nid = \"feature-movement\"\nkind = \"loss_curves\"\nsweep = \"movement\""), expected: ["figures[1].id", "duplicate"]),
        Case(name: "reserved figure id", toml: toml().replacingOccurrences(of: "id = \"feature-movement\"", with: "id = \"summary\""), expected: ["figures[0].id", "reserved"]),
        Case(name: "figure id that climbs out of the folder", toml: toml().replacingOccurrences(of: "id = \"feature-movement\"", with: "id = \"../../x\""), expected: ["figures[0].id", "safe file name"]),
        Case(name: "escaped NUL in the title", toml: toml(title: "\"a\\u0000b\""), expected: [":1:", "control character"]),
        Case(name: "raw control character", toml: toml(title: "\"a\u{01}b\""), expected: [":1:", "U+0001"]),
        Case(name: "a 2 MB experiment file", toml: toml() + "\n" + String(repeating: "# padding padding padding padding padding padding\n", count: 42_000), expected: ["limited to 1024 KiB"]),
        Case(name: "TOML syntax error", toml: "title = \"x\"\n[defaults\nsteps = 2\n", expected: [":2:", "syntax"]),
        Case(name: "empty file", toml: "", expected: ["missing required key 'title'"]),
        Case(name: "title is a number", toml: toml(title: "3"), expected: ["title", "must be a string"]),
        Case(name: "widths is not a list", toml: toml().replacingOccurrences(of: "widths = [8, 16]", with: "widths = 8"), expected: ["sweeps.movement.widths", "must be an array"]),
        Case(name: "widths is empty", toml: toml().replacingOccurrences(of: "widths = [8, 16]", with: "widths = []"), expected: ["must not be empty"]),
        Case(name: "quick preset of an unknown sweep", toml: toml(extra: "[quick.sweeps.other]\nwidths = [8]"), expected: ["quick.sweeps.other"]),
        Case(name: "a parametrization never defined", toml: toml().replacingOccurrences(of: "\"spectral\"]", with: "\"mine\"]"),
             expected: ["sweeps.movement.parametrizations", "unknown parametrization 'mine'", "[parametrizations.mine]"]),
        Case(name: "a width exponent out of range", toml: toml() + "\n[parametrizations.mine]\noutput = { lr = 10 }\n",
             expected: ["parametrizations.mine.output.lr", "between -4 and 4"]),
        Case(name: "a parametrization named like a built-in", toml: toml() + "\n[parametrizations.mup]\nfrom = \"spectral\"\n",
             expected: ["parametrizations.mup", "built-in"]),
        Case(name: "binary garbage", toml: String(decoding: (0..<512).map { UInt8(($0 * 7919) % 256) }, as: UTF8.self), expected: ["not a text file"]),
    ]

    static let argumentCases: [Case] = [
        Case(name: "missing experiment file", toml: nil, expected: ["experiment file not found"]),
        Case(name: "--force-node that matches nothing", arguments: ["--force-node", "figure/feature-movment"], expected: ["--force-node", "matches no node", "did you mean 'figure/feature-movement'"]),
        Case(name: "--only that matches nothing", arguments: ["--only", "figure/feature-movment"], expected: ["--only", "matches no node", "did you mean 'figure/feature-movement'"]),
        Case(name: "--jobs 0", arguments: ["--jobs", "0"], expected: ["--jobs"]),
        Case(name: "--jobs 1000", arguments: ["--jobs", "1000"], expected: ["--jobs"]),
        Case(name: "--shard 5/4", arguments: ["--shard", "5/4"], expected: ["--shard"]),
        Case(name: "--shard abc", arguments: ["--shard", "abc"], expected: ["--shard"]),
        Case(name: "--shard 1/huge", arguments: ["--shard", "1/9223372036854775807"], expected: ["--shard", "at most 100000 shards"]),
        Case(name: "--threads 0", arguments: ["--threads", "0"], expected: ["--threads"]),
        Case(name: "--font that does not exist", arguments: ["--font", "/nonexistent/font.ttf"], expected: ["font"]),
        Case(name: "--templates that does not exist", arguments: ["--templates", "/nonexistent/templates"], expected: ["template folder not found"]),
        Case(name: "--output is a file", arguments: ["--output", "@/a-file"], expected: ["--output must be a folder"], setUp: { try Data("x".utf8).write(to: $0.appendingPathComponent("a-file")) }),
        Case(name: "--output under a file", arguments: ["--output", "@/a-file/out"], expected: ["--output must be a folder"], setUp: { try Data("x".utf8).write(to: $0.appendingPathComponent("a-file")) }),
        Case(name: "--cache-dir is a folder of other things", arguments: ["--cache-dir", "@/documents"], expected: ["is not a spectral-report cache"], setUp: { folder in
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("documents"), withIntermediateDirectories: true)
            try Data("keep me".utf8).write(to: folder.appendingPathComponent("documents/thesis.tex"))
        }),
        Case(name: "--cache-dir is a file", arguments: ["--cache-dir", "@/a-file"], expected: ["is a file"], setUp: { try Data("x".utf8).write(to: $0.appendingPathComponent("a-file")) }),
        Case(name: "--data-dir is a file", arguments: ["--data-dir", "@/a-file"], expected: ["--data-dir is not a directory"], setUp: { try Data("x".utf8).write(to: $0.appendingPathComponent("a-file")) }),
        Case(name: "the same experiment twice", arguments: ["@/x.toml"], expected: ["has the same name as", "both would write"]),
        Case(name: "a folder without experiments", arguments: ["@/empty"], expected: ["holds no experiment files"], setUp: {
            try FileManager.default.createDirectory(at: $0.appendingPathComponent("empty"), withIntermediateDirectories: true) }),
        Case(name: "--data-dir without data", arguments: ["--data-dir", "@/empty"], expected: ["no CIFAR-10"], setUp: { try FileManager.default.createDirectory(at: $0.appendingPathComponent("empty"), withIntermediateDirectories: true) }),
    ]

    static let templateCases: [Case] = [
        Case(name: "a template that includes itself", arguments: ["--templates", "@/templates"], expected: ["figure.html.mustache:1:", "includes itself"], setUp: {
            try template($0, "figure.html.mustache", "{{> figure.html}}\n") }),
        Case(name: "templates that include each other", arguments: ["--templates", "@/templates"], expected: ["includes itself", "figure.html → provenance.html → figure.html"], setUp: {
            try template($0, "figure.html.mustache", "<p>{{> provenance.html}}</p>\n")
            try template($0, "provenance.html.mustache", "x\n{{> figure.html}}\n") }),
        Case(name: "a misspelt partial", arguments: ["--templates", "@/templates"], expected: ["report.html.mustache:2:", "partial 'figure.htm' does not exist", "did you mean 'figure.html'"], setUp: {
            try template($0, "report.html.mustache", "<html>\n{{#figures}}{{> figure.htm}}{{/figures}}\n") }),
        Case(name: "an unclosed section", arguments: ["--templates", "@/templates"], expected: ["report.md.mustache:", "syntax"], setUp: {
            try template($0, "report.md.mustache", "# {{title}}\n{{#figures}}\nunclosed\n") }),
        Case(name: "sections nested 3000 deep", arguments: ["--templates", "@/templates"], expected: ["report.html.mustache:2:", "sections nested deeper than 100"], setUp: {
            try template($0, "report.html.mustache", "<html>\n" + String(repeating: "{{#title}}", count: 3000) + "x" + String(repeating: "{{/title}}", count: 3000) + "\n") }),
        Case(name: "sections nested deep behind other delimiters", arguments: ["--templates", "@/templates"], expected: ["report.md.mustache:1:", "sections nested deeper than 100"], setUp: {
            try template($0, "report.md.mustache", "{{=<% %>=}}" + String(repeating: "<%#title%>", count: 3000) + "\n") }),
        Case(name: "a misspelt key", arguments: ["--templates", "@/templates"], expected: ["report.html.mustache:2: titel: not a key", "did you mean 'title'"], setUp: {
            try template($0, "report.html.mustache", "<html>\n<h1>{{titel}}</h1>\n") }),
        Case(name: "an unknown section behind other delimiters", arguments: ["--templates", "@/templates"], expected: ["report.md.mustache:3: nosuch: not a key"], setUp: {
            try template($0, "report.md.mustache", "# {{title}}\n{{=<% %>=}}\n<%#nosuch%>x<%/nosuch%>\n") }),
    ]

    static func template(_ folder: URL, _ name: String, _ text: String) throws {
        let templates = folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: templates.appendingPathComponent(name))
    }

    /// Writes MNIST-style files with 6×6 images; `mutate` may spoil them.
    static func mnist(_ folder: URL, train: Int = 80, test: Int = 20, label: (Int) -> UInt8 = { UInt8($0 % 10) }) throws {
        let data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        for (stem, count) in [("train", train), ("t10k", test)] {
            var images = Data([0, 0, 8, 3])
            for v in [count, 6, 6] { images.append(contentsOf: withUnsafeBytes(of: UInt32(v).bigEndian, Array.init)) }
            images.append(contentsOf: (0..<(count * 36)).map { UInt8($0 % 251) })
            var labels = Data([0, 0, 8, 1])
            labels.append(contentsOf: withUnsafeBytes(of: UInt32(count).bigEndian, Array.init))
            labels.append(contentsOf: (0..<count).map(label))
            try images.write(to: data.appendingPathComponent("\(stem)-images-idx3-ubyte"))
            try labels.write(to: data.appendingPathComponent("\(stem)-labels-idx1-ubyte"))
        }
    }

    /// Writes CIFAR-10-style batches of `records` records each.
    static func cifar(_ folder: URL, records: Int = 4, label: UInt8 = 3, truncate: Bool = false) throws {
        let data = folder.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        for name in (1...5).map({ "data_batch_\($0).bin" }) + ["test_batch.bin"] {
            var bytes = Data()
            for record in 0..<records { bytes.append(record == records - 1 ? label : 1); bytes.append(contentsOf: [UInt8](repeating: 7, count: 3072)) }
            if truncate && name == "data_batch_3.bin" { bytes.removeLast(100) }
            try bytes.write(to: data.appendingPathComponent(name))
        }
    }

    static let dataCases: [Case] = [
        Case(name: "MNIST label out of range", arguments: ["--data-dir", "@/data"], expected: ["train-labels-idx1-ubyte", "label 12"], setUp: {
            try mnist($0, label: { $0 == 70 ? 12 : UInt8($0 % 10) }) }),
        Case(name: "MNIST images and labels disagree", arguments: ["--data-dir", "@/data"], expected: ["images but"], setUp: { folder in
            try mnist(folder)
            var labels = Data([0, 0, 8, 1]); labels.append(contentsOf: withUnsafeBytes(of: UInt32(79).bigEndian, Array.init)); labels.append(contentsOf: [UInt8](repeating: 1, count: 79))
            try labels.write(to: folder.appendingPathComponent("data/train-labels-idx1-ubyte")) }),
        Case(name: "MNIST file with a wrong magic number", arguments: ["--data-dir", "@/data"], expected: ["not an unsigned-byte IDX file"], setUp: { folder in
            try mnist(folder)
            try Data([0, 0, 9, 3, 0, 0, 0, 1]).write(to: folder.appendingPathComponent("data/t10k-images-idx3-ubyte")) }),
        Case(name: "a gzip bomb as MNIST images", arguments: ["--data-dir", "@/data"], expected: ["decompresses to more than"], setUp: { folder in
            try mnist(folder)
            // A valid header for 80 images of 6×6, then 64 MiB of zeros, compressed to a few hundred KiB.
            var raw = Data([0, 0, 8, 3]); for v in [80, 6, 6] { raw.append(contentsOf: withUnsafeBytes(of: UInt32(v).bigEndian, Array.init)) }
            raw.append(Data(count: 64 << 20))
            let plain = folder.appendingPathComponent("bomb")
            try raw.write(to: plain)
            let gzip = Process(); gzip.executableURL = URL(fileURLWithPath: "/bin/gzip"); gzip.arguments = ["-f", plain.path]
            try gzip.run(); gzip.waitUntilExit()
            let images = folder.appendingPathComponent("data/train-images-idx3-ubyte")
            try FileManager.default.removeItem(at: images)
            try FileManager.default.moveItem(at: folder.appendingPathComponent("bomb.gz"), to: images.appendingPathExtension("gz")) }),
        Case(name: "truncated CIFAR-10 batch", arguments: ["--data-dir", "@/data"], expected: ["data_batch_3.bin", "truncated"], setUp: { try cifar($0, truncate: true) }),
        Case(name: "CIFAR-10 label 10", arguments: ["--data-dir", "@/data"], expected: ["data_batch_1.bin", "label 10"], setUp: { try cifar($0, label: 10) }),
        Case(name: "batch larger than a small data set", arguments: ["--data-dir", "@/data"], expected: ["defaults.batch", "larger than"], setUp: { try mnist($0, train: 10) }),
    ]

    static let allCases = experimentCases + argumentCases + templateCases + dataCases

    @Test(arguments: allCases)
    func refusedWithExitTwoAndNothingWritten(_ hostile: Case) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let experiment = folder.appendingPathComponent("x.toml")
        if let toml = hostile.toml { try Data(toml.utf8).write(to: experiment) }
        try hostile.setUp(folder)
        let before = Self.listing(folder)
        let arguments = hostile.arguments.map { $0.hasPrefix("@/") ? folder.appendingPathComponent(String($0.dropFirst(2))).path : $0 }
        let output = folder.appendingPathComponent("out")
        let result = try Binary.run(["run", experiment.path, "--output", output.path, "--threads", "1"] + arguments)
        #expect(result.status == 2, "\(hostile.name): exit \(result.status): \(result.standardError)")
        for words in hostile.expected {
            #expect(result.standardError.contains(words), "\(hostile.name): '\(words)' not in: \(result.standardError)")
        }
        #expect(result.standardError.hasPrefix("error: "), "\(hostile.name): \(result.standardError)")
        #expect(!result.standardError.contains("Fatal error") && !result.standardError.contains("Stack dump"))
        #expect(Self.listing(folder) == before, "\(hostile.name) wrote into its folder")
    }

    @Test func forceNoLongerSwallowsTheExperiment() throws {
        // `run --force other.toml` once took other.toml for a node name and ran the default
        // experiment; now --force is a flag and other.toml is the experiment.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let result = try Binary.run(["run", "--force", "other.toml"], currentDirectory: folder)
        #expect(result.status == 2 && result.standardError.contains("other.toml: experiment file not found"), "\(result.standardError)")
        #expect(Self.listing(folder).isEmpty)
    }

    /// Every path below `folder` with its size, to show nothing was written.
    static func listing(_ folder: URL) -> [String: Int] {
        var result: [String: Int] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: folder.path)?.allObjects ?? [] {
            result[path] = (try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)[.size] as? Int) ?? -1
        }
        return result
    }
}
