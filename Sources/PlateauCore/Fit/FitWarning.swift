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
