import Foundation

/// A catalog law by name and options: what the command line chooses and a saved fit document
/// records, so the fitted law can be rebuilt to predict.
public struct LawSpec: Sendable, Equatable, Codable {
    /// Every law the catalog knows, by command-line name.
    public static var names: [String] { LawCatalog.names }

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
    public func law() -> (any CatalogLaw)? { LawCatalog.entry(named: name)?.make(self) }

    /// The spec of a fitted law (with its data-dependent domain).
    public init(fitted law: any CatalogLaw) { self = law.spec }
}
