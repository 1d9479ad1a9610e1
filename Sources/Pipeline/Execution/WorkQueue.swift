import Foundation

/// Hands out work items to several threads.
final class WorkQueue<Item: Sendable>: @unchecked Sendable {
    private let items: [Item]
    private var position = 0
    private let lock = NSLock()
    init(_ items: [Item]) { self.items = items }
    func next() -> Item? {
        lock.lock(); defer { lock.unlock() }
        guard position < items.count else { return nil }
        position += 1
        return items[position - 1]
    }
}
