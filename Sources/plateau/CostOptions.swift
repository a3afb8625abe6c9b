import ArgumentParser
import Foundation
import PlateauCore

/// Hardware and the assumptions that turn FLOPs into hours, dollars, energy and CO2.
struct CostOptions: ParsableArguments {
    @Option(help: "Accelerator from the catalog (see 'plateau price --list-gpus').")
    var gpu: String = "H100"

    @Option(parsing: .unconditional, help: "Number of accelerators, for wall-clock days.")
    var gpus: Int?

    @Option(parsing: .unconditional, help: "Model FLOPs utilisation, in (0, 1].")
    var mfu: Double = CostAssumptions().utilization

    @Option(parsing: .unconditional, help: "Data-centre power usage effectiveness, ≥ 1.")
    var pue: Double = CostAssumptions().powerUsageEffectiveness

    @Option(
        name: .customLong("grid"), parsing: .unconditional,
        help:
            "Grid carbon intensity, kg CO2e per kWh; 0.367 is the US grid in 2023, CO2 only, so output then says tCO2."
    )
    var gridIntensity: Double = CostAssumptions().kgCO2ePerKilowattHour

    @Option(
        name: .customLong("price"), parsing: .unconditional,
        help: "Price per accelerator-hour in US dollars (default: the catalog's example).")
    var usdPerHour: Double?

    @Option(parsing: .unconditional, help: "Accelerator power in watts (default: the catalog's).")
    var watts: Double?

    @Option(help: "A hardware catalog JSON file replacing the bundled one.")
    var catalog: String?

    @OptionGroup var threading: ThreadOptions

    func validate() throws {
        guard mfu > 0 && mfu <= 1 else {
            throw ValidationError(
                "Please give '--mfu' in (0, 1], got \(mfu); 0.3–0.5 is typical for large training runs.")
        }
        guard pue >= 1 && pue.isFinite else { throw ValidationError("Please give '--pue' of at least 1, got \(pue).") }
        guard gridIntensity >= 0 && gridIntensity.isFinite else {
            throw ValidationError("Please give '--grid' as kg CO2e per kWh, 0 or more, got \(gridIntensity).")
        }
        if let usdPerHour, !(usdPerHour > 0 && usdPerHour.isFinite) {
            throw ValidationError("Please give '--price' as a positive number of dollars per hour, got \(usdPerHour).")
        }
        if let watts, !(watts > 0 && watts.isFinite) {
            throw ValidationError("Please give '--watts' as a positive number, got \(watts).")
        }
        if let gpus, gpus < 1 { throw ValidationError("Please give '--gpus' of at least 1, got \(gpus).") }
    }

    var assumptions: CostAssumptions {
        CostAssumptions(
            utilization: mfu, powerUsageEffectiveness: pue, kgCO2ePerKilowattHour: gridIntensity,
            usdPerHour: usdPerHour,
            watts: watts)
    }

    /// The catalog in use: the user's, or the bundled one.
    func loadCatalog() throws -> HardwareCatalog {
        try reportingInputErrors { try catalog.map { try HardwareCatalog.load(path: $0) } ?? HardwareCatalog.bundled() }
    }

    /// The chosen accelerator; an unknown name is a usage error (exit 64).
    func accelerator() throws -> Accelerator {
        let catalog = try loadCatalog()
        guard let found = catalog.accelerator(named: gpu) else {
            let names = catalog.accelerators.map(\.name).joined(separator: ", ")
            throw ValidationError("Unknown '--gpu \(gpu)'; the catalog has \(names) — name one of them, or add yours with '--catalog my.json'.")
        }
        return found
    }
}
