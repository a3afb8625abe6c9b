import Foundation

/// A catalog law by name and options: what the command line chooses and a saved fit document
/// records, so the fitted law can be rebuilt to predict.
public struct LawSpec: Sendable, Equatable, Codable {
    /// Every law the catalog knows, by command-line name.
    public static let names = [
        "chinchilla", "chinchilla-tied", "power-law", "kaplan-n", "kaplan-d", "kaplan", "bnsl-1", "bnsl-2", "bnsl-3",
        "gadre-error", "sigmoid", "muennighoff", "clark-routing",
    ]

    public var name: String
    /// The input of a one-variable law (power-law, bnsl-*).
    public var variable: LawVariable?
    /// The floor of the sigmoid.
    public var chance: Double?
    /// The upper end of the power law's E or the BNSL's a (the lowest observation of its fit).
    public var irreducibleCeiling: Double?
    /// The Chinchilla forms' centres of log N and log D (their coordinates are taken about them).
    public var centerN: Double?
    public var centerD: Double?

    enum CodingKeys: String, CodingKey {
        case name, variable, chance
        case irreducibleCeiling = "irreducible_ceiling"
        case centerN = "center_log_n"
        case centerD = "center_log_d"
    }

    public init(name: String, variable: LawVariable? = nil, chance: Double? = nil, irreducibleCeiling: Double? = nil) {
        self.name = name
        self.variable = variable
        self.chance = chance
        self.irreducibleCeiling = irreducibleCeiling
    }

    /// What is wrong with a spec read from a document that names `law`, or nil: a name that
    /// disagrees, or an option outside its domain.
    public func problem(law: String) -> String? {
        if name != law { return "names law '\(InputError.excerpt(law))' but its spec is '\(InputError.excerpt(name))'" }
        if let chance, !(chance >= 0 && chance < 1) { return "'spec.chance' is \(chance), outside [0, 1)" }
        if let irreducibleCeiling, !(irreducibleCeiling > 0 && irreducibleCeiling.isFinite) {
            return "'spec.irreducible_ceiling' is \(irreducibleCeiling), not a positive number"
        }
        for (key, value) in [("center_log_n", centerN), ("center_log_d", centerD)] {
            if let value, !(value.isFinite && abs(value) < 1_000) { return "'spec.\(key)' is \(value), not a finite logarithm" }
        }
        return nil
    }

    /// The law, or nil for an unknown name.
    public func law() -> (any CatalogLaw)? {
        let x = variable ?? .C
        switch name {
        case "chinchilla", "chinchilla-tied":
            return ChinchillaForm(
                tiedExponents: name == "chinchilla-tied", centerN: centerN ?? 0, centerD: centerD ?? 0)
        case "power-law": return SaturatingPowerLaw(variable: x, irreducibleCeiling: irreducibleCeiling)
        case "kaplan-n": return KaplanPowerLaw(variable: .N)
        case "kaplan-d": return KaplanPowerLaw(variable: .D)
        case "kaplan": return KaplanJointLaw()
        case "bnsl-1", "bnsl-2", "bnsl-3":
            return BrokenPowerLaw(breaks: Int(name.suffix(1)) ?? 1, variable: x, floorCeiling: irreducibleCeiling)
        case "gadre-error": return LossToError()
        case "sigmoid": return ComputeSigmoid(chance: chance ?? 0.25)
        case "muennighoff": return RepetitionDecayLaw()
        case "clark-routing": return RoutingLaw()
        default: return nil
        }
    }

    /// The spec of a fitted law (with its data-dependent domain).
    public init(fitted law: any CatalogLaw) {
        name = law.name
        switch law {
        case let p as SaturatingPowerLaw:
            variable = p.variable
            irreducibleCeiling = p.irreducibleCeiling
        case let b as BrokenPowerLaw:
            variable = b.variable
            irreducibleCeiling = b.floorCeiling
        case let s as ComputeSigmoid: chance = s.chance
        case let c as ChinchillaForm:
            centerN = c.centerN
            centerD = c.centerD
        default: break
        }
    }
}
