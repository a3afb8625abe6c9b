import Foundation
import RealModule

/// Hoffmann et al. 2022's Approach 2: IsoFLOP profiles.
///
/// Runs are grouped by training compute (by the table's group column, or into bins of
/// `binWidth` decades of C). In each group with at least three distinct model sizes the loss is
/// fitted as a parabola in log N by least squares, and its vertex is that compute's optimal N
/// (kept only when the parabola opens upwards and the vertex lies inside the group's sizes).
/// Then `log N_opt = log k + a·log C` and `log D_opt = log k' + b·log C` are fitted by ordinary
/// least squares across groups, with 95 % Student-t intervals on a and b.
public struct IsoFLOPAnalysis: Sendable {
    /// One compute group.
    public struct Profile: Sendable, Equatable, Codable {
        /// Geometric mean compute of the group's runs.
        public var flops: Double
        public var runs: Int
        /// The parabola's vertex: the group's optimal N and D = C/(6N); nil when rejected.
        public var parameters: Double?
        public var tokens: Double?
        /// The loss at the vertex.
        public var loss: Double?
        /// Why the group was not used, when it was not.
        public var rejected: String?
        /// The group's runs (indices into the table), for drawing.
        public var members: [Int] = []
        /// The fitted loss = c₀ + c₁·log N + c₂·(log N)², when one was fitted.
        public var parabola: [Double]?

        enum CodingKeys: String, CodingKey { case flops, runs, parameters, tokens, loss, rejected }

        init(flops: Double, runs: Int) {
            self.flops = flops
            self.runs = runs
        }
    }

    /// A fitted exponent with its 95 % interval.
    public struct Exponent: Sendable, Equatable, Codable {
        public var value: Double
        public var lower: Double
        public var upper: Double
        public var standardError: Double
    }

    public var profiles: [Profile]
    /// N_opt ∝ C^a.
    public var a: Exponent?
    /// D_opt ∝ C^b.
    public var b: Exponent?
    /// The groups the exponents rest on.
    public var usedProfiles: Int { profiles.filter { $0.parameters != nil }.count }

    /// - Parameters:
    ///   - runs: The runs.
    ///   - binWidth: Decades of C per group when the table has no group column.
    /// - Complexity: O(runs).
    public init(runs: RunTable, binWidth: Double = 0.1) {
        var groups: [String: [Int]] = [:]
        for i in 0..<runs.count {
            let key = runs.groups?[i] ?? String(Int((Double.log10(runs.flops[i]) / binWidth).rounded()))
            groups[key, default: []].append(i)
        }
        var profiles: [Profile] = []
        for members in groups.values {
            let c = Double.exp(members.map { Double.log(runs.flops[$0]) }.reduce(0, +) / Double(members.count))
            var profile = Profile(flops: c, runs: members.count)
            profile.members = members.sorted()
            let x = members.map { Double.log(runs.parameters[$0]) }
            let y = members.map { runs.losses[$0] }
            if Set(x.map { ($0 * 1e6).rounded() }).count < 3 {
                profile.rejected = "fewer than 3 model sizes"
            } else if let (c0, c1, c2) = Self.parabola(x, y), c2 > 0 {
                profile.parabola = [c0, c1, c2]
                let vertex = -c1 / (2 * c2)
                if let lo = x.min(), let hi = x.max(), vertex >= lo && vertex <= hi {
                    let n = Double.exp(vertex)
                    profile.parameters = n
                    profile.tokens = c / (6 * n)
                    profile.loss = c0 + c1 * vertex + c2 * vertex * vertex
                } else {
                    profile.rejected = "minimum outside the group's model sizes"
                }
            } else {
                profile.rejected = "loss is not convex in log N"
            }
            profiles.append(profile)
        }
        self.profiles = profiles.sorted { $0.flops < $1.flops }
        let used = self.profiles.filter { $0.parameters != nil }
        let logC = used.map { Double.log($0.flops) }
        a = used.count >= 3 ? Self.slope(logC, used.map { Double.log($0.parameters ?? 1) }) : nil
        b = used.count >= 3 ? Self.slope(logC, used.map { Double.log($0.tokens ?? 1) }) : nil
    }

    /// Least-squares y = c0 + c1·x + c2·x², solved on centred x by the normal equations.
    static func parabola(_ x: [Double], _ y: [Double]) -> (Double, Double, Double)? {
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let u = x.map { $0 - mean }
        var s = [Double](repeating: 0, count: 5), t = [Double](repeating: 0, count: 3)
        for (ui, yi) in zip(u, y) {
            var p = 1.0
            for k in 0..<5 {
                s[k] += p
                if k < 3 { t[k] += p * yi }
                p *= ui
            }
        }
        // Solve [[s0 s1 s2][s1 s2 s3][s2 s3 s4]]·c = t by Cramer's rule (3×3, well conditioned once centred).
        func det(_ m: [[Double]]) -> Double {
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        }
        let m = [[s[0], s[1], s[2]], [s[1], s[2], s[3]], [s[2], s[3], s[4]]]
        let d = det(m)
        guard d.magnitude > 1e-300 else { return nil }
        var c = [0.0, 0.0, 0.0]
        for k in 0..<3 {
            var mk = m
            for r in 0..<3 { mk[r][k] = t[r] }
            c[k] = det(mk) / d
        }
        // Back from centred u = x − mean.
        let c0 = c[0] - c[1] * mean + c[2] * mean * mean
        let c1 = c[1] - 2 * c[2] * mean
        return (c0, c1, c[2])
    }

    /// OLS slope with its standard error and 95 % t interval.
    static func slope(_ x: [Double], _ y: [Double]) -> Exponent {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for (xi, yi) in zip(x, y) {
            sxx += (xi - mx) * (xi - mx)
            sxy += (xi - mx) * (yi - my)
        }
        let slope = sxy / sxx
        var rss = 0.0
        for (xi, yi) in zip(x, y) {
            let r = yi - my - slope * (xi - mx)
            rss += r * r
        }
        let se = (rss / (n - 2) / sxx).squareRoot()
        let t = studentT975(degreesOfFreedom: x.count - 2)
        return Exponent(value: slope, lower: slope - t * se, upper: slope + t * se, standardError: se)
    }

    /// The 97.5 % quantile of Student's t (two-sided 95 %), from the standard table for 1–30
    /// degrees of freedom, the normal quantile above.
    static func studentT975(degreesOfFreedom df: Int) -> Double {
        let table: [Double] = [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
            2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
        ]
        return df >= 1 && df <= 30 ? table[df - 1] : 1.959964
    }
}
