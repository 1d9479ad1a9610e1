// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "spectral-report",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "spectral-report", targets: ["spectral-report"]),
        .library(name: "Linalg", targets: ["Linalg"]),
        .library(name: "Training", targets: ["Training"]),
        .library(name: "AtomicWrite", targets: ["AtomicWrite"]),
        .library(name: "Raster", targets: ["Raster"]),
        .library(name: "Plotting", targets: ["Plotting"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "Benchmarks", targets: ["Benchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // System libraries, found through pkg-config and installed from Debian's packages.
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CLibPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // CPUID and other facts about the host that Swift cannot ask for directly.
        .target(name: "CSystemInfo"),
        // Hand-written product kernels and element-wise functions (bit-stable); optimised in every
        // configuration, since debug-built tests train through them too.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off"])]),

        .target(
            name: "Linalg",
            dependencies: ["COpenBLAS", "CSystemInfo", "CKernels"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "Training",
            dependencies: ["Linalg", "CKernels", "CZlib"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        // Writes a file through a temporary beside it and a rename, so readers never see a torn file.
        .target(name: "AtomicWrite"),
        // libpng behind setjmp, so its errors come back as values, never as a longjmp.
        .target(name: "CPNGShim", dependencies: ["CLibPNG", "CZlib"]),
        .target(
            name: "Raster",
            dependencies: ["AtomicWrite", "CPNGShim", "CLibPNG"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "Plotting",
            dependencies: ["Raster"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "Pipeline",
            dependencies: [
                "AtomicWrite", "CSystemInfo", "Linalg", "Training", "Plotting", "Raster",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // What `bench` and `test-sheet` measure and draw, kept out of the library modules.
        .target(
            name: "Benchmarks",
            dependencies: ["Linalg", "Training", "Raster", "Plotting"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "spectral-report",
            dependencies: [
                "AtomicWrite", "CSystemInfo", "Linalg", "Training", "Raster", "Plotting", "Pipeline", "Benchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Fixtures and the golden-image comparison shared by the test targets.
        .target(name: "TestSupport", dependencies: ["Raster"], path: "Tests/TestSupport"),
        .testTarget(name: "AtomicWriteTests", dependencies: ["AtomicWrite"]),
        .testTarget(name: "LinalgTests", dependencies: ["Linalg"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training"]),
        .testTarget(name: "RasterTests", dependencies: ["Raster", "Benchmarks", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "Benchmarks", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "TestSupport"]),
        // Runs the built binary: exit codes, output, files.
        .testTarget(name: "EndToEndTests", dependencies: ["spectral-report", "Benchmarks", "Raster", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
                    exclude: ["Fingerprints"]),
    ]
)
