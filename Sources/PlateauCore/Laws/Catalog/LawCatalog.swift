/// One name of the catalog: what the command line and saved documents call a law, what it reads,
/// how to build it from a ``LawSpec``, and the planted parameters every generic test recovers.
public struct LawEntry: Sendable {
    /// The command-line name (`--law NAME`, a document's `law`).
    public var name: String
    /// What the law reads, for `--list-laws`.
    public var reads: String
    /// The law of a spec of this name (a one-variable law's input, the sigmoid's floor, a fitted
    /// law's data-dependent domain).
    public var make: @Sendable (LawSpec) -> any CatalogLaw
    /// A design and planted coordinates: the generic tests check the gradient there, recover the
    /// planted law from its own noise-free values, and run the law's commands on them.
    public var example: LawExample

    public init(name: String, reads: String, example: LawExample, make: @escaping @Sendable (LawSpec) -> any CatalogLaw) {
        self.name = name
        self.reads = reads
        self.make = make
        self.example = example
    }

    /// The law with its default options.
    public var law: any CatalogLaw { make(LawSpec(name: name)) }
}

/// Points and planted coordinates of a law (see ``LawEntry/example``).
public struct LawExample: Sendable {
    public var points: [LawPoint]
    /// Coordinates θ in the law's own parameterisation (default options).
    public var theta: [Double]
    /// Reported parameters the design identifies, which a fit must recover to 10⁻³ (relative).
    public var identified: [String]
    /// How close (relative) the fit's predictions must come to the noise-free data.
    public var tolerance: Double

    public init(points: [LawPoint], theta: [Double], identified: [String], tolerance: Double = 1e-5) {
        self.points = points
        self.theta = theta
        self.identified = identified
        self.tolerance = tolerance
    }

    /// Every (N, D) of two axes, with C = 6·N·D.
    public static func ladder(_ sizes: [Double] = [4e7, 1e8, 3e8, 1e9, 3e9, 1e10],
                              _ tokens: [Double] = [1e9, 3e9, 1e10, 3e10, 1e11, 3e11]) -> [LawPoint] {
        sizes.flatMap { n in tokens.map { d in LawPoint(N: n, D: d, C: 6 * n * d) } }
    }
}

/// A law the catalog lists: its own file declares its names (``LawEntry``) beside its formula,
/// gradient, domains and starts.
public protocol RegisteredLaw: CatalogLaw {
    static var entries: [LawEntry] { get }
}

/// Every law of the catalog. A new law is its own file (a ``RegisteredLaw``) and one line here;
/// `fit`, `check`, `predict`, `--bootstrap`, `plan --fit` and `returns --fit` (laws of N and D)
/// and the generic tests (gradient, recovery, documents, commands) then serve it with no other
/// code. A test fails when a law's file is not listed.
public enum LawCatalog {
    static let laws: [any RegisteredLaw.Type] = [
        ChinchillaForm.self,
        SaturatingPowerLaw.self,
        KaplanPowerLaw.self,
        KaplanJointLaw.self,
        KaplanStepLaw.self,
        BrokenPowerLaw.self,
        LossToError.self,
        ComputeSigmoid.self,
        RepetitionDecayLaw.self,
        RoutingLaw.self,
        RussellMixLaw.self,
    ]

    /// Every name, in the order of `--list-laws`.
    public static let entries: [LawEntry] = laws.flatMap { $0.entries }

    /// The names, for usage lines.
    public static var names: [String] { entries.map(\.name) }

    /// The law of a name, or nil.
    public static func entry(named name: String) -> LawEntry? { entries.first { $0.name == name } }

    /// The type names of the registered laws (for the test that every law's file is listed).
    public static var typeNames: [String] { laws.map { String(describing: $0) } }
}
