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
    /// Russell et al. 2026's law of a human/AI training mix (``RussellMixLaw``), fitted per
    /// evaluation set: bits per byte on C4, FineWeb 2022, FineWeb 2026 (human-labelled, all, and
    /// AI-labelled documents), Paloma and Cosmopedia. Bundled as `plateau.fit/2` documents.
    case russell2026C4 = "russell2026-c4"
    case russell2026FW22 = "russell2026-fw22"
    case russell2026FW26Human = "russell2026-fw26-human"
    case russell2026Paloma = "russell2026-paloma"
    case russell2026FW26 = "russell2026-fw26"
    case russell2026FW26AI = "russell2026-fw26-ai"
    case russell2026Cosmopedia = "russell2026-cosmopedia"

    /// Russell et al.'s evaluation set of a `russell2026-*` name (`c4`, `fw26-human`, …), or nil.
    package var mixTarget: String? {
        rawValue.hasPrefix("russell2026-") ? String(rawValue.dropFirst("russell2026-".count)) : nil
    }

    /// The `russell2026-*` constants of an evaluation set, by its name (`c4`, `paloma`, …).
    package static func mix(target: String) -> PublishedLaw? {
        allCases.first { $0.mixTarget == target.lowercased().replacingOccurrences(of: "_", with: "-") }
    }

    /// The constants in Chinchilla form, where the law has that form.
    package var chinchilla: ChinchillaLaw? {
        switch self {
        case .hoffmann2022: ChinchillaLaw.hoffmann2022
        case .besiroglu2024: ChinchillaLaw.besiroglu2024
        case .muennighoff2023: MuennighoffLaw.muennighoff2023.base
        default: nil
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
        default:
            "Russell et al. (2026), arXiv 2609.40295, their law fitted to bits per byte on \(mixTarget ?? "") (pangramlabs/WildAI@795a718, results/laws/fits.json)"
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
        default:
            // The bundled document's scale: their largest fitted run (268m-g088-ai-r1 of
            // results/models.csv, 268,436,282 parameters on 46,976,204,800 tokens).
            return try FittedLaw.bundled(rawValue).largestFitted ?? 0
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
        if mixTarget != nil {
            var fitted = try FittedLaw.bundled(rawValue)
            fitted.origin = "\(rawValue) — \(citation)"
            return fitted
        }
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
