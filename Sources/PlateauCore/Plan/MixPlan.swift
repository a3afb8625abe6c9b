import Foundation
import PlateauOptim
import RealModule

/// What AI-written text in a training mix is worth to a model of N parameters trained on a fixed
/// corpus of D_H human tokens, by a law of N, D and A (Russell et al. 2026's, ``RussellMixLaw``):
/// the loss with and without it, the value of an AI token in human tokens, the loss-minimising
/// AI share, and the compute multiplier of not filtering it out.
///
/// The definitions are Russell et al.'s (`src/wildai/laws/ceg.py` of pangramlabs/WildAI@795a718),
/// and so are their search grids, which decide which minimum or crossing is reported:
/// - value of the AI tokens added at ratio r: [L(H, 0) − L(H, rH)] / [L(H, 0) − L((1+r)H, 0)],
///   the loss change they cause over the change the same number of fresh human tokens would;
/// - optimal ratio: the global minimum of L(H, rH) over r in [0, 64], located on 0 and 700
///   log-spaced ratios from 10⁻³ and refined by Brent's method between the neighbouring points;
/// - cost of not filtering at AI share s: the training tokens T of a mix with share s whose loss
///   L((1−s)T, sT) first reaches the all-human L(H, 0), over H, searched from 0.05·H to 200·H
///   (400 log-spaced points, then the crossing solved); none in that window: infinite.
///
/// Plateau's additions, not theirs: the ratio where the value turns negative (the first r past
/// the optimum where L(H, rH) rises back to L(H, 0)), the first share from which the cost is
/// infinite (a scan up from 0, then bisection), and the prices.
package struct MixPlan: Sendable {
    package var law: any CatalogLaw
    package var theta: [Double]
    /// N.
    package var parameters: Double
    /// D_H, the human corpus.
    package var humanTokens: Double

    /// The AI share of the tokens of Russell et al.'s 2026 web crawl (`WEB_2026_AI_SHARE`, their
    /// `ceg.py`), the default share.
    package static let crawl2026Share = 0.22315880974511895
    /// Their 268M models' parameter count (`results/models.csv`), the size their recommendations use.
    package static let referenceParameters = 268_436_282.0
    /// Their reference human budget, tokens per parameter.
    package static let referenceTokensPerParameter = 20.0

    /// The largest AI-to-human ratio searched for the optimum (theirs: 64).
    package static let largestRatio = 64.0
    /// The window of the cost of not filtering, in multiples of the human tokens (theirs).
    package static let costWindow = 0.05...200.0

    package init(law: any CatalogLaw, theta: [Double], parameters: Double, humanTokens: Double) {
        precondition(law.inputs.contains(.A), "a mix plan needs a law of AI tokens")
        self.law = law
        self.theta = theta
        self.parameters = parameters
        self.humanTokens = humanTokens
    }

    /// The predicted loss of N trained on `human` human and `ai` AI tokens.
    package func loss(human: Double, ai: Double) -> Double {
        var p = LawPoint(N: parameters, D: human + ai)
        p.A = ai
        p.C = 6 * parameters * (human + ai)
        return law.value(at: p, theta)
    }

    /// The all-human loss L(H, 0).
    package var humanLoss: Double { loss(human: humanTokens, ai: 0) }

    /// The loss with AI tokens added at ratio r to the fixed human corpus, L(H, rH).
    package func loss(ratio r: Double) -> Double { loss(human: humanTokens, ai: r * humanTokens) }

    /// The average value of the AI tokens added at ratio r, in human tokens.
    package func tokenValue(ratio r: Double) -> Double {
        let base = humanLoss
        return (base - loss(ratio: r)) / (base - loss(human: (1 + r) * humanTokens, ai: 0))
    }

    /// The AI-to-human ratio in [0, 64] that minimises L(H, rH) (their grid and refinement).
    package var optimalRatio: Double {
        let grid = [0.0] + (0..<700).map { i in 1e-3 * Double.pow(Self.largestRatio / 1e-3, Double(i) / 699) }
        let losses = grid.map { loss(ratio: $0) }
        let k = losses.indices.min { losses[$0] < losses[$1] } ?? 0
        let hi = grid[min(k + 1, grid.count - 1)]
        let refined: Double, value: Double
        if k <= 1 {
            let result = Brent.minimize(on: 0, hi, tolerance: 1e-12) { loss(ratio: $0) }
            (refined, value) = (result.x, result.value)
        } else {
            let result = Brent.minimize(on: Double.log(grid[k - 1]), Double.log(hi), tolerance: 1e-12) {
                loss(ratio: Double.exp($0))
            }
            (refined, value) = (Double.exp(result.x), result.value)
        }
        return value <= losses[k] ? refined : grid[k]
    }

    /// The largest relative cut of the loss that adding AI text to the corpus buys (0 if none).
    package func largestLossReduction(at ratio: Double) -> Double { max(0, 1 - loss(ratio: ratio) / humanLoss) }

    /// The first ratio past `start` (the optimum) where L(H, rH) rises back above L(H, 0), so each
    /// AI token is worth less than nothing on average, searched to `upTo`; nil when it stays below.
    package func valueTurnsNegative(after start: Double, upTo limit: Double = 1e4) -> Double? {
        let base = humanLoss
        let from = max(start, 1e-6)
        guard from < limit else { return nil }
        let steps = 400
        var previous = from
        for i in 1...steps {
            let r = from * Double.pow(limit / from, Double(i) / Double(steps))
            if loss(ratio: r) > base {
                return Self.bisect(previous, r) { loss(ratio: $0) > base }
            }
            previous = r
        }
        return nil
    }

    /// The compute multiplier of not filtering a mix with AI share `share`: the tokens a mix
    /// needs to reach the all-human loss, over the human tokens; +∞ when it does not within the
    /// window.
    package func costOfNotFiltering(share: Double) -> Double {
        let target = humanLoss
        let lo = Self.costWindow.lowerBound * humanTokens, hi = Self.costWindow.upperBound * humanTokens
        let mix: (Double) -> Double = { tokens in loss(human: (1 - share) * tokens, ai: share * tokens) }
        var previous = lo
        for i in 0..<400 {
            let tokens = lo * Double.pow(hi / lo, Double(i) / 399)
            if mix(tokens) <= target {
                if i == 0 { return tokens / humanTokens }
                return Self.bisect(Double.log(previous), Double.log(tokens), logScale: true) { mix(Double.exp($0)) <= target }
                    / humanTokens
            }
            previous = tokens
        }
        return .infinity
    }

    /// The first AI share, scanning up from 0 in steps of 0.005 to 0.99 (their largest ratio was
    /// 70, a share of 0.986), whose mix never reaches the all-human loss within the window, refined
    /// by bisection; nil when every share there reaches it. Plateau's scan, not theirs: the law
    /// need not be monotone in the share far outside its data (at 268M and 20 human tokens per
    /// parameter on C4 a 99 % share "reaches" the human loss on 0.6× the tokens, where the human
    /// part is a hundredth of any fitted corpus), so the first crossing is the answer, not a bisection
    /// on the whole range.
    package var infiniteFromShare: Double? {
        var previous = 0.0
        for i in 1...198 {
            let share = Double(i) * 0.005
            if !costOfNotFiltering(share: share).isFinite {
                return Self.bisect(previous, share) { !costOfNotFiltering(share: $0).isFinite }
            }
            previous = share
        }
        return nil
    }

    /// The point where `crossed` turns true between `a` (false) and `b` (true), by bisection to
    /// the last bit; with `logScale` the arguments are logarithms and exp of the point is returned.
    static func bisect(_ a: Double, _ b: Double, logScale: Bool = false, _ crossed: (Double) -> Bool) -> Double {
        var lo = a, hi = b
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            guard mid > lo && mid < hi else { break }
            if crossed(mid) { hi = mid } else { lo = mid }
        }
        return logScale ? Double.exp(hi) : hi
    }
}

