/// Published scaling-law constants that plans can use instead of a fit.
public enum PublishedLaw: String, CaseIterable, Sendable, Codable {
    /// Hoffmann et al. 2022, Approach 3, unrounded.
    case hoffmann2022
    /// Besiroglu et al. 2024's refit of the Chinchilla runs.
    case besiroglu2024
    /// Muennighoff et al. 2023's base law (their data-constrained law with unlimited data).
    case muennighoff2023
    /// Kaplan et al. 2020, Eq. 1.5 with Table 2's constants.
    case kaplan2020

    /// The constants in Chinchilla form, where the law has that form.
    public var chinchilla: ChinchillaLaw? {
        switch self {
        case .hoffmann2022: ChinchillaLaw.hoffmann2022
        case .besiroglu2024: ChinchillaLaw.besiroglu2024
        case .muennighoff2023: MuennighoffLaw.muennighoff2023.base
        case .kaplan2020: nil
        }
    }

    public var citation: String {
        switch self {
        case .hoffmann2022: "Hoffmann et al. (2022), Approach 3: E 1.6934, A 406.4, B 410.7, α 0.3392, β 0.2849"
        case .besiroglu2024: "Besiroglu et al. (2024): E 1.8169, A 482.01, B 2085.43, α 0.3478, β 0.3659"
        case .muennighoff2023:
            "Muennighoff et al. (2023): E 1.869, A 520.1, B 1488, α = β 0.3527; R_D* 15.39, R_N* 5.31"
        case .kaplan2020: "Kaplan et al. (2020), Eq. 1.5: N_c 6.4e13, D_c 1.8e13, α_N 0.076, α_D 0.103"
        }
    }
}

extension ChinchillaLaw {
    /// Besiroglu et al. 2024's published constants (their Huber-likelihood refit of the
    /// Chinchilla runs, which `plateau fit --estimator huber-likelihood` reproduces).
    public static let besiroglu2024 = ChinchillaLaw(
        E: 1.816864, A: 482.0057, B: 2085.4342, alpha: 0.347813, beta: 0.365854)
}
