import Foundation
import Linalg

/// The synthetic default data set: Gaussian inputs labelled by a fixed random teacher.
///
/// Inputs are `x ~ N(0, I_d)`. The teacher is a two-layer tanh network
/// `d → 4c → c` with `N(0, 1/fan_in)` weights; an input's label is the teacher's largest
/// output. Everything is drawn from `seed` through named sub-streams, so the data do not
/// depend on the model or the training seed.
public struct TeacherConfiguration: Codable, Hashable, Sendable {
    public var inputDimension: Int
    public var classes: Int
    public var trainExamples: Int
    public var testExamples: Int
    public var seed: UInt64

    public init(inputDimension: Int, classes: Int, trainExamples: Int = 4096, testExamples: Int = 1024, seed: UInt64 = 0) {
        self.inputDimension = inputDimension
        self.classes = classes
        self.trainExamples = trainExamples
        self.testExamples = testExamples
        self.seed = seed
    }

    /// Draws the data set.
    public func makeDataset() -> Dataset {
        var teacherGenerator = SeededGenerator(seed: seed, stream: "teacher")
        let hidden = 4 * classes
        let w1 = Matrix.gaussian(rows: hidden, columns: inputDimension, std: 1 / Float(inputDimension).squareRoot(), using: &teacherGenerator)
        let w2 = Matrix.gaussian(rows: classes, columns: hidden, std: 1 / Float(hidden).squareRoot(), using: &teacherGenerator)
        var inputGenerator = SeededGenerator(seed: seed, stream: "teacher-inputs")
        let all = Matrix.gaussian(rows: trainExamples + testExamples, columns: inputDimension, std: 1, using: &inputGenerator)
        var hiddenValues = Matrix.product(all, w1, transposeB: true)
        for i in 0..<hiddenValues.count { hiddenValues.elements[i] = tanhf(hiddenValues.elements[i]) }
        let outputs = Matrix.product(hiddenValues, w2, transposeB: true)
        let labels: [Int32] = (0..<outputs.rows).map { row in
            var best = 0
            for c in 1..<classes where outputs[row, c] > outputs[row, best] { best = c }
            return Int32(best)
        }
        return Dataset(
            name: "teacher",
            trainInputs: Dataset.rows(0..<trainExamples, of: all),
            trainLabels: Array(labels[0..<trainExamples]),
            testInputs: Dataset.rows(trainExamples..<(trainExamples + testExamples), of: all),
            testLabels: Array(labels[trainExamples...]),
            classes: classes)
    }
}
