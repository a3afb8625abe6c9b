import Foundation
import PlateauCore

/// How a price is shown: a table of training / serving / total costs and a JSON document.
package struct PriceReport: Sendable {
    package var accelerator: Accelerator
    package var assumptions: CostAssumptions
    package var rows: [(label: String, cost: ComputeCost)]
    /// The training row came from GPU time: its FLOPs are implied at the assumed MFU (GPT-3's
    /// 3.55M V100-hours read at MFU 0.40 give 6.39e23 FLOPs, against the published 3.14e23).
    package var trainingFlopsImplied = false

    package init(accelerator: Accelerator, assumptions: CostAssumptions, rows: [(String, ComputeCost)]) {
        self.accelerator = accelerator
        self.assumptions = assumptions
        self.rows = rows.map { (label: $0.0, cost: $0.1) }
    }

    /// Training plus serving, when both are present.
    var total: ComputeCost? {
        guard rows.count > 1 else { return nil }
        return rows.dropFirst().reduce(rows[0].cost) { $0 + $1.cost }
    }

    package func text() -> String {
        let a = accelerator
        var out = "\(a.name) (\(a.description ?? a.name)): \(NumberFormat.scientific(a.peakFlops, 3)) FLOP/s peak"
        out += a.precision.map { " \($0)" } ?? ""
        out += ", MFU \(NumberFormat.fixed(assumptions.utilization, 2))"
        out += ", \((assumptions.watts ?? a.watts).map { NumberFormat.significant($0, 4) + " W" } ?? "power unknown")"
        out += ", PUE \(NumberFormat.significant(assumptions.powerUsageEffectiveness, 3))"
        out += ", \(NumberFormat.significant(assumptions.kgCO2ePerKilowattHour, 3)) kg\(assumptions.emissionsBasis)/kWh"
        if assumptions.emissionsBasis == "CO2" { out += " (US grid 2023, CO2 only: pass --grid with a CO2e figure)" }
        out +=
            ", \((assumptions.usdPerHour ?? a.usdPerHour).map { "$" + NumberFormat.fixed($0, 2) + "/hour" } ?? "price unknown")\n"
        out += "specs: \(a.source); \(a.date)\n"
        if assumptions.usdPerHour != nil {
            out += "price: given with --price\n\n"
        } else {
            out +=
                "price: \(a.priceClass.map { $0 + ", " } ?? "")\(a.priceSource ?? "no source given"); \(a.priceDate ?? "undated")\n\n"
        }
        var table = TextTable(
            header: ["", "FLOPs", "GPU-hours", "days", "dollars", "MWh", "t" + assumptions.emissionsBasis],
            rightAligned: [false, true, true, true, true, true, true])
        let all = rows + (total.map { [("total", $0)] } ?? [])
        for (label, c) in all {
            let implied = trainingFlopsImplied && label != "serving"
            table.rows.append([
                label, NumberFormat.scientific(c.flops, 3) + (implied ? "*" : ""), NumberFormat.significant(c.gpuHours, 4),
                c.days.map { NumberFormat.significant($0, 4) } ?? "—", c.usd.map { "$" + NumberFormat.si($0) } ?? "—",
                c.kilowattHours.map { NumberFormat.significant($0 / 1000, 4) } ?? "—",
                c.kgCO2e.map { NumberFormat.significant($0 / 1000, 4) } ?? "—",
            ])
        }
        out += table.render() + "\n"
        if trainingFlopsImplied {
            out +=
                "\n* implied at MFU \(NumberFormat.fixed(assumptions.utilization, 2)) from the GPU time, not measured: the FLOPs a run did are the time × peak × its real utilisation; give --flops when they are known\n"
        }
        if rows.first?.cost.days == nil { out += "\n(days need --gpus)\n" }
        return out
    }

    /// The `plateau.price/1` document.
    package func json() throws -> String {
        struct Document: Encodable {
            var schema = "plateau.price/1"
            var accelerator: Accelerator
            var assumptions: CostAssumptions
            var training: ComputeCost?
            var serving: ComputeCost?
            var total: ComputeCost?
            /// The MFU the training FLOPs are implied at, when they came from GPU time.
            var trainingFlopsImpliedAtMFU: Double?
            enum CodingKeys: String, CodingKey {
                case schema, accelerator, assumptions, training, serving, total
                case trainingFlopsImpliedAtMFU = "training_flops_implied_at_mfu"
            }
        }
        var doc = Document(
            accelerator: accelerator, assumptions: assumptions, training: rows.first { $0.label == "training" }?.cost,
            serving: rows.first { $0.label == "serving" }?.cost, total: total)
        if trainingFlopsImplied { doc.trainingFlopsImpliedAtMFU = assumptions.utilization }
        return try encodeDocument(doc)
    }
}
