import Foundation
import Training

/// `[parametrizations.NAME]`: parametrizations an experiment defines beside the built-in
/// five, as a built-in (`from`, standard by default) whose width exponents are replaced
/// per layer kind:
///
/// ```toml
/// [parametrizations.spectral-output-unscaled]
/// from = "spectral"
/// output = { lr = 0 }      # the output layer's learning rate no longer shrinks like 1/n
/// ```
///
/// Each layer kind (`input`, `hidden`, `output`) takes `init`, `multiplier`, `lr` (both
/// optimizers), `lr_sgd` and `lr_adam`: exponents of the width, each between −4 and 4.
enum ParametrizationDefinitions {
    static let keys = ["from", "input", "hidden", "output"]
    static let fieldKeys = ["init", "multiplier", "lr", "lr_sgd", "lr_adam"]
    static let exponentRange = -4.0...4.0

    /// The parametrizations `node` defines, in name order.
    /// - Throws: `InputError` naming the key for anything malformed.
    static func read(_ node: TOMLNode?, reader: ExperimentReader) throws -> [Parametrization] {
        guard let node else { return [] }
        guard case let .table(entries) = node else {
            throw reader.fail("parametrizations", "must be a table of named parametrizations, found \(node.typeName)")
        }
        let builtins = BuiltinParametrization.allCases.map(\.rawValue)
        var result: [Parametrization] = []
        for (name, definition) in entries.sorted(by: { $0.key < $1.key }) {
            let prefix = "parametrizations.\(name)"
            _ = try reader.identifier(.string(name), prefix)
            guard !builtins.contains(name) else { throw reader.fail(prefix, "'\(name)' is a built-in parametrization: choose another name") }
            var base = BuiltinParametrization.standard
            var overrides: [LayerKind: WidthExponents] = [:]
            for (key, value) in try reader.table(definition, prefix, allowed: keys) {
                let k = "\(prefix).\(key)"
                if key == "from" {
                    base = try reader.named(value, k, BuiltinParametrization.self, all: BuiltinParametrization.allCases)
                    continue
                }
                guard let kind = LayerKind(rawValue: key) else { continue }
                var exponents = WidthExponents()
                for (field, number) in try reader.table(value, k, allowed: fieldKeys) {
                    let e = try exponent(number, "\(k).\(field)", reader: reader)
                    switch field {
                    case "init": exponents.initialization = e
                    case "multiplier": exponents.multiplier = e
                    case "lr": (exponents.learningRateSGD, exponents.learningRateAdam) = (exponents.learningRateSGD ?? e, exponents.learningRateAdam ?? e)
                    case "lr_sgd": exponents.learningRateSGD = e
                    case "lr_adam": exponents.learningRateAdam = e
                    default: break
                    }
                }
                overrides[kind] = exponents
            }
            result.append(Parametrization(name: name, scheme: ParametrizationScheme(base: base, overrides: overrides)))
        }
        return result
    }

    /// A width exponent: a number in `exponentRange`.
    static func exponent(_ node: TOMLNode, _ key: String, reader: ExperimentReader) throws -> Double {
        let v: Double
        switch node {
        case let .int(i): v = Double(i)
        case let .double(d): v = d
        default: throw reader.fail(key, "must be a number (a width exponent), found \(node.typeName)")
        }
        guard v.isFinite, exponentRange.contains(v) else {
            throw reader.fail(key, "must be a width exponent between \(Int(exponentRange.lowerBound)) and \(Int(exponentRange.upperBound)), got \(v)")
        }
        return v
    }
}

extension ExperimentReader {
    /// A parametrization by name: built in, or one of `defined`.
    func parametrization(_ node: TOMLNode, _ key: String, defined: [Parametrization]) throws -> Parametrization {
        let name = try string(node, key)
        if let known = Parametrization(rawValue: name) ?? defined.first(where: { $0.name == name }) { return known }
        let names = Parametrization.allCases.map(\.name) + defined.map(\.name)
        throw fail(key, "unknown parametrization '\(name)'\(Suggestion.hint(for: name, in: names)) (define your own under [parametrizations.\(name)])")
    }
}
