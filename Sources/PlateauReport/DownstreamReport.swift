import Foundation
import PlateauCore

/// How `plateau downstream` is shown.
public struct DownstreamReport: Sendable {
    public var analysis: DownstreamAnalysis

    public init(analysis: DownstreamAnalysis) { self.analysis = analysis }

    static func points(_ v: Double?) -> String {
        guard let v else { return "—" }
        return v > 10 ? ">1000" : NumberFormat.fixed(v * 100, 1)
    }

    static func median(_ values: [Double]) -> Double { BootstrapResult.percentile(values, 0.5) }

    public func text() -> String {
        let a = analysis
        var out = "Downstream tasks of Gadre et al. 2024, runs trained on \(a.dataset): "
        out += "fitted on \(a.trainRuns) runs below 1B parameters, tested on the \(a.testRuns) larger ones\n"
        out += "error law Err(L) = ε − k·exp(−γ·L) on the C4-eval loss; accuracy = sigmoid of log10 C above chance\n"
        out += "status: at chance when the largest run is within 2 binomial standard errors of chance; "
        out +=
            "near its ceiling when it has reached 90 % of the way from chance to the ceiling of a sigmoid fitted to all runs\n"
        out += "(a plateau, possibly far below 100 %) and is not above it by more than the noise; otherwise rising\n\n"
        var t = TextTable(
            header: [
                "task", "category", "chance %", "largest run %", "status", "ceiling %", "error-law error %",
                "sigmoid error (points)",
            ], rightAligned: [false, false, true, true, false, true, true, true])
        for task in a.tasks.sorted(by: { ($0.status.rawValue, $0.name) < ($1.status.rawValue, $1.name) }) {
            t.rows.append([
                task.name, task.category, NumberFormat.fixed(task.chance * 100, 0), Self.points(task.largestAccuracy),
                task.status.rawValue, Self.points(task.ceiling), Self.points(task.errorLawMeanError),
                Self.points(task.sigmoidMeanError),
            ])
        }
        out += t.render() + "\n\n"
        for status in [DownstreamAnalysis.Status.atChance, .rising, .nearCeiling] {
            let members = a.tasks.filter { $0.status == status }
            out += "\(status.rawValue): \(members.count) tasks"
            let errors = members.compactMap(\.errorLawMeanError)
            if !errors.isEmpty {
                out +=
                    "; median error of the error law on the large runs \(NumberFormat.fixed(Self.median(errors) * 100, 1)) %"
            }
            let sig = members.compactMap(\.sigmoidMeanError)
            if !sig.isEmpty {
                out += ", of the sigmoid \(NumberFormat.fixed(Self.median(sig) * 100, 1)) points"
            }
            out += "\n"
        }
        out +=
            "\nPer-task laws are fragile (a few tasks' fits extrapolate wildly: '>1000'); Gadre et al. fit the mean top-1\n"
        out += "error of their 17-task subset instead. Predictions of the held-out runs:\n"
        for recipe in DownstreamAnalysis.AggregateRecipe.allCases {
            guard let predictions = a.aggregate[recipe] else { continue }
            out += "  \(recipe.label):\n"
            for e in predictions {
                out +=
                    "    N \(NumberFormat.si(e.parameters)), M = \(NumberFormat.significant(e.tokensPerParameter, 3)): "
                out +=
                    "mean error \(NumberFormat.fixed(e.error * 100, 2)) %, predicted \(NumberFormat.fixed(e.predicted * 100, 2)) %"
                out +=
                    " (from loss \(NumberFormat.fixed(e.loss, 4))), relative error \(NumberFormat.fixed(e.relativeError * 100, 2)) %\n"
            }
        }
        return out
    }

    /// The `plateau.downstream/1` document.
    public func json() throws -> String {
        struct Task: Encodable {
            var name: String
            var category: String
            var chance: Double
            var largestAccuracy: Double
            var status: DownstreamAnalysis.Status
            var ceiling: Double?
            var errorLawMeanError: Double?
            var sigmoidMeanError: Double?
            enum CodingKeys: String, CodingKey {
                case name, category, chance, status, ceiling
                case largestAccuracy = "largest_accuracy"
                case errorLawMeanError = "error_law_mean_error"
                case sigmoidMeanError = "sigmoid_mean_error"
            }
        }
        struct Aggregate: Encodable {
            var recipe: String
            var description: String
            var run: String
            var parameters: Double
            var tokensPerParameter: Double
            var error: Double
            var predicted: Double
            var loss: Double
            var relativeError: Double
            enum CodingKeys: String, CodingKey {
                case recipe, description, run, parameters, error, predicted, loss
                case tokensPerParameter = "tokens_per_parameter"
                case relativeError = "relative_error"
            }
        }
        struct Document: Encodable {
            var schema = "plateau.downstream/1"
            var dataset: String
            var trainRuns: Int
            var testRuns: Int
            var tasks: [Task]
            var aggregate: [Aggregate]
            enum CodingKeys: String, CodingKey {
                case schema, dataset, tasks, aggregate
                case trainRuns = "train_runs"
                case testRuns = "test_runs"
            }
        }
        let a = analysis
        return try encodeDocument(
            Document(
                dataset: a.dataset, trainRuns: a.trainRuns, testRuns: a.testRuns,
                tasks: a.tasks.map {
                    Task(
                        name: $0.name, category: $0.category, chance: $0.chance, largestAccuracy: $0.largestAccuracy,
                        status: $0.status, ceiling: $0.ceiling, errorLawMeanError: $0.errorLawMeanError,
                        sigmoidMeanError: $0.sigmoidMeanError)
                },
                aggregate: DownstreamAnalysis.AggregateRecipe.allCases.flatMap { recipe in
                    (a.aggregate[recipe] ?? []).map {
                        Aggregate(
                            recipe: recipe.rawValue, description: recipe.label, run: $0.run, parameters: $0.parameters,
                            tokensPerParameter: $0.tokensPerParameter, error: $0.error, predicted: $0.predicted,
                            loss: $0.loss, relativeError: $0.relativeError)
                    }
                }))
    }
}
