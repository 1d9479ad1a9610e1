import Foundation

/// How one node ended.
public enum NodeOutcome: String, Codable, Sendable {
    case executed, cached, failed, skipped
}

/// Receives progress from the executor (from several threads).
public protocol ProgressReporter: AnyObject, Sendable {
    func phase(_ name: String, total: Int)
    func started(_ node: String)
    func finished(_ node: String, outcome: NodeOutcome, seconds: Double)
    func note(_ message: String)
    func finish()
    /// The estimated cost of each node the phase will execute, so that an ETA can weigh
    /// what is left by what it costs rather than count nodes: predicted seconds of one run
    /// alone when `secondsAtJobs` gives the runs at once, else relative operations.
    func expect(costs: [String: Double], secondsAtJobs: Int?)
}

extension ProgressReporter {
    public func expect(costs: [String: Double], secondsAtJobs: Int?) {}
}

/// Says nothing (`--quiet`, tests).
public final class SilentReporter: ProgressReporter, @unchecked Sendable {
    public init() {}
    public func phase(_ name: String, total: Int) {}
    public func started(_ node: String) {}
    public func finished(_ node: String, outcome: NodeOutcome, seconds: Double) {}
    public func note(_ message: String) {}
    public func finish() {}
}

/// Plain log lines on standard error, for logs and pipes.
public final class LineReporter: ProgressReporter, @unchecked Sendable {
    private let lock = NSLock()
    public init() {}
    func write(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
    public func phase(_ name: String, total: Int) { write("== \(name): \(total) node\(total == 1 ? "" : "s")") }
    public func started(_ node: String) {}
    public func finished(_ node: String, outcome: NodeOutcome, seconds: Double) {
        guard outcome != .cached else { return }
        write(String(format: "%@ %@ (%.2f s)", outcome.rawValue, node, seconds))
    }
    public func note(_ message: String) { write(message) }
    public func finish() {}
}

/// One redrawn status line per phase on a terminal: counts, ETA and the current node.
public final class TerminalReporter: ProgressReporter, @unchecked Sendable {
    private let lock = NSLock()
    private var phaseName = ""
    private var total = 0
    private var done = 0
    private var executed = 0
    private var executedSeconds = 0.0
    private var current = ""
    private var phaseStart = Date()
    /// Estimated costs of the phase's nodes to execute, and how much of it is done.
    private var costs: [String: Double] = [:]
    private var doneCost = 0.0
    private var inFlight = Set<String>()
    /// Runs at once, when `costs` are predicted seconds.
    private var secondsAtJobs: Int?
    private var firstExecutionStart: Date?

    public init() {}

    private func draw(final: Bool = false) {
        var line = "\(phaseName) \(done)/\(total)"
        if executed == 0 && done < total, let jobs = secondsAtJobs, !costs.isEmpty {
            // Before any run has finished: the calibration's prediction.
            let left = costs.values.reduce(0, +) / Double(jobs) - Date().timeIntervalSince(firstExecutionStart ?? phaseStart)
            line += String(format: " · ETA %.0f s (predicted)", max(left, 0))
        } else if executed > 0 && done < total {
            let elapsed = Date().timeIntervalSince(firstExecutionStart ?? phaseStart)
            let totalCost = costs.values.reduce(0, +)
            // Weighed by cost when the executor said what each node costs: the time so far
            // per unit of work done, times the work left; nodes in flight (with --jobs)
            // count as half done.
            let progress = doneCost + 0.5 * inFlight.reduce(0) { $0 + (costs[$1] ?? 0) }
            let remaining = doneCost > 0 && totalCost > progress
                ? elapsed * (totalCost - progress) / progress
                : Double(total - done) * Date().timeIntervalSince(phaseStart) / Double(max(done, 1))
            line += String(format: " · ETA %.0f s", remaining)
        }
        if !current.isEmpty && !final { line += " · \(current)" }
        let columns = 110
        if line.count > columns { line = String(line.prefix(columns - 1)) + "…" }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line + (final ? "\n" : "")).utf8))
    }

    public func phase(_ name: String, total: Int) {
        lock.lock(); defer { lock.unlock() }
        if !phaseName.isEmpty { draw(final: true) }
        phaseName = name; self.total = total; done = 0; executed = 0; executedSeconds = 0; current = ""; phaseStart = Date()
        costs = [:]; doneCost = 0; inFlight = []; firstExecutionStart = nil; secondsAtJobs = nil
        draw()
    }
    public func expect(costs: [String: Double], secondsAtJobs: Int?) {
        lock.lock(); self.costs = costs; self.secondsAtJobs = secondsAtJobs; lock.unlock()
    }
    public func started(_ node: String) {
        lock.lock(); defer { lock.unlock() }
        if firstExecutionStart == nil { firstExecutionStart = Date() }
        if costs[node] != nil { inFlight.insert(node) }
        current = node
        draw()
    }
    public func finished(_ node: String, outcome: NodeOutcome, seconds: Double) {
        lock.lock(); defer { lock.unlock() }
        done += 1
        inFlight.remove(node)
        if outcome == .executed { executed += 1; executedSeconds += seconds; doneCost += costs[node] ?? 0 }
        if outcome == .failed { FileHandle.standardError.write(Data("\r\u{1B}[2Kfailed \(node)\n".utf8)) }
        draw()
    }
    public func note(_ message: String) {
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + message + "\n").utf8))
        draw()
    }
    public func finish() {
        lock.lock(); defer { lock.unlock() }
        if !phaseName.isEmpty { draw(final: true) }
        phaseName = ""
    }
}

/// A flag set from a signal handler and read by workers, with the signal that set it.
public final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    private var signalNumber: Int32?
    private var atOnce = false
    public init() {}
    public var isSet: Bool { lock.withLock { value } }
    /// Set once nothing is left whose loss a signal should wait for (the reports are
    /// written; only the site index remains): a signal handler may then exit at once.
    public var stopsAtOnce: Bool {
        get { lock.withLock { atOnce } }
        set { lock.withLock { atOnce = newValue } }
    }
    /// The signal that asked to stop, if a signal did.
    public var signal: Int32? { lock.withLock { signalNumber } }
    public func set(signal: Int32? = nil) {
        lock.withLock {
            if !value { signalNumber = signal }
            value = true
        }
    }
}
