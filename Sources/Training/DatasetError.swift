/// A data file that cannot be used, with the file and what is wrong.
public struct DatasetError: Error, CustomStringConvertible, Sendable {
    /// The file (or directory) concerned.
    public let path: String
    /// What is wrong with it.
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}