extension MixPlan {
    /// Every answer at one AI share, and the curves against the share.
    package struct Answer: Sendable, Encodable {
        package var parameters: Double
        package var humanTokens: Double
        package var aiShare: Double
        package var aiRatio: Double
        package var aiTokens: Double
        package var humanLoss: Double
        package var mixLoss: Double
        /// The average value of the AI tokens at this ratio, in human tokens (nil with none).
        package var tokenValue: Double?
        /// The ratio (and share) past which the value is negative; nil when it stays positive to r = 10⁴.
        package var negativeRatio: Double?
        package var negativeShare: Double? { negativeRatio.map { $0 / (1 + $0) } }
        package var optimalRatio: Double
        package var optimalShare: Double { optimalRatio / (1 + optimalRatio) }
        package var optimalLoss: Double
        package var largestLossReduction: Double
        /// The compute multiplier of not filtering; nil when the mix never reaches the human loss.
        package var costMultiplier: Double?
        /// The first share (scanning up) whose multiplier is infinite; nil when none to 0.99 is.
        package var infiniteFromShare: Double?
        /// The mix's compute (6·N·D, D = human + AI tokens) over the largest fitted run's, when known.
        package var extrapolation: Double?
        package var curve: [CurvePoint]

        enum CodingKeys: String, CodingKey {
            case parameters
            case humanTokens = "human_tokens"
            case aiShare = "ai_share"
            case aiRatio = "ai_ratio"
            case aiTokens = "ai_tokens"
            case humanLoss = "loss_human_only"
            case mixLoss = "loss_with_ai"
            case tokenValue = "ai_token_value"
            case negativeRatio = "value_negative_past_ratio"
            case negativeShare = "value_negative_past_share"
            case optimalRatio = "optimal_ratio"
            case optimalShare = "optimal_share"
            case optimalLoss = "optimal_loss"
            case largestLossReduction = "largest_loss_reduction"
            case costMultiplier = "cost_of_not_filtering"
            case infiniteFromShare = "cost_infinite_from_share"
            case extrapolation = "extrapolation"
            case curve
        }

        package func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(parameters, forKey: .parameters)
            try c.encode(humanTokens, forKey: .humanTokens)
            try c.encode(aiShare, forKey: .aiShare)
            try c.encode(aiRatio, forKey: .aiRatio)
            try c.encode(aiTokens, forKey: .aiTokens)
            try c.encode(humanLoss, forKey: .humanLoss)
            try c.encode(mixLoss, forKey: .mixLoss)
            try c.encode(tokenValue, forKey: .tokenValue)
            try c.encode(negativeRatio, forKey: .negativeRatio)
            try c.encode(negativeShare, forKey: .negativeShare)
            try c.encode(optimalRatio, forKey: .optimalRatio)
            try c.encode(optimalShare, forKey: .optimalShare)
            try c.encode(optimalLoss, forKey: .optimalLoss)
            try c.encode(largestLossReduction, forKey: .largestLossReduction)
            try c.encode(costMultiplier, forKey: .costMultiplier)
            try c.encode(infiniteFromShare, forKey: .infiniteFromShare)
            try c.encode(extrapolation, forKey: .extrapolation)
            try c.encode(curve, forKey: .curve)
        }
    }

    /// One AI share of the curves: the loss with that share added to the human corpus, the value
    /// of its AI tokens, and the multiplier of not filtering it (nil: infinite).
    package struct CurvePoint: Sendable, Encodable {
        package var share: Double
        package var loss: Double
        package var tokenValue: Double?
        package var costMultiplier: Double?
        enum CodingKeys: String, CodingKey {
            case share, loss
            case tokenValue = "ai_token_value"
            case costMultiplier = "cost_of_not_filtering"
        }
    }

    /// The answers at AI share `share` (of all training tokens: the AI ratio is s/(1−s)), with the
    /// curves on shares 0, 0.01, …, 0.6 (their grid) and `share` itself.
    package func answer(share: Double, largestFitted: Double?) -> Answer {
        let ratio = share / (1 - share)
        let optimum = optimalRatio
        let cost = costOfNotFiltering(share: share)
        let shares = Set((0...60).map { Double($0) / 100 } + [share]).sorted()
        let curve = shares.map { s in
            let r = s / (1 - s)
            let multiplier = costOfNotFiltering(share: s)
            return CurvePoint(
                share: s, loss: loss(ratio: r), tokenValue: s > 0 ? tokenValue(ratio: r) : nil,
                costMultiplier: multiplier.isFinite ? multiplier : nil)
        }
        let compute = 6 * parameters * humanTokens * (1 + ratio)
        return Answer(
            parameters: parameters, humanTokens: humanTokens, aiShare: share, aiRatio: ratio,
            aiTokens: ratio * humanTokens, humanLoss: humanLoss, mixLoss: loss(ratio: ratio),
            tokenValue: share > 0 ? tokenValue(ratio: ratio) : nil,
            negativeRatio: valueTurnsNegative(after: optimum), optimalRatio: optimum, optimalLoss: loss(ratio: optimum),
            largestLossReduction: largestLossReduction(at: optimum), costMultiplier: cost.isFinite ? cost : nil,
            infiniteFromShare: infiniteFromShare, extrapolation: largestFitted.map { compute / $0 },
            curve: curve)
    }
}
