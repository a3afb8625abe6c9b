import Foundation

/// A fitted law ready to predict: the law, its coordinates, the bootstrap draws and the scale of
/// the data it was fitted to. Comes from a fresh fit or a saved fit document.
package struct FittedLaw: Sendable {
    package var law: any CatalogLaw
    package var theta: [Double]
    /// θ of each bootstrap resample (empty without a bootstrap).
    package var draws: [[Double]]
    package var level = 0.95
    /// The largest fitted scale (``LawPrediction/scale(_:law:)``), when known.
    package var largestFitted: Double?
    /// Where the fit came from, for the output.
    package var origin: String
    /// The fit's warnings.
    package var warnings: [FitWarning]
    /// θ of the fit's near-tied optima (other local optima within 1 % of its objective).
    package var ties: [[Double]] = []
    /// The range of the observations fitted (the law's output), when known.
    package var observedRange: ClosedRange<Double>?
    /// The estimator and the data of a saved fit, as its document names them (escaped and cut,
    /// for a plan's header), when known.
    package var estimator: String?
    package var source: String?

    /// A fresh fit of `sample`, with the scale and range of what it was fitted to and its near ties.
    package init(fit: CatalogFit, sample: LawSample, draws: [[Double]] = [], origin: String, warnings: [FitWarning]) {
        self.init(
            law: fit.law, theta: fit.theta, draws: draws, largestFitted: sample.largestScale(for: fit.law),
            origin: origin, warnings: warnings)
        ties = fit.nearTiedTheta
        observedRange = sample.observedRange
    }

    package init(
        law: any CatalogLaw, theta: [Double], draws: [[Double]], largestFitted: Double?, origin: String,
        warnings: [FitWarning]
    ) {
        self.law = law
        self.theta = theta
        self.draws = draws
        self.largestFitted = largestFitted
        self.origin = origin
        self.warnings = warnings
    }

    /// A warning when the near-tied optima predict differently at `predictions`' points: a tie's
    /// prediction outside the point's bootstrap interval, or more than 1 % from the prediction
    /// when there is no interval. Then which optimum the data pick changes the answer.
    package func tieWarning(_ predictions: [LawPrediction]) -> FitWarning? {
        guard !ties.isEmpty else { return nil }
        var worst: (point: LawPrediction, lo: Double, hi: Double)?
        for p in predictions {
            let values = ties.map { law.value(at: p.point, $0) }
            guard let lo = values.min(), let hi = values.max() else { continue }
            let outside =
                p.interval.map { lo < $0.lower || hi > $0.upper }
                ?? (max(abs(lo - p.value), abs(hi - p.value)) > 0.01 * abs(p.value))
            if outside, hi - lo > worst.map({ $0.hi - $0.lo }) ?? -1 { worst = (p, lo, hi) }
        }
        guard let worst else { return nil }
        let at = law.inputs.map { "\($0.rawValue) = \(String(format: "%.3g", worst.point.point[$0]))" }
            .joined(separator: ", ")
        return FitWarning(
            code: "near-ties-change-prediction",
            message:
                "the \(ties.count) near-tied optim\(ties.count == 1 ? "um predicts" : "a predict") \(String(format: "%.4g", worst.lo))…\(String(format: "%.4g", worst.hi)) at \(at), against \(String(format: "%.4g", worst.point.value)) from the reported one\(worst.point.interval == nil ? "" : ", outside its interval") — the answer depends on which optimum the data pick; add runs that separate them"
        )
    }

    /// A warning when a prediction is no value the law's output can take: a loss above 100 nats
    /// per token (ln of any vocabulary is about 11; a damaged or absurd fit gives 10²⁰), or a
    /// fraction outside 0…1.
    ///
    /// With `observed`, the range of the losses the fit saw, a loss more than 10× above it or
    /// below a tenth of it is flagged too: an order of magnitude from any fitted run.
    package static func implausibleWarning(
        _ values: [Double], output: LawOutput, observed: ClosedRange<Double>? = nil
    ) -> FitWarning? {
        let bad = values.filter { value -> Bool in
            switch output {
            case .fraction: return !(value >= -1e-9 && value <= 1 + 1e-9)
            case .loss:
                guard value >= 0 && value <= 100 else { return true }
                guard let observed else { return false }
                return value > 10 * observed.upperBound || value < observed.lowerBound / 10
            }
        }
        guard let first = bad.first else { return nil }
        let seen = observed.map {
            ", or an order of magnitude from the fitted losses (\(String(format: "%.3g", $0.lowerBound))…\(String(format: "%.3g", $0.upperBound)))"
        } ?? ""
        return FitWarning(
            code: "implausible-prediction",
            message:
                "\(bad.count) prediction\(bad.count == 1 ? " is" : "s are") \(String(format: "%.4g", first))\(bad.count > 1 ? ", …" : ""), no \(output == .loss ? "language-model loss (0…100 nats per token)\(seen)" : "fraction (0…1)") — the law does not describe these points; check the fit (or the saved document) and how far the points are from its data"
        )
    }

    /// Predictions at `points`, with intervals when there are at least 10 draws.
    package func predictions(at points: [LawPoint]) -> [LawPrediction] {
        LawPrediction.predictions(
            law: law, theta: theta, draws: draws, level: level, at: points, largestFitted: largestFitted ?? .nan)
    }

    /// A fit document bundled with Plateau (published constants written in the one schema:
    /// `russell2026-c4`, …), read and checked like a user's.
    ///
    /// - Throws: ``InputError`` when the bundled file is missing or damaged.
    package static func bundled(_ name: String) throws -> FittedLaw {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "fits") else {
            throw InputError(file: "\(name).json", problem: "the bundled fit document is missing", remedy: "rebuild Plateau")
        }
        return try load(document: url.path)
    }

    /// Reads a saved `plateau fit --json` document: `plateau.fit/2`, which every law writes, or the
    /// Chinchilla report's `plateau.fit/1` of earlier releases.
    ///
    /// - Throws: ``InputError`` when the file is missing, not such a document, or inconsistent.
    package static func load(document path: String) throws -> FittedLaw {
        let text = try TextSource.read(path: path)
        struct Bootstrap: Decodable {
            var draws: [[Double]]?
            var level: Double?
        }
        struct Tie: Decodable {
            var theta: [Double]?
        }
        struct Document: Decodable {
            var nearTies: [Tie]?
            var schema: String
            var law: String
            var spec: LawSpec?
            var theta: [Double]?
            var parameters: [String: Double]?
            var logParameters: [String: Double]?
            var estimator: String?
            var source: String?
            var largestFitted: Double?
            var observedRange: [Double]?
            var computeRange: [String: Double]?
            var warnings: [FitWarning]?
            var bootstrap: Bootstrap?
            enum CodingKeys: String, CodingKey {
                case schema, law, spec, theta, parameters, warnings, bootstrap, estimator, source
                case logParameters = "log_parameters"
                case largestFitted = "largest_fitted_scale"
                case observedRange = "observed_range"
                case computeRange = "compute_range"
                case nearTies = "near_tied_optima"
            }
        }
        let doc = try decodeFitDocument(
            Document.self, text: text, path: path, saveWith: "plateau fit RUNS --law LAW --json")
        guard doc.schema.hasPrefix("plateau.fit/") else {
            throw InputError(
                file: path, problem: "has schema '\(doc.schema)'", remedy: "give a 'plateau fit --json' document")
        }
        // A plateau.fit/2 document records the law's options in `spec`: without it the same θ
        // would be read as another law's parameters.
        guard doc.spec != nil || doc.schema == "plateau.fit/1" else {
            throw InputError(
                file: path, problem: "has no 'spec' (the law's options), which a \(doc.schema) document needs",
                remedy: "refit and save the document again with 'plateau fit RUNS --law LAW --json'")
        }
        let spec = doc.spec ?? LawSpec(name: doc.law)
        if let problem = spec.problem(law: doc.law) {
            throw InputError(file: path, problem: problem, remedy: "refit and save the document again")
        }
        guard let law = spec.law() else {
            throw InputError(
                file: path, problem: "names law '\(InputError.excerpt(doc.law))', which Plateau does not know",
                remedy: "refit with 'plateau fit --law LAW --json'")
        }
        var theta = doc.theta
        if theta == nil, let chinchilla = law as? ChinchillaForm, let p = doc.parameters,
            let e = p["E"], let a = p["A"], let b = p["B"], let alpha = p["alpha"], let beta = p["beta"]
        {
            // Version 1 states A, B and E twice, with their logarithms: θ from the logarithms, so
            // that an edit of one alone is refused below as a damaged document, not read as a law.
            let logs = doc.logParameters ?? [:]
            let law =
                if let la = logs["a"], let lb = logs["b"], let le = logs["e"] {
                    ChinchillaLaw(logParameters: [la, lb, le, alpha, beta])
                } else { ChinchillaLaw(E: e, A: a, B: b, alpha: alpha, beta: beta) }
            theta = chinchilla.coordinates(law)
        }
        let dimension = law.parameterNames.count
        guard let theta, theta.count == dimension, theta.allSatisfy(\.isFinite) else {
            throw InputError(
                file: path, problem: "holds no finite fitted parameters for '\(law.name)' (\(dimension) expected)",
                remedy: "refit and save the document again")
        }
        // The printed parameters must be the ones θ gives: an edit to one of them alone would be
        // silently overruled by θ.
        for (name, value) in law.reported(theta) {
            guard let given = doc.parameters?[name] else { continue }
            let tolerance = 1e-6 * max(abs(value), 1e-300)
            guard abs(given - value) <= tolerance else {
                throw InputError(
                    file: path,
                    problem:
                        "'parameters.\(name)' is \(given), but θ gives \(value): the document was edited or damaged",
                    remedy: "refit and save the document again rather than editing it")
            }
        }
        // The warnings are re-printed with the predictions: only as Plateau writes them — no
        // control characters, no non-finite number (Plateau never prints one), a bounded length.
        for (i, warning) in (doc.warnings ?? []).enumerated() {
            let words = warning.message.lowercased().split { !$0.isLetter }
            let printable = (warning.code + warning.message).unicodeScalars.allSatisfy {
                $0.properties.generalCategory != .control
            }
            guard printable, !warning.code.isEmpty, warning.message.count <= 2_000, !words.contains("nan"),
                !words.contains("inf")
            else {
                throw InputError(
                    file: path,
                    problem: "'warnings[\(i)]' is not a warning Plateau writes: the document was edited or damaged",
                    remedy: "refit and save the document again rather than editing it")
            }
        }
        if let level = doc.bootstrap?.level, !(level > 0 && level < 1) {
            throw InputError(
                file: path, problem: "'bootstrap.level' is \(level), outside (0, 1)",
                remedy: "refit with --bootstrap and save the document again (0.95 is the default)")
        }
        let largest = doc.largestFitted ?? doc.computeRange?["max"]
        if let largest, !(largest > 0 && largest.isFinite) {
            throw InputError(
                file: path, problem: "'largest_fitted_scale' is \(largest), not a positive number",
                remedy: "refit and save the document again")
        }
        var observed: ClosedRange<Double>?
        if let range = doc.observedRange {
            guard range.count == 2, range[0].isFinite, range[1].isFinite, range[0] <= range[1] else {
                throw InputError(
                    file: path, problem: "'observed_range' is \(range), not [lowest, highest]",
                    remedy: "refit and save the document again")
            }
            observed = range[0]...range[1]
        }
        let draws = (doc.bootstrap?.draws ?? []).filter { $0.count == dimension && $0.allSatisfy(\.isFinite) }
        var fitted = FittedLaw(
            law: law, theta: theta, draws: draws, largestFitted: largest,
            origin: path, warnings: doc.warnings ?? [])
        fitted.level = doc.bootstrap?.level ?? 0.95
        fitted.observedRange = observed
        // Echoed in a plan's header: escaped and cut like any text from a file.
        fitted.estimator = doc.estimator.map { InputError.escaped($0, limit: 60) }
        fitted.source = doc.source.map { InputError.escaped($0, limit: 200) }
        fitted.ties = (doc.nearTies ?? []).compactMap(\.theta).filter {
            $0.count == dimension && $0.allSatisfy(\.isFinite)
        }
        return fitted
    }

    /// Parses `N=70B,D=1.4T` into a point for `law`, deriving C = 6·N·D or D = C/(6·N) when the
    /// law needs one and the other two are given.
    ///
    /// - Returns: the point, or a message naming what is wrong.
    package static func point(_ text: String, for law: any CatalogLaw) -> Result<LawPoint, PointError> {
        var p = LawPoint()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let variable = LawVariable(rawValue: pair[0]) else {
                return .failure(
                    PointError(
                        "'\(InputError.excerpt(String(part)))' is not VARIABLE=VALUE with VARIABLE one of \(LawVariable.allCases.map(\.rawValue).joined(separator: ", "))"
                    ))
            }
            // AI tokens may be 0 (a human-only run); every other input is logged.
            guard let value = Quantity.parse(pair[1]), value > 0 || (variable == .A && value == 0), value.isFinite,
                value <= 1e300
            else {
                return .failure(
                    PointError(
                        "\(variable.rawValue) '\(InputError.excerpt(pair[1]))' is not a \(variable == .A ? "number ≥ 0" : "positive number") such as 70B or 1.4e12"
                    ))
            }
            guard !p[variable].isFinite else {
                return .failure(PointError("\(variable.rawValue) is given twice in '\(InputError.excerpt(text))'"))
            }
            p[variable] = value
        }
        // A C that contradicts 6·N·D would silently set the extrapolation distance.
        if p.C.isFinite && p.N.isFinite && p.D.isFinite {
            let ratio = p.C / (6 * p.N * p.D)
            guard ratio >= 0.5 && ratio <= 2 else {
                return .failure(
                    PointError(
                        "C = \(String(format: "%.3g", p.C)) contradicts 6·N·D = \(String(format: "%.3g", 6 * p.N * p.D)) (more than a factor of 2 apart); give two of N, D and C"
                    ))
            }
        }
        if !p.C.isFinite && p.N.isFinite && p.D.isFinite { p.C = 6 * p.N * p.D }
        if !p.D.isFinite && p.N.isFinite && p.C.isFinite { p.D = p.C / (6 * p.N) }
        // Derived values get the range read ones have (6·N·D overflowed to inf×).
        for v in [LawVariable.C, .D] where !p[v].isNaN && !(p[v] >= 1e-300 && p[v] <= 1e300) {
            return .failure(
                PointError(
                    "\(v.rawValue) derived from '\(InputError.excerpt(text))' is \(String(format: "%.3g", p[v])), outside 1e-300…1e300"
                ))
        }
        if p.A.isFinite && p.D.isFinite && !(p.A < p.D) {
            return .failure(
                PointError(
                    "A = \(String(format: "%.4g", p.A)) AI tokens is not below D = \(String(format: "%.4g", p.D)) training tokens: D counts every token, human and AI"
                ))
        }
        let missing = law.inputs.filter { !p[$0].isFinite }
        guard missing.isEmpty else {
            return .failure(
                PointError(
                    "'\(law.name)' needs \(law.inputs.map(\.rawValue).joined(separator: ", ")); '\(InputError.excerpt(text))' lacks \(missing.map(\.rawValue).joined(separator: ", "))"
                ))
        }
        return .success(p)
    }

    package struct PointError: Error, CustomStringConvertible {
        package var description: String
        init(_ description: String) { self.description = description }
    }
}

/// A `plateau fit --json` document decoded as `type`.
///
/// - Throws: ``InputError`` naming the file and how to save such a document (`saveWith`).
func decodeFitDocument<D: Decodable>(_ type: D.Type, text: String, path: String, saveWith: String) throws -> D {
    do {
        return try JSONDecoder().decode(type, from: Data(text.utf8))
    } catch {
        throw InputError(
            file: path, problem: "is not a 'plateau fit --json' document",
            remedy: "save one with '\(saveWith) > fit.json'")
    }
}
