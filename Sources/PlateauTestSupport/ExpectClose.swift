import RealModule
import Testing

/// Records an issue at the caller's line unless `actual` is within the tolerances of `expected`.
///
/// Passes when `|actual − expected| ≤ max(absolute, relative·max(|actual|, |expected|))`.
/// The message gives the relative error so a failure says how far off it was.
public func expectClose(
    _ actual: Double, _ expected: Double, relative: Double = 1e-9, absolute: Double = 0,
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    if actual.isApproximatelyEqual(to: expected, absoluteTolerance: absolute, relativeTolerance: relative) { return }
    let relError = (actual - expected).magnitude / max(expected.magnitude, .leastNormalMagnitude)
    var message =
        "\(actual) is not close to \(expected) (relative error \(relError); allowed relative \(relative), absolute \(absolute))"
    if let comment { message += ": \(comment.rawValue)" }
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
}

/// The central-difference estimate of ∂f/∂xᵢ with step `h·max(1, |xᵢ|)`.
public func centralDifference(_ f: ([Double]) -> Double, at x: [Double], index i: Int, h: Double = 1e-6) -> Double {
    let step = h * max(1, x[i].magnitude)
    var plus = x, minus = x
    plus[i] += step
    minus[i] -= step
    return (f(plus) - f(minus)) / (2 * step)
}
