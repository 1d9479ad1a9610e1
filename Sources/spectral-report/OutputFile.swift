import Foundation
import Pipeline

/// Checks a file option such as `--out` before any work: the file must be writable where
/// it is named (its folder exists and is writable, the path is not a folder), so that a
/// long render never ends in "cannot write". Bad paths are bad input (exit 2).
enum OutputFile {
    static func check(_ path: String, option: String) throws {
        guard !path.isEmpty else { throw InputError(file: option, message: "must not be empty (give a file name)") }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw InputError(file: path, message: "\(option) names a folder; give a file name inside it (e.g. \((path as NSString).appendingPathComponent("out.png")))")
        }
        guard url.lastPathComponent.utf8.count <= 255, url.path.utf8.count + 64 < Int(PATH_MAX) else {
            throw InputError(file: option, message: "the path is too long for this system")
        }
        let parent = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) else {
            throw InputError(file: path, message: "\(option): the folder \(parent) does not exist")
        }
        guard isDirectory.boolValue else { throw InputError(file: path, message: "\(option): \(parent) is a file, not a folder") }
        guard access(parent, W_OK | X_OK) == 0 else {
            throw InputError(file: path, message: "\(option): the folder \(parent) is not writable by this user")
        }
    }
}
