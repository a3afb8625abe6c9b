/// Something about a fit that a user should know before trusting it.
public struct FitWarning: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A stable identifier, e.g. `few-in-best-basin`.
    public var code: String
    /// One sentence: what and what to do.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension FitWarning {
    /// `flat-optimum` when a parameter's bootstrap interval is wider than its estimate: the data
    /// barely constrain it. One rule for the Chinchilla report and every catalog law.
    package static func flatOptimum(_ name: String, estimate: Double, interval: Interval, level: Double = 0.95)
        -> FitWarning?
    {
        guard interval.width > estimate.magnitude else { return nil }
        return FitWarning(
            code: "flat-optimum",
            message:
                "the \(Int((level * 100).rounded())) % interval of \(name) (\(String(format: "%.4g", interval.lower)), \(String(format: "%.4g", interval.upper))) is wider than its estimate — the runs barely constrain it"
        )
    }
}
