import PlateauOptim

/// Where a multi-start fit begins.
public enum StartPoints: Sendable, Equatable {
    /// The full grid of Hoffmann et al. 2022 as Besiroglu et al. 2024 run it:
    /// α, β ∈ {0, 0.5, …, 2}, e ∈ {−1, −0.5, …, 1}, a, b ∈ {0, 5, …, 25}: 4,500 starts.
    case grid
    /// `count` starts drawn uniformly from the grid's box with a seeded generator.
    case random(count: Int)
    /// These starts, as `(a, b, e, α, β)` vectors (e.g. one start from a known answer, as the
    /// reference bootstrap of Besiroglu et al. 2024 does).
    case given([[Double]])

    /// How many starts these are (the grid: 5 × 5 × 5 × 6 × 6 = 4,500).
    public var count: Int {
        switch self {
        case .grid: 4_500
        case .random(let count): count
        case .given(let starts): starts.count
        }
    }

    /// The grid's axes, in the order the reference iterates them.
    static let alphas = [0.0, 0.5, 1.0, 1.5, 2.0]
    static let es = [-1.0, -0.5, 0.0, 0.5, 1.0]
    static let logCoefficients = [0.0, 5.0, 10.0, 15.0, 20.0, 25.0]

    /// The start points as `(a, b, e, α, β)` vectors.
    ///
    /// The grid is ordered like `product(α, β, e, a, b)`; random starts use stream 0 of `seed`.
    public func chinchillaStarts(seed: UInt64) -> [[Double]] {
        switch self {
        case .grid:
            var starts: [[Double]] = []
            starts.reserveCapacity(4_500)
            for alpha in Self.alphas {
                for beta in Self.alphas {
                    for e in Self.es {
                        for a in Self.logCoefficients {
                            for b in Self.logCoefficients { starts.append([a, b, e, alpha, beta]) }
                        }
                    }
                }
            }
            return starts
        case .given(let starts):
            return starts
        case .random(let count):
            var rng = SplitMix64.stream(0, of: seed)
            return (0..<count).map { _ in
                [
                    Double.random(in: 0...25, using: &rng), Double.random(in: 0...25, using: &rng),
                    Double.random(in: -1...1, using: &rng), Double.random(in: 0...2, using: &rng),
                    Double.random(in: 0...2, using: &rng),
                ]
            }
        }
    }
}
