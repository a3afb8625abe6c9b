import Foundation
import PlateauCore

/// One law fitted separately to each value of a column (`plateau fit --by COLUMN`).
package struct CatalogByReport: Sendable {
    package var column: String
    package var law: any CatalogLaw
    package var fits: [(value: String, report: CatalogFitReport?, failure: String?)]

    package init(
        column: String, law: any CatalogLaw, fits: [(value: String, report: CatalogFitReport?, failure: String?)]
    ) {
        self.column = column
        self.law = law
        self.fits = fits
    }

    package func text() -> String {
        var out = "\(law.name): \(law.formula), fitted separately for each value of '\(column)'\n"
        out += "source: \(law.source)\n\n"
        let names = fits.compactMap { $0.report?.fit.parameters.map(\.name) }.first ?? []
        var t = TextTable(
            header: [column, "rows"] + names + ["objective", "warnings"],
            rightAligned: [false, true] + names.map { _ in true } + [true, false])
        for f in fits {
            guard let report = f.report else {
                t.rows.append([f.value, ""] + names.map { _ in "" } + ["failed", f.failure ?? ""])
                continue
            }
            let fit = report.fit
            let codes = Array(Set(report.warnings.map(\.code))).sorted()
            t.rows.append(
                [f.value, "\(fit.runs)"] + fit.parameters.map { NumberFormat.significant($0.value, 4) } + [
                    NumberFormat.scientific(fit.objective, 3), codes.isEmpty ? "none" : codes.joined(separator: ", "),
                ])
        }
        out += t.render() + "\n"
        let warned = fits.filter { !($0.report?.warnings.isEmpty ?? true) }
        if !warned.isEmpty {
            out += "\nwarnings:\n"
            for f in warned {
                for w in f.report?.warnings ?? [] { out += "  - \(column) = \(f.value): [\(w.code)] \(w.message)\n" }
            }
        }
        return out
    }

    /// The `plateau.fit-by/1` document: a `plateau.fit/2` document per value.
    package func json() throws -> String {
        struct Entry: Encodable {
            var value: String
            var fit: CatalogFitDocument?
            var failure: String?
        }
        struct Document: Encodable {
            var schema = "plateau.fit-by/1"
            var column: String
            var law: String
            var fits: [Entry]
        }
        return try encodeDocument(
            Document(
                column: column, law: law.name,
                fits: fits.map { Entry(value: $0.value, fit: $0.report?.document, failure: $0.failure) }))
    }
}
