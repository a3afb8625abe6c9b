import PlateauOptim

/// The outcome of fitting ``ChinchillaLaw`` to runs.
public struct ChinchillaFit: Sendable {
    /// The fitted law.
    public var law: ChinchillaLaw
    /// The estimator that defined "best".
    public var estimator: Estimator
    /// The estimator's objective at the fitted law (for `huber-likelihood`, the negative
    /// log-likelihood).
    public var objective: Double
    /// Runs used.
    public var runs: Int
    /// Starts tried.
    public var starts: Int
    /// Starts whose L-BFGS run met a convergence test.
    public var convergedStarts: Int
    /// Starts that ended within ``basinTolerance`` (relative) of the best objective.
    public var startsInBestBasin: Int
    /// The best start: its index, how it stopped, its cost.
    public var best: StartSummary
    /// The fitted scale σ of the log residuals (`huber-likelihood` only).
    public var scale: Double?
    /// What a user should know before trusting the fit.
    public var warnings: [FitWarning]

    /// Relative distance to the best objective within which a start counts as in the best basin.
    public static let basinTolerance = 1e-5

    /// How the best start went.
    public struct StartSummary: Sendable, Equatable {
        /// Index in the list of starts.
        public var index: Int
        /// The start point `(a, b, e, α, β)`.
        public var start: [Double]
        public var iterations: Int
        public var evaluations: Int
        public var stopReason: LBFGS.StopReason
        /// ‖∇f‖∞ at the fitted law, after polishing.
        public var gradientNorm: Double
    }
}
