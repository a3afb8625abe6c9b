/// Assumptions that turn FLOPs into hours, dollars, energy and emissions.
package struct CostAssumptions: Sendable, Equatable, Codable {
    /// Model FLOPs utilisation: the fraction of peak throughput a run achieves, in (0, 1].
    package var utilization: Double
    /// Data-centre power usage effectiveness (total facility energy over IT energy), ≥ 1.
    package var powerUsageEffectiveness: Double
    /// Grid carbon intensity, kg per kWh: CO2e, except for the default ``usGrid2023CO2``, which
    /// counts CO2 only.
    package var kgCO2ePerKilowattHour: Double
    /// Overrides the catalog's price per accelerator-hour.
    package var usdPerHour: Double?
    /// Overrides the catalog's power in watts.
    package var watts: Double?

    /// The US grid in 2023: 0.81 lb of CO2 per kWh (US EIA), 0.367 kg. CO2 only — other
    /// greenhouse gases are not in it, so emissions at this intensity are labelled CO2, not CO2e.
    package static let usGrid2023CO2 = 0.367

    /// Defaults: 40 % MFU (large dense runs report 35–55 %), PUE 1.1 (large cloud data centres
    /// report 1.1–1.2), ``usGrid2023CO2``.
    package init(
        utilization: Double = 0.4, powerUsageEffectiveness: Double = 1.1,
        kgCO2ePerKilowattHour: Double = CostAssumptions.usGrid2023CO2,
        usdPerHour: Double? = nil, watts: Double? = nil
    ) {
        self.utilization = utilization
        self.powerUsageEffectiveness = powerUsageEffectiveness
        self.kgCO2ePerKilowattHour = kgCO2ePerKilowattHour
        self.usdPerHour = usdPerHour
        self.watts = watts
    }

    /// What the emissions count: `CO2` at the default US-grid figure (CO2 only), else `CO2e`.
    package var emissionsBasis: String { kgCO2ePerKilowattHour == Self.usGrid2023CO2 ? "CO2" : "CO2e" }

    /// The default utilisation while serving: 0.2, half the training default. Decoding reads
    /// every weight for a few tokens at a time and is bound by memory bandwidth, so serving runs
    /// well below training utilisation (Sardana et al. 2024 price the two separately); this is
    /// an assumption, not a measurement — set `--serve-mfu` from your own serving stack.
    package static let defaultServingUtilization = 0.2

    enum CodingKeys: String, CodingKey {
        case utilization = "mfu"
        case powerUsageEffectiveness = "pue"
        case kgCO2ePerKilowattHour = "kg_co2e_per_kwh"
        case usdPerHour = "usd_per_hour"
        case watts
    }
}

/// What an amount of compute costs on one kind of accelerator.
///
/// ```
/// GPU-hours = FLOPs / (peak FLOP/s × MFU) / 3600
/// $         = GPU-hours × price per GPU-hour
/// kWh       = GPU-hours × power (kW) × PUE
/// kgCO2e    = kWh × grid intensity
/// ```
/// As in Strubell et al. 2019 and Luccioni et al. 2022 (BLOOM); power is the accelerator's
/// rated power, so energy excludes CPUs, memory and networking unless PUE is set to cover them.
package struct ComputeCost: Sendable, Equatable, Codable {
    package var flops: Double
    package var gpuHours: Double
    /// Wall-clock days on `gpus` accelerators, when a count was given.
    package var days: Double?
    package var gpus: Int?
    /// Nil when the accelerator has no price and none was given.
    package var usd: Double?
    /// Nil when the accelerator's power is unknown and none was given.
    package var kilowattHours: Double?
    /// Emissions in kg of ``emissionsBasis`` (CO2e, or CO2 only at the default grid intensity).
    package var kgCO2e: Double?
    /// `CO2e`, or `CO2` when the grid intensity counts CO2 only.
    package var emissionsBasis = "CO2e"
    /// `tCO2e` or `tCO2`.
    package var emissionsUnit: String { "t" + emissionsBasis }

    enum CodingKeys: String, CodingKey {
        case flops, days, gpus, usd
        case gpuHours = "gpu_hours"
        case kilowattHours = "kwh"
        case kgCO2e = "kg_co2e"
        case emissionsBasis = "emissions_basis"
    }

    /// The cost of `flops` of compute.
    ///
    /// - Precondition: `flops ≥ 0`; assumptions validated by the caller.
    package init(flops: Double, on accelerator: Accelerator, assumptions: CostAssumptions, gpus: Int? = nil) {
        self.init(
            gpuHours: flops / (accelerator.peakFlops * assumptions.utilization) / 3600, flops: flops, on: accelerator,
            assumptions: assumptions, gpus: gpus)
    }

    /// The cost of `gpuHours` accelerator-hours (FLOPs inferred at the assumed utilisation).
    package init(gpuHours: Double, on accelerator: Accelerator, assumptions: CostAssumptions, gpus: Int? = nil) {
        self.init(
            gpuHours: gpuHours, flops: gpuHours * 3600 * accelerator.peakFlops * assumptions.utilization,
            on: accelerator, assumptions: assumptions, gpus: gpus)
    }

    private init(gpuHours: Double, flops: Double, on accelerator: Accelerator, assumptions: CostAssumptions, gpus: Int?)
    {
        self.flops = flops
        self.gpuHours = gpuHours
        self.gpus = gpus
        days = gpus.map { gpuHours / Double($0) / 24 }
        usd = (assumptions.usdPerHour ?? accelerator.usdPerHour).map { gpuHours * $0 }
        let watts = assumptions.watts ?? accelerator.watts
        kilowattHours = watts.map { gpuHours * $0 / 1000 * assumptions.powerUsageEffectiveness }
        kgCO2e = kilowattHours.map { $0 * assumptions.kgCO2ePerKilowattHour }
        emissionsBasis = assumptions.emissionsBasis
    }
}

extension ComputeCost {
    /// The sum of two costs; a total is unknown (nil) where either part is.
    package static func + (lhs: ComputeCost, rhs: ComputeCost) -> ComputeCost {
        func add(_ a: Double?, _ b: Double?) -> Double? {
            guard let a, let b else { return nil }
            return a + b
        }
        var sum = lhs
        sum.flops += rhs.flops
        sum.gpuHours += rhs.gpuHours
        sum.days = add(lhs.days, rhs.days)
        sum.usd = add(lhs.usd, rhs.usd)
        sum.kilowattHours = add(lhs.kilowattHours, rhs.kilowattHours)
        sum.kgCO2e = add(lhs.kgCO2e, rhs.kgCO2e)
        return sum
    }
}
