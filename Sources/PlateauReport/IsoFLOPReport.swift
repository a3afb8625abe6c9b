import Foundation
import PlateauCore

/// How an IsoFLOP analysis is shown, beside the parametric fit's exponents.
package struct IsoFLOPReport: Sendable {
    package var analysis: IsoFLOPAnalysis
    package var parametric: ChinchillaLaw?
    package var source: String
    /// True when the groups came from the table's group column.
    package var groupedByColumn: Bool

    package init(analysis: IsoFLOPAnalysis, parametric: ChinchillaLaw?, source: String, groupedByColumn: Bool) {
        self.analysis = analysis
        self.parametric = parametric
        self.source = source
        self.groupedByColumn = groupedByColumn
    }

    var groupingDescription: String {
        groupedByColumn
            ? "the table's group column"
            : "budgets found in log10 C (mean shift, bandwidth \(NumberFormat.significant(analysis.options.bandwidth, 3)) decades: runs that climb to the same density mode)"
    }

    /// Which groups the exponents use.
    var budgetsDescription: String {
        guard let ladder = analysis.options.ladder else { return "every group (--budgets all)" }
        let named =
            ladder == IsoFLOPAnalysis.hoffmannLadder
            ? "Hoffmann et al. 2022's nine designed budgets, 6e18 … 3e21 FLOPs" : "the \(ladder.count) designed budgets given"
        return
            "\(named): the group nearest each, within \(NumberFormat.significant(IsoFLOPAnalysis.ladderTolerance, 2)) decades (Plateau's tolerance); the other groups are incidental, shown and not used (--budgets all uses every group)"
    }

    package func text() -> String {
        var out = "IsoFLOP profiles (Hoffmann et al. 2022, Approach 2) of \(source)\n"
        out += "groups: \(groupingDescription)\n"
        out += "budgets: \(budgetsDescription)\n"
        out +=
            "intervals: \(analysis.completedResamples) bootstrap resamples of the groups and of the runs within each group\n\n"
        var t = TextTable(
            header: ["compute", "runs", "sizes < | > min", "N_opt", "D_opt", "loss at N_opt", "note"],
            rightAligned: [true, true, true, true, true, true, false])
        for p in analysis.profiles {
            let sides = p.sizesBelow.map { "\($0) | \(p.sizesAbove ?? 0)" } ?? "—"
            let note =
                p.incidental
                ? "incidental (not a designed budget)" + (p.rejected.map { "; \($0)" } ?? "")
                : p.rejected
                    ?? (p.isLopsided
                        ? "lopsided around its minimum" : p.tokens == nil ? "D parabola's minimum outside" : "")
            t.rows.append([
                NumberFormat.scientific(p.flops, 2), "\(p.runs)", sides, p.parameters.map(NumberFormat.si) ?? "—",
                p.tokens.map(NumberFormat.si) ?? "—", p.loss.map { NumberFormat.fixed($0, 4) } ?? "—", note,
            ])
        }
        out += t.render() + "\n\n"
        var e = TextTable(
            header: ["exponent", "IsoFLOP (Approach 2)", "95 % interval", "parametric (Approach 3)"],
            rightAligned: [false, true, true, true])
        func row(_ name: String, _ x: IsoFLOPAnalysis.Exponent?, _ parametric: Double?) -> [String] {
            [
                name, x.map { NumberFormat.fixed($0.value, 3) } ?? "—",
                x.map {
                    $0.lower.isNaN ? "none" : "(\(NumberFormat.fixed($0.lower, 3)), \(NumberFormat.fixed($0.upper, 3)))"
                } ?? "—",
                parametric.map { NumberFormat.fixed($0, 3) } ?? "—",
            ]
        }
        e.rows.append(row("a in N_opt ∝ C^a", analysis.a, parametric?.parameterExponent))
        e.rows.append(row("b in D_opt ∝ C^b (its own fit)", analysis.b, parametric?.tokenExponent))
        if let a = analysis.a, let b = analysis.b {
            e.rows.append(["a + b", NumberFormat.fixed(a.value + b.value, 3), "", parametric == nil ? "—" : "1.000"])
        }
        out += e.render() + "\n"
        if analysis.options.ladder != nil {
            let designed = analysis.profiles.filter { !$0.incidental }.count
            out +=
                "\n\(analysis.usedProfiles) of \(designed) designed groups had a usable parabola (\(analysis.options.ladder!.count) budgets; \(analysis.profiles.count - designed) incidental groups, \(analysis.incidentalWithVertex) of them with a vertex, left out)"
        } else {
            out += "\n\(analysis.usedProfiles) of \(analysis.profiles.count) groups had a usable parabola"
        }
        out += analysis.a == nil ? "; at least 3 are needed for the exponents.\n" : ".\n"
        let warnings = analysis.warnings
        out +=
            warnings.isEmpty
            ? "\nwarnings: none\n" : "\nwarnings:\n" + warnings.map { "  - [\($0.code)] \($0.message)\n" }.joined()
        return out
    }

    package func json() throws -> String {
        struct Document: Encodable {
            var schema = "plateau.isoflop/2"
            var source: String
            var grouping: String
            var budgets: String
            var ladder: [Double]?
            var resamples: Int
            var profiles: [IsoFLOPAnalysis.Profile]
            var a: IsoFLOPAnalysis.Exponent?
            var b: IsoFLOPAnalysis.Exponent?
            var warnings: [FitWarning]
            var parametricA: Double?
            var parametricB: Double?
            enum CodingKeys: String, CodingKey {
                case schema, source, grouping, budgets, ladder, resamples, profiles, a, b, warnings
                case parametricA = "parametric_a"
                case parametricB = "parametric_b"
            }
        }
        let doc = Document(
            source: source, grouping: groupingDescription, budgets: budgetsDescription, ladder: analysis.options.ladder,
            resamples: analysis.completedResamples,
            profiles: analysis.profiles, a: analysis.a, b: analysis.b, warnings: analysis.warnings,
            parametricA: parametric?.parameterExponent, parametricB: parametric?.tokenExponent)
        return try encodeDocument(doc)
    }
}
