/// A dense single-precision matrix stored row-major in one contiguous buffer.
///
/// Element `(i, j)` lives at `elements[i * columns + j]`. A vector is a matrix with one row
/// or one column. The type is a value: copies share storage until one of them is written.
public struct Matrix: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements, row after row.
    public var elements: [Float]

    /// A `rows × columns` matrix with every element equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        self.rows = rows
        self.columns = columns
        self.elements = [Float](repeating: value, count: rows * columns)
    }

    /// A `rows × columns` matrix over `elements` given row after row.
    /// - Precondition: `elements.count == rows * columns`.
    public init(rows: Int, columns: Int, elements: [Float]) {
        precondition(elements.count == rows * columns, "element count does not match shape")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from nested rows, for tests and small literals.
    public init(_ nestedRows: [[Float]]) {
        let columns = nestedRows.first?.count ?? 0
        precondition(nestedRows.allSatisfy { $0.count == columns }, "ragged rows")
        self.init(rows: nestedRows.count, columns: columns, elements: nestedRows.flatMap { $0 })
    }

    /// Number of elements.
    public var count: Int { rows * columns }

    /// The element in row `row` and column `column`.
    public subscript(row: Int, column: Int) -> Float {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// The transpose, as a new matrix (products take transposes without copying; this is
    /// for tests and small matrices).
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { result.elements[j * rows + i] = elements[i * columns + j] }
        }
        return result
    }

    /// Row `index` as an array.
    public func row(_ index: Int) -> [Float] {
        Array(elements[(index * columns)..<((index + 1) * columns)])
    }
}
