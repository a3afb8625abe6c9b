import Foundation

/// Clark et al. 2022's routing law fitted per router, as the repository's example does: each
/// run's final loss, routed runs of one router together with the dense runs (E = 1), least
/// squares on log loss; with a bootstrap over runs, a back-test that fits the smaller models
/// and predicts the largest, and the effective parameter count of every routed run.
package struct RoutingAnalysis: Sendable {
    package struct Options: Sendable {
        package var resamples = 200
        package var seed: UInt64 = 0
        package var threads = ProcessInfo.processInfo.activeProcessorCount
        /// The back-test fits runs with N at most this and predicts the rest.
        package var trainBelow = 1e9
        /// Keep only the repository example's selection (routing frequency ½, k = 1, seed 42)
        /// when the table has those columns.
        package var referenceSelection = true
        package init() {}
    }

    /// A routed run and the dense size it is worth.
    package struct Effective: Sendable, Codable {
        package var run: String
        package var parameters: Double
        package var experts: Double
        /// All parameters, every expert included (P in the paper), when the table has them.
        package var totalParameters: Double?
        package var loss: Double
        /// N̄: the dense model the law gives the same loss.
        package var effectiveParameters: Double
    }

    /// The back-test: fit runs with N ≤ threshold, predict the others.
    package struct BackTest: Sendable {
        package var trainRuns: Int
        package var testRuns: Int
        package var theta: [Double]
        /// (observed, predicted) of each held-out run.
        package var predictions:
            [(run: String, parameters: Double, experts: Double, observed: Double, predicted: Double)]
        package var rSquared: Double
        package var meanError: Double
        package var maxError: Double
    }

    package struct Router: Sendable {
        package var name: String
        package var sample: LawSample
        package var fit: CatalogFit
        package var bootstrap: LawBootstrap?
        package var backTest: BackTest?
        package var backTestFailure: String?
        package var effective: [Effective]
    }

    package var source: String
    package var routers: [Router]
    package var notes: [String]
    /// Problems with the runs that concern every fit (runs that differ in ways the law cannot see).
    package var warnings: [FitWarning]
    package var options: Options

    package static let law = RoutingLaw()

    /// Clark et al. 2022's fitted coefficients (a, b, c, d, E_start, E_max), their Table 3, as a
    /// literature survey transcribes it (the PDF was not reachable where this was built).
    package static let published: [String: [Double]] = [
        "S-Base": [-0.082, -0.108, 0.009, 1.104, 1.847, 314.478],
        "RL-R": [-0.083, -0.126, 0.012, 1.111, 1.880, 469.982],
        "Hash": [-0.087, -0.136, 0.012, 1.157, 4.175, 477.741],
    ]

    /// The column roles of the routing table: N is the parameters a token sees.
    static let overrides: [ColumnRole: String] = [
        .parameters: "dense_parameter_count", .loss: "loss_validation", .experts: "num_experts", .run: "hyper_id",
    ]

    /// Analyses a table with a router column (`router_type`; the dense runs named `Dense`), the
    /// columns of the bundled file or `overrides` naming them.
    ///
    /// - Throws: ``InputError`` for a missing column or bad cell, ``FitError`` when no fit converges.
    package init(table full: DataTable, overrides given: [ColumnRole: String] = [:], options: Options = Options())
        throws
    {
        self.options = options
        source = full.source
        var notes: [String] = []
        var table = full
        if options.referenceSelection {
            var applied: [String] = []
            for (column, value) in [("routing_frequency", "0.5"), ("k", "1"), ("seed", "42")]
            where full.columns.contains(column) {
                table = try table.filtered(column: column, equals: value)
                applied.append("\(column) = \(value)")
            }
            if !applied.isEmpty {
                notes.append(
                    "the repository example's selection: \(applied.joined(separator: ", ")) (\(table.rows.count) of \(full.rows.count) rows); --all-runs keeps every run"
                )
            }
        }
        // Settings the law has no term for: runs that differ in them put the difference in the residuals.
        var mixed: [String] = []
        for column in ["routing_frequency", "k", "flop_increase"] {
            guard let c = table.columns.firstIndex(of: column) else { continue }
            let values = Set(table.rows.compactMap { $0[c].text?.trimmingCharacters(in: .whitespaces) })
            if values.count > 1 { mixed.append("\(column) (\(values.sorted().prefix(4).joined(separator: ", ")))") }
        }
        warnings =
            mixed.isEmpty
            ? []
            : [
                FitWarning(
                    code: "settings-outside-the-law",
                    message:
                        "the runs differ in \(mixed.joined(separator: "; ")), which the law has no term for: their effect lands in the residuals and the coefficients average over them — select one setting (the default selection does)"
                )
            ]
        guard let routerColumn = table.columns.firstIndex(where: { ["router_type", "router"].contains($0) }) else {
            throw InputError(
                file: full.source, line: full.headerPositions.first?.line ?? 1, column: 1,
                problem: "no router column (looked for 'router_type', 'router')",
                remedy: "add one: 'Dense' for dense runs, the router's name for routed runs")
        }
        let names = table.rows.map { $0[routerColumn].text?.trimmingCharacters(in: .whitespaces) ?? "" }
        let routerNames = names.reduce(into: [String]()) { seen, n in
            if n.lowercased() != "dense", !n.isEmpty, !seen.contains(n) { seen.append(n) }
        }
        guard names.contains(where: { $0.lowercased() == "dense" }) else {
            throw InputError(
                file: full.source, problem: "no dense runs (router 'Dense'): the law's E = 1 end is missing",
                remedy: "include the dense runs, named 'Dense' in the router column")
        }
        guard !routerNames.isEmpty else {
            throw InputError(
                file: full.source, problem: "no routed runs: every router is 'Dense'",
                remedy: "include runs of at least one router")
        }
        var overrides = given
        for (role, column) in Self.overrides where overrides[role] == nil && full.columns.contains(column) {
            overrides[role] = column
        }
        let totalColumn = table.columns.firstIndex(of: "total_parameter_count")
        var routers: [Router] = []
        for name in routerNames {
            var subset = table
            subset.rows = zip(table.rows, names).filter { $0.1.lowercased() == "dense" || $0.1 == name }.map(\.0)
            var read = RunTable.ReadOptions()
            read.overrides = overrides
            read.skipMissing = true
            read.extraColumns = [.experts]
            read.requireTokens = false
            let runs = try RunTable(table: subset, options: read)
            // Rows dropped for an empty cell are named, per router (the dense rows once).
            for note in runs.notes where note.hasPrefix("skipped") {
                let line = "\(name) and the dense runs: \(note)"
                if !notes.contains(line) { notes.append(line) }
            }
            let sample = LawSample(runs: runs)
            let fit = try CatalogFit.fit(
                Self.law, points: sample.points, observed: sample.observed, estimator: .leastSquaresLog,
                threads: options.threads)
            var bootstrap: LawBootstrap?
            if options.resamples > 0 {
                var b = LawBootstrapOptions()
                b.resamples = options.resamples
                b.seed = options.seed
                b.estimator = .leastSquaresLog
                b.threads = options.threads
                bootstrap = LawBootstrap(fit: fit, sample: sample, options: b)
            }
            var backTest: BackTest?
            var failure: String?
            do {
                backTest = try Self.backTest(sample, below: options.trainBelow, threads: options.threads)
            } catch { failure = "\(error)" }
            let rowByLine = Dictionary(
                subset.rows.map { ($0.first?.line ?? 0, $0) }, uniquingKeysWith: { a, _ in a })
            let effective = sample.points.indices.compactMap { i -> Effective? in
                let p = sample.points[i]
                guard p.E > 1, let n = RoutingLaw.effectiveParameters(p.N, experts: p.E, theta: fit.theta) else {
                    return nil
                }
                let total = totalColumn.flatMap { c in
                    rowByLine[sample.lines[i]].flatMap { Quantity.parse($0[c].text ?? "") }
                }
                return Effective(
                    run: sample.runKeys[i], parameters: p.N, experts: p.E, totalParameters: total,
                    loss: sample.observed[i], effectiveParameters: n)
            }
            routers.append(
                Router(
                    name: name, sample: sample, fit: fit, bootstrap: bootstrap, backTest: backTest,
                    backTestFailure: failure, effective: effective))
        }
        self.routers = routers
        notes.append(
            "the runs share one token budget, so the law says nothing about training tokens D: it cannot tell whether a routed model's advantage grows or shrinks with longer training"
        )
        self.notes = notes
    }

    /// Fits the runs with N ≤ `below` and predicts the others, with R² of the predicted losses.
    static func backTest(_ sample: LawSample, below: Double, threads: Int) throws -> BackTest {
        let train = sample.points.indices.filter { sample.points[$0].N <= below }
        let test = sample.points.indices.filter { sample.points[$0].N > below }
        guard train.count >= 8, !test.isEmpty else {
            throw FitError.tooFewPoints(
                what: "runs on each side of N = \(String(format: "%.3g", below)) for the back-test",
                found: min(train.count, test.count),
                needed: 1)
        }
        let fit = try CatalogFit.fit(
            law, points: train.map { sample.points[$0] }, observed: train.map { sample.observed[$0] },
            estimator: .leastSquaresLog, threads: threads)
        let predictions = test.map { i in
            (
                run: sample.runKeys[i], parameters: sample.points[i].N, experts: sample.points[i].E,
                observed: sample.observed[i], predicted: fit.predict(sample.points[i])
            )
        }
        let mean = predictions.map(\.observed).reduce(0, +) / Double(predictions.count)
        let residual = predictions.reduce(0) { $0 + ($1.observed - $1.predicted) * ($1.observed - $1.predicted) }
        let total = predictions.reduce(0) { $0 + ($1.observed - mean) * ($1.observed - mean) }
        let errors = predictions.map { abs($0.predicted - $0.observed) / $0.observed }
        return BackTest(
            trainRuns: train.count, testRuns: test.count, theta: fit.theta, predictions: predictions,
            rSquared: 1 - residual / total, meanError: errors.reduce(0, +) / Double(errors.count),
            maxError: errors.max() ?? .nan)
    }
}
