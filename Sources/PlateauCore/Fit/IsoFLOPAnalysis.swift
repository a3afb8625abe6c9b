import Foundation
import PlateauOptim
import RealModule

/// Hoffmann et al. 2022's Approach 2: IsoFLOP profiles.
///
/// Runs are grouped by training compute: by the table's group column, or else into the real
/// budgets of the ladder — each run climbs the kernel density of log₁₀ C (Gaussian, `bandwidth`
/// decades) to its mode (mean shift), and runs that reach the same mode form one group, so
/// groups part where runs thin out between budgets rather than at fixed bin edges. In each
/// group with at least three distinct model sizes the loss is fitted as a parabola in log N by
/// least squares, and its vertex is that compute's optimal N (kept only when the parabola opens
/// upwards and the vertex lies inside the group's sizes); a second parabola in log D gives the
/// optimal D on its own. Then `log N_opt = log k + a·log C` and `log D_opt = log k' + b·log C`
/// are fitted by least squares across groups; b is not 1 − a. The 95 % intervals come from a
/// two-stage bootstrap — groups resampled, and runs resampled within each group — so they carry
/// the uncertainty of each vertex as well as the scatter between groups.
///
/// Approach 2 is biased when a group's sizes sit off-centre around its minimum (Open-Athena,
/// `scaling-law-analysis`): a group with fewer than two sizes on one side of its vertex is
/// flagged as lopsided.
package struct IsoFLOPAnalysis: Sendable {
    package struct Options: Sendable {
        /// Kernel bandwidth of the grouping, decades of compute.
        package var bandwidth = 0.02
        /// Bootstrap resamples behind the intervals (0: none).
        package var resamples = 1_000
        package var seed: UInt64 = 0
        package var threads = ProcessInfo.processInfo.activeProcessorCount
        /// The designed compute budgets (FLOPs) the exponents use; nil: every group. Each budget
        /// takes the one group nearest it within ``ladderTolerance`` decades; the other groups
        /// are incidental — shown, not used.
        package var ladder: [Double]?
        package init() {}
    }

    /// How far (decades of compute) a group may sit from a designed budget — Plateau's choice;
    /// the digitised Chinchilla groups sit within 0.05 of Hoffmann et al.'s nine.
    package static let ladderTolerance = 0.1

    /// Hoffmann et al. 2022's nine IsoFLOP budgets (§3.2, Figure 3: "9 different training FLOP
    /// counts", 6·10¹⁸ … 3·10²¹).
    package static let hoffmannLadder: [Double] = [6e18, 1e19, 3e19, 6e19, 1e20, 3e20, 6e20, 1e21, 3e21]

    /// The designed ladder of a table when it is known: Hoffmann et al.'s for the bundled
    /// Chinchilla runs, none for any other table.
    package static func knownLadder(source: String) -> [Double]? {
        source == BundledDataset.chinchilla.displayName ? hoffmannLadder : nil
    }

    /// One compute group.
    package struct Profile: Sendable, Equatable, Codable {
        /// Geometric mean compute of the group's runs.
        package var flops: Double
        package var runs: Int
        /// The parabola's vertex: the group's optimal N, nil when rejected.
        package var parameters: Double?
        /// The optimal D from the group's own parabola in log D (nil when its vertex is outside).
        package var tokens: Double?
        /// The loss at the vertex.
        package var loss: Double?
        /// Why the group was not used, when it was not.
        package var rejected: String?
        /// Distinct model sizes below and above the vertex.
        package var sizesBelow: Int?
        package var sizesAbove: Int?
        /// The group's runs (indices into the table), for drawing.
        package var members: [Int] = []
        /// The fitted loss = c₀ + c₁·log N + c₂·(log N)², when one was fitted.
        package var parabola: [Double]?
        /// The designed budget this group is (nil: every group is used, or it is incidental).
        package var budget: Double?
        /// Not one of the designed budgets: shown, not used for the exponents.
        package var incidental = false

        /// Fewer than two distinct sizes on one side of the vertex.
        package var isLopsided: Bool {
            guard let below = sizesBelow, let above = sizesAbove else { return false }
            return min(below, above) < 2
        }

        enum CodingKeys: String, CodingKey {
            case flops, runs, parameters, tokens, loss, rejected, budget, incidental
            case sizesBelow = "sizes_below"
            case sizesAbove = "sizes_above"
        }

        init(flops: Double, runs: Int) {
            self.flops = flops
            self.runs = runs
        }
    }

    /// A fitted exponent with its 95 % bootstrap interval.
    package struct Exponent: Sendable, Equatable, Codable {
        package var value: Double
        package var lower: Double
        package var upper: Double
        /// The bootstrap standard deviation.
        package var standardError: Double

        enum CodingKeys: String, CodingKey {
            case value, lower, upper
            case standardError = "standard_error"
        }

        package init(value: Double, lower: Double, upper: Double, standardError: Double) {
            self.value = value
            self.lower = lower
            self.upper = upper
            self.standardError = standardError
        }

        /// Without a bootstrap (or with its interval withheld) the interval and the standard error
        /// are not known: null in JSON, never a refused document (`isoflop --bootstrap 0 --json`
        /// failed on 'a.lower').
        package func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(value, forKey: .value)
            try c.encode(lower.isFinite ? lower : nil, forKey: .lower)
            try c.encode(upper.isFinite ? upper : nil, forKey: .upper)
            try c.encode(standardError.isFinite ? standardError : nil, forKey: .standardError)
        }

        package init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            value = try c.decode(Double.self, forKey: .value)
            lower = try c.decodeIfPresent(Double.self, forKey: .lower) ?? .nan
            upper = try c.decodeIfPresent(Double.self, forKey: .upper) ?? .nan
            standardError = try c.decodeIfPresent(Double.self, forKey: .standardError) ?? .nan
        }
    }

    package var options: Options
    package var profiles: [Profile]
    /// N_opt ∝ C^a.
    package var a: Exponent?
    /// D_opt ∝ C^b, from the D parabolas.
    package var b: Exponent?
    /// Resamples whose profiles gave both exponents.
    package var completedResamples = 0
    /// Exponent intervals withheld (``Interval/shown(_:of:level:warnings:)``), and why.
    package var intervalWarnings: [FitWarning] = []
    /// The groups the exponents rest on.
    package var usedProfiles: Int { profiles.filter { $0.parameters != nil && !$0.incidental }.count }
    /// Used groups sampled lopsidedly around their minimum.
    package var lopsidedProfiles: Int {
        profiles.filter { $0.parameters != nil && !$0.incidental && $0.isLopsided }.count
    }
    /// Incidental groups with a vertex, left out of the exponents.
    package var incidentalWithVertex: Int { profiles.filter { $0.incidental && $0.parameters != nil }.count }

    /// Warnings with a stable code, as the fits report them.
    package var warnings: [FitWarning] {
        var out = intervalWarnings
        if lopsidedProfiles > 0 {
            out.append(
                FitWarning(
                    code: "isoflop-lopsided",
                    message:
                        "\(lopsidedProfiles) of \(usedProfiles) groups have fewer than two model sizes on one side of their minimum — Approach 2's vertex is biased toward the sampled side; centre the sizes on the expected optimum"
                ))
        }
        if a == nil {
            out.append(
                FitWarning(
                    code: "isoflop-too-few-groups",
                    message:
                        "fewer than 3 groups have a minimum inside their sizes — no exponent; add runs on both sides of each budget's optimum"
                ))
        }
        return out
    }

    /// - Complexity: O(runs·k) for the grouping (k runs within 5 bandwidths) and
    ///   O(resamples × runs) for the intervals.
    package init(runs: RunTable, options: Options = Options()) {
        self.options = options
        let groups: [[Int]]
        if let labels = runs.groups {
            var byLabel: [String: [Int]] = [:]
            for i in 0..<runs.count { byLabel[labels[i], default: []].append(i) }
            groups = byLabel.values.map { $0.sorted() }
        } else {
            groups = Self.budgets(logC: runs.flops.map { Double.log10($0) }, bandwidth: options.bandwidth)
        }
        profiles = groups.map { Self.profile($0, runs: runs) }.sorted { $0.flops < $1.flops }
        if let ladder = options.ladder {
            for i in profiles.indices { profiles[i].incidental = true }
            for budget in ladder {
                let distance = { (p: Profile) in (Double.log10(p.flops) - Double.log10(budget)).magnitude }
                guard let nearest = profiles.indices.filter({ distance(profiles[$0]) <= Self.ladderTolerance })
                    .min(by: { distance(profiles[$0]) < distance(profiles[$1]) })
                else { continue }
                profiles[nearest].incidental = false
                profiles[nearest].budget = budget
            }
        }
        let used = profiles.filter { !$0.incidental }
        guard let point = Self.exponents(used) else { return }
        let seed = options.seed
        let sorted = used.map(\.members)
        let draws: [(Double, Double)?] = MultiStart.parallelMap(count: options.resamples, threads: options.threads) {
            r in
            var rng = SplitMix64.stream(r, of: seed)
            let picked = Interval.resampleIndices(sorted.count, using: &rng).map { sorted[$0] }
            let resampled = picked.map { members in
                Self.profile(Interval.resampleIndices(members.count, using: &rng).map { members[$0] }, runs: runs)
            }
            return Self.exponents(resampled)
        }
        let done = draws.compactMap { $0 }
        completedResamples = done.count
        var withheld: [FitWarning] = []
        func exponent(_ name: String, _ value: Double, _ values: [Double]) -> Exponent {
            guard values.count >= 10 else {
                return Exponent(value: value, lower: .nan, upper: .nan, standardError: .nan)
            }
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
            // Never a degenerate interval (issue 24): withheld, with the warning that says why.
            guard let i = Interval.shown([(name, value, values)], of: " of the IsoFLOP exponents", warnings: &withheld)[0]
            else { return Exponent(value: value, lower: .nan, upper: .nan, standardError: sd) }
            return Exponent(value: value, lower: i.lower, upper: i.upper, standardError: sd)
        }
        a = exponent("a", point.a, done.map(\.0))
        b = exponent("b", point.b, done.map(\.1))
        intervalWarnings = withheld
    }

    /// The real budgets of a ladder: groups of runs whose log₁₀ C reach the same mode of the
    /// Gaussian kernel density (mean shift); modes closer than half a bandwidth are one group.
    static func budgets(logC: [Double], bandwidth h: Double) -> [[Int]] {
        let order = logC.indices.sorted { logC[$0] < logC[$1] }
        let x = order.map { logC[$0] }
        func mode(from start: Double) -> Double {
            var m = start
            for _ in 0..<1_000 {
                // Only points within 5 bandwidths carry weight (e^(−12.5) ≈ 4e-6).
                var lo = 0, hi = x.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if x[mid] < m - 5 * h { lo = mid + 1 } else { hi = mid }
                }
                var sw = 0.0, swx = 0.0
                var k = lo
                while k < x.count && x[k] <= m + 5 * h {
                    let u = (x[k] - m) / h
                    let w = Double.exp(-0.5 * u * u)
                    sw += w
                    swx += w * x[k]
                    k += 1
                }
                let next = sw > 0 ? swx / sw : m
                if abs(next - m) < 1e-10 { return next }
                m = next
            }
            return m
        }
        let modes = x.map(mode(from:))
        var groups: [[Int]] = []
        var last = -Double.infinity
        for (k, m) in modes.enumerated() {
            if m - last > 0.5 * h || groups.isEmpty {
                groups.append([])
                last = m
            }
            groups[groups.count - 1].append(order[k])
        }
        return groups.map { $0.sorted() }
    }

    /// A group's profile: the parabolas in log N and in log D and their vertices.
    static func profile(_ members: [Int], runs: RunTable) -> Profile {
        let c = Double.exp(members.map { Double.log(runs.flops[$0]) }.reduce(0, +) / Double(members.count))
        var profile = Profile(flops: c, runs: members.count)
        profile.members = members
        let x = members.map { Double.log(runs.parameters[$0]) }
        let y = members.map { runs.losses[$0] }
        let sizes = Set(x.map { ($0 * 1e6).rounded() })
        guard sizes.count >= 3 else {
            profile.rejected = "fewer than 3 model sizes"
            return profile
        }
        guard let (c0, c1, c2) = Self.parabola(x, y), c2 > 0 else {
            profile.rejected = "loss is not convex in log N"
            return profile
        }
        profile.parabola = [c0, c1, c2]
        let vertex = -c1 / (2 * c2)
        guard let lo = x.min(), let hi = x.max(), vertex >= lo && vertex <= hi else {
            profile.rejected = "minimum outside the group's model sizes"
            return profile
        }
        profile.parameters = Double.exp(vertex)
        profile.loss = c0 + c1 * vertex + c2 * vertex * vertex
        profile.sizesBelow = sizes.filter { $0 / 1e6 < vertex }.count
        profile.sizesAbove = sizes.filter { $0 / 1e6 > vertex }.count
        let logD = members.map { Double.log(runs.tokens[$0]) }
        if let (_, d1, d2) = Self.parabola(logD, y), d2 > 0, let dLo = logD.min(), let dHi = logD.max() {
            let dVertex = -d1 / (2 * d2)
            if dVertex >= dLo && dVertex <= dHi { profile.tokens = Double.exp(dVertex) }
        }
        return profile
    }

    /// OLS slopes of log N_opt and log D_opt on log C; nil with fewer than 3 groups for either.
    static func exponents(_ profiles: [Profile]) -> (a: Double, b: Double)? {
        let withN = profiles.filter { $0.parameters != nil }
        let withD = profiles.filter { $0.tokens != nil }
        guard withN.count >= 3, withD.count >= 3,
            let a = Trend.ols(withN.map { Double.log($0.flops) }, withN.map { Double.log($0.parameters ?? 1) })?.1,
            let b = Trend.ols(withD.map { Double.log($0.flops) }, withD.map { Double.log($0.tokens ?? 1) })?.1
        else { return nil }
        return (a, b)
    }

    /// Least-squares y = c0 + c1·x + c2·x², solved on centred x by the normal equations.
    package static func parabola(_ x: [Double], _ y: [Double]) -> (Double, Double, Double)? {
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
}
