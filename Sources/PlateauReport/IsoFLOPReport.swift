import Foundation
import PlateauCore

/// How an IsoFLOP analysis is shown, beside the parametric fit's exponents.
public struct IsoFLOPReport: Sendable {
    public var analysis: IsoFLOPAnalysis
    public var parametric: ChinchillaLaw?
    public var source: String
    public var binWidth: Double

    public init(analysis: IsoFLOPAnalysis, parametric: ChinchillaLaw?, source: String, binWidth: Double) {
        self.analysis = analysis
        self.parametric = parametric
        self.source = source
        self.binWidth = binWidth
    }

    public func text() -> String {
        var out = "IsoFLOP profiles (Hoffmann et al. 2022, Approach 2) of \(source)\n"
        out +=
            "groups: bins of \(NumberFormat.significant(binWidth, 3)) decades of compute (or the table's group column)\n\n"
        var t = TextTable(
            header: ["compute", "runs", "N_opt", "D_opt", "loss at N_opt", "note"],
            rightAligned: [true, true, true, true, true, false])
        for p in analysis.profiles {
            t.rows.append([
                NumberFormat.scientific(p.flops, 2), "\(p.runs)", p.parameters.map(NumberFormat.si) ?? "—",
                p.tokens.map(NumberFormat.si) ?? "—", p.loss.map { NumberFormat.fixed($0, 4) } ?? "—", p.rejected ?? "",
            ])
        }
        out += t.render() + "\n\n"
        var e = TextTable(
            header: ["exponent", "IsoFLOP (Approach 2)", "95 % interval", "parametric (Approach 3)"],
            rightAligned: [false, true, true, true])
        func row(_ name: String, _ x: IsoFLOPAnalysis.Exponent?, _ parametric: Double?) -> [String] {
            [
                name, x.map { NumberFormat.fixed($0.value, 3) } ?? "—",
                x.map { "(\(NumberFormat.fixed($0.lower, 3)), \(NumberFormat.fixed($0.upper, 3)))" } ?? "—",
                parametric.map { NumberFormat.fixed($0, 3) } ?? "—",
            ]
        }
        e.rows.append(row("a in N_opt ∝ C^a", analysis.a, parametric?.parameterExponent))
        e.rows.append(row("b in D_opt ∝ C^b", analysis.b, parametric?.tokenExponent))
        out += e.render() + "\n"
        out += "\n\(analysis.usedProfiles) of \(analysis.profiles.count) groups had a usable parabola"
        out += analysis.a == nil ? "; at least 3 are needed for the exponents.\n" : ".\n"
        return out
    }

    public func json() throws -> String {
        struct Document: Encodable {
            var schema = "plateau.isoflop/1"
            var source: String
            var binDecades: Double
            var profiles: [IsoFLOPAnalysis.Profile]
            var a: IsoFLOPAnalysis.Exponent?
            var b: IsoFLOPAnalysis.Exponent?
            var parametricA: Double?
            var parametricB: Double?
            enum CodingKeys: String, CodingKey {
                case schema, source, profiles, a, b
                case binDecades = "bin_decades"
                case parametricA = "parametric_a"
                case parametricB = "parametric_b"
            }
        }
        let doc = Document(
            source: source, binDecades: binWidth, profiles: analysis.profiles, a: analysis.a, b: analysis.b,
            parametricA: parametric?.parameterExponent, parametricB: parametric?.tokenExponent)
        return try encodeDocument(doc)
    }
}
