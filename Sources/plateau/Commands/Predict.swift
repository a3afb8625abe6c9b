import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Predict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Predict with a fitted law at given points, with 95 % intervals and the extrapolation distance.",
            discussion: """
                From a saved fit (--from fit.json, written by 'plateau fit --law LAW --json'; its resampling.bootstrap \
                draws give the intervals) or a fresh fit of RUNS with --law. Points are --at N=70B,D=1.4T \
                (repeatable; C = 6·N·D is derived when the law needs it) or --points FILE, a table with a \
                column per input. '× fitted' is the point's compute (else its first input) over the largest \
                fitted run's: above 1 is extrapolation.
                """)

        @OptionGroup var input: InputOptions

        @Option(help: ArgumentHelp("A saved 'plateau fit --json' document to predict from.", valueName: "fit.json"))
        var from: String?

        @Option(
            help:
                "The law to fit when there is no --from (see 'plateau fit --list-laws'), or published constants to predict with, unfitted (\(PublishedLaw.allCases.map(\.rawValue).joined(separator: ", "))).")
        var law: LawChoice = .chinchilla

        @Option(name: .customLong("x"), help: "Input of one-variable laws (power-law, bnsl-*): N, D or C.")
        var variable: Variable = .C

        @Option(parsing: .unconditional, help: "Chance accuracy, the floor of the sigmoid law.")
        var chance: Double = 0.25

        @Option(help: ArgumentHelp("A point, as VARIABLE=VALUE pairs (repeatable).", valueName: "N=70B,D=1.4T"))
        var at: [String] = []

        @Option(help: ArgumentHelp("A table of points: a column per input the law reads.", valueName: "file"))
        var points: String?

        @OptionGroup var resampling: ResamplingOptions<Resamples200>

        @OptionGroup var threading: ThreadOptions



        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard !at.isEmpty || points != nil else {
                throw ValidationError("No points to predict — give them with --at N=70B,D=1.4T (repeatable) or --points FILE.")
            }
            if from != nil && input.runs != nil {
                throw ValidationError("A saved fit (--from) and RUNS to fit were both given — give one of them.")
            }
            if case .published(let p) = law, input.runs != nil || from != nil {
                throw ValidationError(
                    "'--law \(p.rawValue)' predicts with published constants, which are not fitted — drop RUNS and --from, or give a law of the catalog to fit.")
            }
            guard chance >= 0 && chance < 1 else {
                throw ValidationError("Please give '--chance' in [0, 1), got \(chance).")
            }
        }

        func run() throws {
            var fitted: FittedLaw
            if let from {
                fitted = try reportingInputErrors { try FittedLaw.load(document: from) }
            } else if case .published(let p) = law {
                fitted = try reportingInputErrors { try p.fitted() }
            } else {
                fitted = try fresh()
            }
            var chosen: [LawPoint] = []
            for text in at {
                switch FittedLaw.point(text, for: fitted.law) {
                case .success(let p): chosen.append(p)
                case .failure(let e): throw Failure.usage("--at: \(e.description) — write the point as N=70B,D=1.4T with the law's inputs")
                }
            }
            if let points {
                chosen += try reportingInputErrors { try Self.readPoints(points, law: fitted.law) }
            }
            let predictions = fitted.predictions(at: chosen)
            if let implausible = FittedLaw.implausibleWarning(
                predictions.map(\.value), output: fitted.law.output, observed: fitted.observedRange)
            {
                fitted.warnings.append(implausible)
            }
            let report = PredictReport(fitted: fitted, predictions: predictions)
            try output.emit(text: report.text, json: report.json)
        }

        /// Fits `--law` to the runs (and bootstraps it) here.
        func fresh() throws -> FittedLaw {
            guard case .catalog(let name) = self.law else { preconditionFailure("published constants are not fitted") }
            let law = name.law(variable: variable, chance: chance)
            let sample = try reportingInputErrors { try input.sample(for: law) }
            let fit = try reportingInputErrors(source: sample.source) {
                try CatalogFit.fit(law, points: sample.points, observed: sample.observed, threads: threading.threads)
            }
            var draws: [[Double]] = []
            var warnings = sample.warnings + fit.warnings
            if resampling.bootstrap > 0 {
                var options = LawBootstrapOptions()
                options.resamples = resampling.bootstrap
                options.seed = resampling.seed
                options.threads = threading.threads
                let progress = ProgressBar(total: resampling.bootstrap, label: "bootstrap")
                if let progress { options.progress = { progress.advance() } }
                let b = LawBootstrap(fit: fit, sample: sample, options: options)
                progress?.finish()
                draws = b.draws
                warnings += b.warnings
            }
            return FittedLaw(
                fit: fit, sample: sample, draws: draws,
                origin:
                    "\(law.name) fitted to \(sample.source)\(resampling.bootstrap > 0 ? ", \(draws.count) bootstrap resamples (seed \(resampling.seed))" : "")",
                warnings: warnings)
        }

        /// The points of a table: a column per input the law reads (C derived as 6·N·D when absent).
        static func readPoints(_ path: String, law: any CatalogLaw) throws -> [LawPoint] {
            let table = try DataTable.read(path: path)
            var columns: [LawVariable: [Double]] = [:]
            // N and D first (C can be derived from them), in a fixed order.
            var wanted: [LawVariable] = law.inputs.contains(.C) ? [.N, .D] : []
            for v in law.inputs where !wanted.contains(v) { wanted.append(v) }
            for v in wanted {
                guard let role = v.role else { continue }
                if let values = try? table.positiveValues(role) {
                    columns[v] = values
                } else if law.inputs.contains(v), !(v == .C && columns[.N] != nil) {
                    _ = try table.positiveValues(role)  // throws the located error
                }
            }
            let points = table.rows.indices.map { i in
                var p = LawPoint()
                for (v, values) in columns { p[v] = values[i] }
                if !p.C.isFinite && p.N.isFinite && p.D.isFinite { p.C = 6 * p.N * p.D }
                return p
            }
            for v in law.inputs where points.contains(where: { !$0[v].isFinite }) {
                throw InputError(
                    file: path, line: table.headerPositions.first?.line ?? 1, column: 1,
                    problem:
                        "'\(law.name)' needs \(v.meaning) (\(v.rawValue)) at every point, and the table has no such column\(v == .C ? " (nor N and D to derive it)" : "")",
                    remedy:
                        "add a column named \(v.role?.rawValue ?? v.rawValue); the columns are: \(table.columns.joined(separator: ", "))"
                )
            }
            return points
        }
    }
}
