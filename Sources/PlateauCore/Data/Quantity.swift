import Foundation

/// Parsing numbers as ML people write them: `70M`, `1.4B`, `2T`, `6e23`, `1,000`.
public enum Quantity {
    /// SI-style suffixes and their multipliers (k/K thousand, M million, B/G billion, T trillion,
    /// P quadrillion, E quintillion).
    static let suffixes: [Character: Double] = [
        "k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
    ]

    /// The value of `text`, or nil when it is not a number.
    ///
    /// Accepts plain decimals and scientific notation, an optional SI suffix, `_` or `,` as
    /// thousands separators in plain integers, surrounding spaces. `nan` and `inf` parse (so the
    /// caller can reject them with a precise message).
    public static func parse(_ text: String) -> Double? {
        var s = text.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty else { return nil }
        var multiplier = 1.0
        if let last = s.last, let m = suffixes[last], s.count > 1 {
            // "1e5" ends in a digit, so a trailing E here is the suffix (exa), not an exponent.
            multiplier = m
            s.removeLast()
            s = s.trimmingCharacters(in: .whitespaces)
        }
        if s.contains(",") || s.contains("_") {
            let digits = s.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
            guard digits.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
            s = digits
        }
        guard let value = Double(s) else { return nil }
        return value * multiplier
    }
}
