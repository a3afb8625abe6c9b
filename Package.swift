// swift-tools-version: 6.1
import PackageDescription

// MARK: - Dependencies

let dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-numerics.git", from: "1.0.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
    // HTML with escaping for the self-contained report.
    .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
]

// MARK: - Targets

let targets: [Target] = [
    // Optimisation kernels: L-BFGS, Moré–Thuente line search, Huber, log-sum-exp, multi-start,
    // seeded randomness. Depends on nothing else in Plateau.
    .target(
        name: "PlateauOptim",
        dependencies: [.product(name: "RealModule", package: "swift-numerics")]
    ),
    // Laws, fits, run tables and the bundled datasets.
    .target(
        name: "PlateauCore",
        dependencies: ["PlateauOptim", .product(name: "RealModule", package: "swift-numerics")],
        resources: [.copy("Resources/datasets"), .copy("Resources/fits"), .copy("Resources/hardware.json")]
    ),
    // Output: text tables, JSON documents, SVG charts and the HTML report. Strings only.
    .target(name: "PlateauReport", dependencies: ["PlateauCore", .product(name: "Plot", package: "Plot")]),
    // The thin command-line tool.
    .executableTarget(
        name: "plateau",
        dependencies: [
            "PlateauCore", "PlateauReport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]
    ),
    // Test helpers (non-product).
    .target(
        name: "PlateauTestSupport",
        dependencies: [.product(name: "RealModule", package: "swift-numerics")]
    ),
    .testTarget(
        name: "PlateauOptimTests",
        dependencies: [
            "PlateauOptim", "PlateauTestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]
    ),
    .testTarget(
        name: "PlateauCoreTests",
        dependencies: [
            "PlateauCore", "PlateauTestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]
    ),
    .testTarget(
        name: "PlateauReportTests",
        dependencies: ["PlateauReport", "PlateauCore", "PlateauTestSupport"],
        exclude: ["Golden"]
    ),
    .testTarget(
        name: "PlateauCLITests",
        // Depends on the executable so that `swift test` builds it; the tests run the binary.
        dependencies: ["plateau", "PlateauCore", "PlateauTestSupport"]
    ),
    // Side-by-side speed comparison with the scipy reference; run `swift run -c release plateau-bench`.
    .executableTarget(
        name: "plateau-bench",
        dependencies: ["PlateauCore", "PlateauOptim", "PlateauReport"],
        path: "Benchmarks/plateau-bench"
    ),
]

let package = Package(
    name: "Plateau",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PlateauCore", targets: ["PlateauCore"]),
        .library(name: "PlateauOptim", targets: ["PlateauOptim"]),
        .library(name: "PlateauReport", targets: ["PlateauReport"]),
        .executable(name: "plateau", targets: ["plateau"]),
    ],
    dependencies: dependencies,
    targets: targets,
    swiftLanguageModes: [.v6]
)
