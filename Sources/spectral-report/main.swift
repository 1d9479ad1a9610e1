import ArgumentParser
import Foundation
import CSystemInfo
import Linalg
import Pipeline

// OpenBLAS reads OPENBLAS_CORETYPE only when it loads, so a fallback to a generic kernel
// is fixed by re-executing this process before anything else happens.
BLASRuntime.ensureFastKernel(arguments: CommandLine.arguments)

// Figures and training allocate the same large buffers again and again; glibc would map and
// unmap them each time (and fault every page in anew).
sr_keep_freed_memory()

// Past `ulimit -f` a write would kill the process with SIGXFSZ and no message; ignored, the
// write fails with EFBIG instead, and the node (or command) reports "File too large", exit 1.
signal(SIGXFSZ, SIG_IGN)
// Relative paths need the working directory: where its path is too long to be named,
// Foundation would search for it without end, so say so before anything else.
let workingDirectory = getcwd(nil, 0)
if workingDirectory.map({ strlen($0) >= Int(PATH_MAX) }) ?? (errno == ENAMETOOLONG || errno == ERANGE) {
    Output.error("error: the working directory's path is longer than this system allows (\(PATH_MAX) bytes), so relative paths cannot be resolved: run spectral-report from a shorter path")
    exit(2)
}
free(workingDirectory)

// Exit codes: 0 success, 1 a failure while working, 2 bad input (arguments, files).
do {
    // The date of every page comes from it: a malformed one is refused, not read as "unset".
    try SourceDateEpoch.check()
    var command = try SpectralReport.parseAsRoot()
    try command.run()
} catch let error as InputError {
    Output.error("error: \(error)")
    exit(2)
} catch let failure as OutputError {
    Output.error("error: \(failure)")
    exit(1)
} catch let failure as RuntimeFailure {
    Output.error("error: \(failure)")
    exit(1)
} catch {
    let code = SpectralReport.exitCode(for: error)
    if code == .success {
        SpectralReport.exit(withError: error)  // --help, --version
    }
    if code == .validationFailure || error is ValidationError {
        // Bad arguments: one "error:" line like every other bad input, then where to look.
        Output.error("error: \(SpectralReport.message(for: error))")
        Output.error("(see spectral-report help)")
        exit(2)
    }
    if error is ExitCode {
        exit(code.rawValue)
    }
    Output.error("error: \(SpectralReport.message(for: error))")
    exit(code.rawValue == 0 ? 1 : code.rawValue)
}
