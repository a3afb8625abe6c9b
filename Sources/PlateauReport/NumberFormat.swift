import Foundation

/// Fixed, machine-independent number formatting for tables and reports.
package enum NumberFormat {
    /// `value` with `digits` significant digits, in plain or scientific notation as `%g` chooses.
    /// A value that is not finite is printed `undefined`, never `nan` or `inf`: whatever computed
    /// it has no finite answer, and the command says why in a warning.
    package static func significant(_ value: Double, _ digits: Int = 6) -> String {
        guard value.isFinite else { return "undefined" }
        return String(format: "%.\(digits)g", value)
    }

    /// `value` in scientific notation with `digits` digits after the point, e.g. `1.01827e-03`.
    package static func scientific(_ value: Double, _ digits: Int = 3) -> String {
        guard value.isFinite else { return significant(value) }
        return String(format: "%.\(digits)e", value)
    }

    /// `value` with `digits` digits after the point.
    package static func fixed(_ value: Double, _ digits: Int = 2) -> String {
        guard value.isFinite else { return significant(value) }
        return String(format: "%.\(digits)f", value)
    }

    /// A count of parameters or tokens with an SI suffix: `70M`, `1.4B`, `2T`, to 3 significant
    /// digits. The value is rounded before its unit is chosen, so 999,999.99 dollars is `1M`, not
    /// `1e+03k`; from 10¹⁸ on, scientific notation (`1.23e+18`).
    package static func si(_ value: Double) -> String {
        guard value.isFinite else { return "undefined" }
        let rounded = Double(significant(value, 3)) ?? value
        guard rounded.magnitude < 1e18 else { return scientific(value, 2) }
        let units: [(Double, String)] = [(1e15, "P"), (1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
        for (scale, suffix) in units where rounded.magnitude >= scale {
            return significant(rounded / scale, 3) + suffix
        }
        return significant(rounded, 3)
    }
}
