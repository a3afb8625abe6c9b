import Foundation
import Testing

/// The two test tiers (DESIGN.md, "Shape of the code").
///
/// `swift test` runs the fast tier: closed forms, planted data on small fixtures, commands on
/// small tables. Tests that fit the full bundled grid, draw whole reports or run long studies
/// belong to the reference tier, which `.ci/run` runs in release mode with
/// `PLATEAU_REFERENCE=1` (a debug build of the SIMD kernel is ~100× slower than release).
public enum Tier {
    /// Whether the reference tier runs: `PLATEAU_REFERENCE=1`.
    public static let reference = ProcessInfo.processInfo.environment["PLATEAU_REFERENCE"] == "1"
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only in the reference tier (``Tier/reference``).
    public static var referenceTier: Self {
        .enabled(if: Tier.reference, "reference tier: runs with PLATEAU_REFERENCE=1, in release mode in .ci/run")
    }
}
