import COpenBLAS
import Foundation

/// How a product `C = op(A)·op(B)` (`C` m × n, inner dimension k) is cut into blocks of `C`.
///
/// The grid depends only on m, n and k, never on the number of threads, and every block is
/// computed by a single-threaded `sgemm` over the whole inner dimension. Each entry of `C` is
/// therefore computed by the same call on the same operands whichever worker takes its
/// block and however many workers there are: results are bit-identical for any thread
/// count. (OpenBLAS 0.3.21's own threading splits work by thread count and changes the
/// last bits of about 17% of the entries.)
public struct ProductGrid: Equatable, Sendable {
    /// Whether blocks are bands of rows (else of columns) of `C`.
    public let splitsRows: Bool
    /// Rows or columns per block (the last block may be smaller).
    public let blockSize: Int
    /// The number of blocks.
    public let blocks: Int

    /// At most this many blocks: enough to share a product among 2, 4 or 8 workers.
    public static let maximumBlocks = 4
    /// A block does at least this many floating-point operations: smaller ones cost more
    /// to hand out than they save.
    public static let minimumBlockFlops = 5e6
    /// A block spans at least this many rows or columns.
    public static let minimumBlockSize = 32

    public init(m: Int, n: Int, k: Int) {
        splitsRows = m > n
        let length = max(splitsRows ? m : n, 1)
        let flops = 2 * Double(m) * Double(n) * Double(k)
        let count = max(1, min(Self.maximumBlocks, Int(flops / Self.minimumBlockFlops), length / Self.minimumBlockSize))
        // Blocks of whole 16-wide panels, so kernels run at full width.
        let size = ((length + count - 1) / count + 15) / 16 * 16
        blockSize = min(length, size)
        blocks = (length + blockSize - 1) / blockSize
    }

    /// The rows or columns of block `index`.
    public func range(_ index: Int, length: Int) -> Range<Int> {
        let start = index * blockSize
        return start..<min(length, start + blockSize)
    }
}

/// The worker count for products, set by `BLASRuntime.setThreads`.
enum ProductWorkers {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var value = ProcessInfo.processInfo.activeProcessorCount

    static var count: Int {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }

    /// OpenBLAS runs single-threaded in this process, whoever calls it first.
    static let singleThreadedBLAS: Void = openblas_set_num_threads(1)

    /// Runs `body` for every block index, on up to `count` threads (the caller and pool
    /// helpers). Which thread runs a block never changes what the block computes.
    static func forEach(_ blocks: Int, _ body: (Int) -> Void) {
        _ = singleThreadedBLAS
        let workers = min(count, blocks)
        guard workers > 1, ProductPool.shared.run(blocks: blocks, helpers: workers - 1, body) else {
            for index in 0..<blocks { body(index) }
            return
        }
    }
}
