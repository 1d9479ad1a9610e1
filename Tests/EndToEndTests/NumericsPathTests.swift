import Crypto
import Foundation
import Testing
import TestSupport

/// The same report bytes on every code path this machine runs, and over time: the numerics
/// experiment (every operation whose result reaches the report: forward and backward
/// products, the fused SGD update, Adam, spectral norms dense and through factors, the
/// semi-orthogonal initialisation, tanh and GELU, the loss) rendered under each bit-stable
/// `--products` kernel and several OpenBLAS kernels gives byte-identical folders, whose
/// sha256 fingerprint is committed in `Fingerprints/numerics.sha256`.
///
/// The fingerprint changes whenever report bytes change (numerics, templates, figures,
/// the tool version): regenerate it with
/// `SPECTRAL_REPORT_UPDATE_FINGERPRINTS=1 swift test --filter NumericsPathTests`
/// and say why in the CHANGELOG. `.ci/quick-fingerprint` does the same for the real quick
/// preset with a release build.
@Suite("Report bytes on every code path", .serialized)
struct NumericsPathTests {
    static let experiment = TinyExperiment.toml(title: "Numerics", steps: 3, widths: [8, 16, 48], extra: """
        [sweeps.variants]
        parametrizations = ["spectral-normalized", "ntk"]
        widths = [16, 48]
        activations = ["tanh", "gelu"]
        optimizer = "adam"
        learning_rate = 0.01
        steps = 3

        [[figures]]
        id = "weight-movement"
        kind = "weight_movement"
        sweep = "movement"
        caption = "Weight movement."

        [[figures]]
        id = "variant-movement"
        kind = "feature_movement"
        sweep = "variants"
        caption = "Feature movement of the variants."
        """)

    /// Renders the experiment into a fresh folder and returns every report file's bytes by
    /// relative path.
    static func render(_ arguments: [String], environment: [String: String?] = [:]) throws -> [String: Data] {
        let folder = try RunCommandTests.folder()
        let path = try RunCommandTests.write(experiment, in: folder, name: "numerics")
        let output = folder.appendingPathComponent("out")
        let result = try Binary.run(["run", path, "--output", output.path, "--threads", "2"] + arguments,
                                    environment: RunCommandTests.environment.merging(environment) { $1 })
        #expect(result.status == 0, "\(arguments) \(environment): \(result.standardError)")
        let report = output.appendingPathComponent("numerics")
        var files: [String: Data] = [:]
        for case let name as String in FileManager.default.enumerator(atPath: report.path)?.allObjects ?? [] {
            var isDirectory: ObjCBool = false
            let url = report.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = FileManager.default.contents(atPath: url.path)
            }
        }
        try? FileManager.default.removeItem(at: folder)
        return files
    }

    /// `sha256  path` lines, sorted by path (the format of `sha256sum`).
    static func fingerprint(_ files: [String: Data]) -> String {
        files.keys.sorted().map { name in
            SHA256.hash(data: files[name]!).map { String(format: "%02x", $0) }.joined() + "  " + name
        }.joined(separator: "\n") + "\n"
    }

    static var fingerprintURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fingerprints/numerics.sha256")
    }

    static var cpuRunsAVX512: Bool {
        (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.contains(" avx512f") ?? false
    }

    @Test func everyBitStablePathGivesTheSameBytesAndTheCommittedFingerprint() throws {
        var paths: [(String, [String], [String: String?])] = [
            ("default", [], [:]),
            ("avx2", ["--products", "avx2"], [:]),
            ("portable", ["--products", "portable"], [:]),
            ("OpenBLAS Haswell", [], ["OPENBLAS_CORETYPE": "Haswell"]),
            ("OpenBLAS Prescott", [], ["OPENBLAS_CORETYPE": "Prescott"]),
        ]
        if Self.cpuRunsAVX512 {
            paths.append(("avx512", ["--products", "avx512"], [:]))
            paths.append(("OpenBLAS SkylakeX", [], ["OPENBLAS_CORETYPE": "SkylakeX"]))
        }
        let reference = try Self.render(paths[0].1, environment: paths[0].2)
        #expect(reference.count >= 8)
        let provenance = String(decoding: reference["report.md"] ?? Data(), as: UTF8.self)
        #expect(provenance.contains("numerics bit-stable on x86-64 with AVX2+FMA"), "\(provenance.suffix(400))")
        for (name, arguments, environment) in paths.dropFirst() {
            let files = try Self.render(arguments, environment: environment)
            #expect(Set(files.keys) == Set(reference.keys), "\(name)")
            let differing = reference.keys.filter { files[$0] != reference[$0] }.sorted()
            #expect(differing.isEmpty, "\(name): \(differing.count) of \(reference.count) files differ: \(differing.prefix(8))")
        }

        let fingerprint = Self.fingerprint(reference)
        if ProcessInfo.processInfo.environment["SPECTRAL_REPORT_UPDATE_FINGERPRINTS"] == "1" {
            try Data(fingerprint.utf8).write(to: Self.fingerprintURL, options: .atomic)
        }
        let committed = try String(contentsOf: Self.fingerprintURL, encoding: .utf8)
        let changed = Set(committed.split(separator: "\n")).symmetricDifference(fingerprint.split(separator: "\n"))
        #expect(committed == fingerprint, """
            report bytes differ from Fingerprints/numerics.sha256 (\(changed.count) lines): \(changed.sorted().prefix(6)). \
            If the change is meant, regenerate with SPECTRAL_REPORT_UPDATE_FINGERPRINTS=1 swift test --filter NumericsPathTests
            """)
    }

    @Test func openBLASProductsAreLabelledKernelDependent() throws {
        let files = try Self.render(["--products", "openblas"])
        let page = String(decoding: files["report.md"] ?? Data(), as: UTF8.self)
        #expect(page.contains("numerics kernel-dependent: OpenBLAS "), "\(page.suffix(400))")
    }
}
