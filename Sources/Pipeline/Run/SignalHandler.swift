import Foundation

/// Turns the first SIGINT, SIGTERM or SIGHUP (Ctrl-C, `scancel`, a time limit, a closed
/// terminal) into a clean stop: nothing new starts, finished nodes are kept, in-flight work
/// is dropped with its temporaries, locks are released, and the process exits with 128 +
/// the signal. A second signal exits at once.
public final class SignalHandler {
    static let handled: [(Int32, String)] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")]
    private var sources: [DispatchSourceSignal] = []

    /// Handles the signals until this is released; `onFirst` hears the first one's name.
    public init(cancellation: CancellationFlag, onFirst: @escaping @Sendable (String) -> Void) {
        for (number, name) in Self.handled {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [unowned cancellation] in
                if cancellation.isSet { exit(128 + number) }
                if cancellation.stopsAtOnce {
                    FileHandle.standardError.write(Data("interrupted by \(name) while writing the site index: quitting at once (the reports are written; a rerun writes the index)\n".utf8))
                    exit(128 + number)
                }
                cancellation.set(signal: number)
                onFirst(name)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// `SIGINT`, `SIGTERM`, `SIGHUP`, else `signal <number>`.
    public static func name(of number: Int32) -> String { handled.first { $0.0 == number }?.1 ?? "signal \(number)" }

    deinit {
        for source in sources { source.cancel() }
        for (number, _) in Self.handled { signal(number, SIG_DFL) }
    }
}
