import Training

/// Where a run's data come from, as it enters the run's key.
struct DatasetDescriptor: Codable, Hashable, Sendable {
    public var name: String
    /// For the teacher data set.
    public var teacher: TeacherConfiguration?
    /// For file data sets: the directory, and each file's hash (only hashes enter keys).
    public var directory: String?
    public var fileHashes: [String: String]?
    public var trainLimit: Int?
    public var testLimit: Int?
}
