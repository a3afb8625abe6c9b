import Foundation

/// Parsing numbers as ML people write them: `70M`, `1.4B`, `2T`, `6e23`, `1,000`.
package enum Quantity {
    /// SI-style suffixes and their multipliers (k/K thousand, M million, B/G billion, T trillion,
    /// P quadrillion, E quintillion), and the lower-case `m`, `b`, `t` of model names (`125m`,
    /// `1.3b`, `2t`): in a count of parameters or tokens `m` is a million, never a thousandth.
    static let suffixes: [Character: Double] = [
        "k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
        "m": 1e6, "b": 1e9, "t": 1e12,
    ]

    /// The value of `text`, or nil when it is not a number.
    ///
    /// Accepts an optional sign, digits with an optional fraction and exponent (`6e23`, `1.4`),
    /// an optional SI suffix, surrounding spaces, and thousands separators (`,` or `_`) only where
    /// they are unambiguous — groups of exactly three digits after the first (`1,000`, `1_000_000`;
    /// not `3,9`, which is a decimal comma in much of the world). `nan` and `inf` parse, so the
    /// caller can reject them with a precise message. Anything else is refused, never read in
    /// part: hexadecimal (`0x1p3`), embedded quotes, control bytes such as NUL.
    package static func parse(_ text: String) -> Double? {
        var s = text.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty, s.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value != 0x7F }) else {
            return nil
        }
        let lowered = s.lowercased()
        let sign: Double = lowered.hasPrefix("-") ? -1 : 1
        let unsigned = lowered.hasPrefix("-") || lowered.hasPrefix("+") ? String(lowered.dropFirst()) : lowered
        if unsigned == "nan" { return .nan }
        if unsigned == "inf" || unsigned == "infinity" { return sign * .infinity }
        var multiplier = 1.0
        if let last = s.last, let m = suffixes[last], s.count > 1 {
            // "1e5" ends in a digit, so a trailing E here is the suffix (exa), not an exponent.
            multiplier = m
            s.removeLast()
            s = s.trimmingCharacters(in: .whitespaces)
        }
        guard let plain = decimal(s) else { return nil }
        guard let value = Double(plain) else { return nil }
        return value * multiplier
    }

    /// `text` as a plain decimal for `Double(_:)` — separators removed where they are
    /// unambiguous — or nil when it is not one: `[+-]digits[.digits][e[+-]digits]`.
    static func decimal(_ text: String) -> String? {
        let chars = Array(text)
        var out = ""
        var i = 0
        if i < chars.count, chars[i] == "+" || chars[i] == "-" {
            out.append(chars[i])
            i += 1
        }
        // The integer part, with separators checked as groups of three.
        var integer = ""
        var groups: [Int] = [0]
        var separator: Character?
        while i < chars.count, chars[i].isASCII, chars[i].isNumber || chars[i] == "," || chars[i] == "_" {
            if chars[i] == "," || chars[i] == "_" {
                guard separator == nil || separator == chars[i] else { return nil }
                separator = chars[i]
                groups.append(0)
            } else {
                integer.append(chars[i])
                groups[groups.count - 1] += 1
            }
            i += 1
        }
        if separator != nil {
            guard let first = groups.first, (1...3).contains(first), groups.dropFirst().allSatisfy({ $0 == 3 }) else {
                return nil
            }
        }
        out += integer
        var fraction = ""
        if i < chars.count, chars[i] == "." {
            i += 1
            while i < chars.count, chars[i].isASCII, chars[i].isNumber {
                fraction.append(chars[i])
                i += 1
            }
            out += "." + fraction
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return nil }
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            out.append("e")
            i += 1
            if i < chars.count, chars[i] == "+" || chars[i] == "-" {
                out.append(chars[i])
                i += 1
            }
            var digits = 0
            while i < chars.count, chars[i].isASCII, chars[i].isNumber {
                out.append(chars[i])
                i += 1
                digits += 1
            }
            guard digits > 0 else { return nil }
        }
        return i == chars.count ? out : nil
    }
}

extension Int {
    /// The count with a comma between thousands, as a person writes it: `9,261`, `-1,536`, `240`.
    package var grouped: String {
        let digits = Array(String(magnitude))
        var out = self < 0 ? "-" : ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }
}
