import RealModule

/// Published scaling-law constants that plans can use instead of a fit.
package enum PublishedLaw: String, CaseIterable, Sendable, Codable {
    /// Hoffmann et al. 2022, Approach 3, unrounded.
    case hoffmann2022
    /// Besiroglu et al. 2024's refit of the Chinchilla runs.
    case besiroglu2024
    /// Muennighoff et al. 2023's base law (their data-constrained law with unlimited data).
    case muennighoff2023
    /// Kaplan et al. 2020: plans follow their compute-efficient frontier (``KaplanFrontier``),
    /// whose budget is C_min.
    case kaplan2020

    /// The constants in Chinchilla form, where the law has that form.
    package var chinchilla: ChinchillaLaw? {
        switch self {
        case .hoffmann2022: ChinchillaLaw.hoffmann2022
        case .besiroglu2024: ChinchillaLaw.besiroglu2024
        case .muennighoff2023: MuennighoffLaw.muennighoff2023.base
        case .kaplan2020: nil
        }
    }

    package var citation: String {
        switch self {
        case .hoffmann2022: "Hoffmann et al. (2022), Approach 3: E 1.6934, A 406.4, B 410.7, α 0.3392, β 0.2849"
        case .besiroglu2024: "Besiroglu et al. (2024): E 1.8169, A 482.01, B 2085.43, α 0.3478, β 0.3659"
        case .muennighoff2023:
            "Muennighoff et al. (2023): E 1.869, A 520.8, B 1488, α = β 0.3527; R_D* 15.39, R_N* 5.31"
        case .kaplan2020:
            "Kaplan et al. (2020), compute-efficient frontier: N = 1.3e9·(C_min/PF-day)^0.73, D = 2e10·(C_min/PF-day)^0.27, L = (3.1e8 PF-day/C_min)^0.050"
        }
    }
}

extension PublishedLaw {
    /// The largest training compute (FLOPs) among the runs the constants were fitted on, so that
    /// plans far beyond it are warned about as they are for a fresh fit.
    ///
    /// Hoffmann et al. and Besiroglu et al.: the bundled Chinchilla runs (Besiroglu et al.'s 240);
    /// Muennighoff et al.: the bundled final losses (largest 9.26e21); Kaplan et al.: their
    /// Figure 1 spans compute up to about 10 PF-days (8.64e20 FLOPs).
    ///
    /// - Throws: ``InputError`` when a bundled table is damaged.
    package func fittedMaxFlops() throws -> Double {
        switch self {
        case .hoffmann2022, .besiroglu2024:
            return try BundledDataset.chinchillaRuns().droppingHighestLosses(5).flops.max() ?? 0
        case .muennighoff2023:
            let runs = try BundledDataset.muennighoffMainFit()
            return zip(runs.parameters, runs.tokens).map { 6 * $0 * $1 }.max() ?? 0
        case .kaplan2020:
            return 10 * KaplanFrontier.pfDay
        }
    }
}

extension PublishedLaw {
    /// The constants as a fitted law of the catalog, read by `predict` like a saved fit document:
    /// the Chinchilla form for Hoffmann et al., Besiroglu et al. and Muennighoff et al.'s base law;
    /// for Kaplan et al. their joint law L(N, D) (Eq. 1.5: N_c 6.4e13, D_c 1.8e13, α_N 0.076,
    /// α_D 0.103), the one of their laws that predicts a loss at a given N and D. No bootstrap
    /// draws: the papers publish no draws, so predictions from constants carry no interval.
    ///
    /// - Throws: ``InputError`` when a bundled table is damaged.
    package func fitted() throws -> FittedLaw {
        let law: any CatalogLaw, theta: [Double]
        if let c = chinchilla {
            let form = ChinchillaForm()
            (law, theta) = (form, form.coordinates(c))
        } else {
            (law, theta) = (KaplanJointLaw(), [Double.log(6.4e13), Double.log(1.8e13), 0.076, 0.103])
        }
        return FittedLaw(
            law: law, theta: theta, draws: [], largestFitted: try fittedMaxFlops(), origin: "\(rawValue) — \(citation)",
            warnings: [])
    }
}

extension ChinchillaLaw {
    /// Besiroglu et al. 2024's published constants (their Huber-likelihood refit of the
    /// Chinchilla runs, which `plateau fit --estimator huber-likelihood` reproduces).
    public static let besiroglu2024 = ChinchillaLaw(
        E: 1.816864, A: 482.0057, B: 2085.4342, alpha: 0.347813, beta: 0.365854)
}
