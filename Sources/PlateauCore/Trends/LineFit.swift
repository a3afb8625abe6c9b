import Foundation

/// Ordinary least squares of y on x, `y = intercept + slope·x`, with what its intervals need.
package struct LineFit: Sendable {
    package var intercept: Double
    package var slope: Double
    /// Σ residual².
    package var sse: Double
    package var count: Int
    package var meanX: Double
    /// Σ (x − x̄)².
    package var sxx: Double

    /// nil with fewer than two points or when x does not vary.
    package init?(_ x: [Double], _ y: [Double]) {
        guard x.count == y.count, x.count >= 2 else { return nil }
        let n = Double(x.count), mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for (xi, yi) in zip(x, y) {
            sxx += (xi - mx) * (xi - mx)
            sxy += (xi - mx) * (yi - my)
        }
        guard sxx > 0 else { return nil }
        let b = sxy / sxx, a = my - b * mx
        slope = b
        intercept = a
        sse = zip(x, y).reduce(0) { s, p in s + (p.1 - a - b * p.0) * (p.1 - a - b * p.0) }
        count = x.count
        meanX = mx
        self.sxx = sxx
    }

    /// The residual variance SSE/(n − 2) (0 with two points).
    package var residualVariance: Double { count > 2 ? sse / Double(count - 2) : 0 }

    /// The slope's standard error.
    package var slopeStandardError: Double { (residualVariance / sxx).squareRoot() }

    /// The standard error of the fitted line at x.
    package func standardError(at x: Double) -> Double {
        (residualVariance * (1 / Double(count) + (x - meanX) * (x - meanX) / sxx)).squareRoot()
    }
}

extension DataTable {
    /// The first column whose name (trimmed, case-insensitive) is one of `names`, or a located
    /// error naming `what` and listing the columns.
    func column(oneOf names: [String], what: String) throws -> Int {
        guard
            let i = columns.firstIndex(where: { names.contains($0.lowercased().trimmingCharacters(in: .whitespaces)) })
        else {
            throw InputError(
                file: source, line: headerPositions.first?.line ?? 1, column: 1,
                problem: "no \(what) column (looked for \(names.prefix(3).map { "'\($0)'" }.joined(separator: ", ")))",
                remedy: "rename the column; the columns are: \(columns.joined(separator: ", "))")
        }
        return i
    }
}
