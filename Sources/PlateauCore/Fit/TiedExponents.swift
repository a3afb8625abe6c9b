import PlateauOptim

/// A Chinchilla objective with β tied to α: the law `E + A/N^α + B/D^α`.
///
/// Gadre et al. 2024 (and Muennighoff et al. 2023) fit this form; with `C = 6ND` and `M = D/N` it
/// is their `L(C, M) = E + (a·M^η + b·M^(−η))·C^(−η)` with η = α/2. The wrapper drops β from the
/// coordinates `(a, b, e, α, β, …)` and adds its gradient to α's (the chain rule for β = α).
struct TiedExponents<Base: DifferentiableObjective & Sendable>: DifferentiableObjective, Sendable {
    let base: Base

    var dimension: Int { base.dimension - 1 }

    /// `(a, b, e, α, …)` → `(a, b, e, α, α, …)`.
    static func expand(_ x: [Double]) -> [Double] {
        var full = x
        full.insert(x[3], at: 4)
        return full
    }

    /// `(a, b, e, α, β, …)` → `(a, b, e, α, …)`, keeping α.
    static func contract(_ x: [Double]) -> [Double] {
        var tied = x
        tied.remove(at: 4)
        return tied
    }

    func value(at x: [Double], gradient: inout [Double]) -> Double {
        var full = [Double](repeating: 0, count: base.dimension)
        let v = base.value(at: Self.expand(x), gradient: &full)
        for i in 0..<dimension { gradient[i] = full[i < 4 ? i : i + 1] }
        gradient[3] += full[4]
        return v
    }
}
