import Linalg

/// A classification data set held in memory: inputs as rows, integer labels.
public struct Dataset: Sendable {
    /// A short name, e.g. `teacher`, `cifar10`, `mnist`.
    public var name: String
    public var trainInputs: Matrix
    public var trainLabels: [Int32]
    public var testInputs: Matrix
    public var testLabels: [Int32]
    /// Number of classes; labels lie in `0..<classes`.
    public var classes: Int

    public init(name: String, trainInputs: Matrix, trainLabels: [Int32], testInputs: Matrix, testLabels: [Int32], classes: Int) {
        precondition(trainInputs.rows == trainLabels.count && testInputs.rows == testLabels.count)
        precondition(trainInputs.columns == testInputs.columns)
        self.name = name
        self.trainInputs = trainInputs
        self.trainLabels = trainLabels
        self.testInputs = testInputs
        self.testLabels = testLabels
        self.classes = classes
    }

    /// The input dimension `d`.
    public var inputDimension: Int { trainInputs.columns }

    /// Copies the training rows `indices` into `batch` and their labels into `labels`.
    /// - Complexity: O(batch · d); no allocation.
    public func gatherTrainingRows(_ indices: ArraySlice<Int>, into batch: inout Matrix, labels: inout [Int32]) {
        let d = inputDimension
        trainInputs.elements.withUnsafeBufferPointer { source in
            batch.elements.withUnsafeMutableBufferPointer { target in
                for (row, index) in indices.enumerated() {
                    (target.baseAddress! + row * d).update(from: source.baseAddress! + index * d, count: d)
                    labels[row] = trainLabels[index]
                }
            }
        }
    }

    /// Rows `range` of `matrix` as a new matrix.
    static func rows(_ range: Range<Int>, of matrix: Matrix) -> Matrix {
        Matrix(
            rows: range.count, columns: matrix.columns,
            elements: Array(matrix.elements[(range.lowerBound * matrix.columns)..<(range.upperBound * matrix.columns)]))
    }

    /// Standardises every input feature group (channel) to mean 0 and variance 1 using the
    /// training set's statistics. `channels` equal groups of consecutive columns share one
    /// mean and variance (3 for CIFAR's planar RGB, 1 for grey images).
    public mutating func standardize(channels: Int) {
        let d = inputDimension
        precondition(channels > 0 && d % channels == 0)
        let perChannel = d / channels
        var means = [Double](repeating: 0, count: channels)
        var variances = [Double](repeating: 0, count: channels)
        let n = Double(trainInputs.rows * perChannel)
        for row in 0..<trainInputs.rows {
            for c in 0..<channels {
                for j in 0..<perChannel { means[c] += Double(trainInputs.elements[row * d + c * perChannel + j]) }
            }
        }
        for c in 0..<channels { means[c] /= max(n, 1) }
        for row in 0..<trainInputs.rows {
            for c in 0..<channels {
                for j in 0..<perChannel {
                    let x = Double(trainInputs.elements[row * d + c * perChannel + j]) - means[c]
                    variances[c] += x * x
                }
            }
        }
        let scales = variances.map { v -> Float in
            let std = (v / max(n, 1)).squareRoot()
            return std > 0 ? Float(1 / std) : 1
        }
        for matrixIndex in 0..<2 {
            var matrix = matrixIndex == 0 ? trainInputs : testInputs
            for row in 0..<matrix.rows {
                for c in 0..<channels {
                    for j in 0..<perChannel {
                        let i = row * d + c * perChannel + j
                        matrix.elements[i] = (matrix.elements[i] - Float(means[c])) * scales[c]
                    }
                }
            }
            if matrixIndex == 0 { trainInputs = matrix } else { testInputs = matrix }
        }
    }
}
