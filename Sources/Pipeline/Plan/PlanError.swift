/// A plan that breaks its own rules: a node reading a node that does not exist or comes
/// after it, two nodes with one id or one report file, a report file of an artifact the
/// node does not store. Never the user's input: a mistake in the program (a new node kind
/// declared or placed wrongly), found when the plan is made rather than by a run that skips
/// the node.
public struct PlanError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { "internal error in the plan: \(message)" }

    init(_ message: String) { self.message = message }
}
