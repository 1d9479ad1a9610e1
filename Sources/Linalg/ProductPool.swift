import Foundation
import Synchronization

/// Helper threads for the blocks of a product.
///
/// Products come one after another in a training step, each a fraction of a millisecond
/// at small widths; waking a sleeping thread for each costs about as much as the block
/// itself. So helpers spin for a short while after a product, waiting for the next one,
/// and only then sleep (as OpenBLAS's own threads do). One product uses the pool at a
/// time; a product issued while it is busy runs its blocks in the calling thread.
final class ProductPool: @unchecked Sendable {
    static let shared = ProductPool()

    /// How long a helper spins for the next product before it sleeps.
    static let spinSeconds = 0.0005

    /// Bumped when a product is published, so spinning helpers see it.
    private let generation = Atomic<Int>(0)
    /// Blocks of the current product that have finished.
    private let finished = Atomic<Int>(0)
    /// Guards the current product's description and its next block.
    private let state = NSLock()
    private var body: ((Int) -> Void)?
    private var blocks = 0
    private var nextBlock = 0
    private var participants = 0
    /// One product at a time.
    private let busy = NSLock()
    private let sleep = NSCondition()
    private var helperCount = 0

    /// Runs `body` for blocks `0..<blocks` on the calling thread and `helpers` pool
    /// threads; false (nothing run) when the pool is busy with another product.
    func run(blocks: Int, helpers: Int, _ body: (Int) -> Void) -> Bool {
        guard busy.try() else { return false }
        defer { busy.unlock() }
        withoutActuallyEscaping(body) { body in
            state.withLock {
                self.body = body
                self.blocks = blocks
                nextBlock = 0
                participants = helpers
            }
            finished.store(0, ordering: .relaxed)
            startHelpers(upTo: helpers)
            generation.add(1, ordering: .releasing)
            sleep.lock(); sleep.broadcast(); sleep.unlock()
            let published = generation.load(ordering: .acquiring)
            while let index = take(published, helper: nil) {
                body(index)
                finished.add(1, ordering: .releasing)
            }
            while finished.load(ordering: .acquiring) < blocks { spinPause() }
            state.withLock { self.body = nil }
        }
        return true
    }

    /// The next block of product `seen`, for the caller (`helper` nil) or a helper that
    /// takes part in it.
    private func take(_ seen: Int, helper: Int?) -> Int? {
        state.withLock {
            guard generation.load(ordering: .relaxed) == seen, body != nil, nextBlock < blocks else { return nil }
            if let helper, helper >= participants { return nil }
            nextBlock += 1
            return nextBlock - 1
        }
    }

    /// Runs one block in a helper. The reference to the body ends with this call, before
    /// the block is counted as finished, so no helper holds it once the product is done.
    private func runBlock(_ index: Int) {
        let body = state.withLock { self.body }
        body?(index)
    }

    private func startHelpers(upTo count: Int) {
        while helperCount < count {
            let index = helperCount
            let thread = Thread { [unowned self] in self.helperLoop(index) }
            thread.stackSize = 1 << 20
            thread.start()
            helperCount += 1
        }
    }

    private func helperLoop(_ index: Int) {
        var seen = generation.load(ordering: .acquiring)
        while true {
            let spinUntil = DispatchTime.now().uptimeNanoseconds + UInt64(Self.spinSeconds * 1e9)
            while generation.load(ordering: .acquiring) == seen {
                if DispatchTime.now().uptimeNanoseconds > spinUntil {
                    sleep.lock()
                    while generation.load(ordering: .acquiring) == seen { sleep.wait() }
                    sleep.unlock()
                }
                spinPause()
            }
            seen = generation.load(ordering: .acquiring)
            while let block = take(seen, helper: index) {
                runBlock(block)
                finished.add(1, ordering: .releasing)
            }
        }
    }

    private func spinPause() {
        #if arch(x86_64)
        for _ in 0..<32 { _ = generation.load(ordering: .relaxed) }
        #endif
    }
}
