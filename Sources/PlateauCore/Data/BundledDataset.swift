import Foundation

/// The real published scaling data shipped with Plateau, each with its citation.
///
/// The files are unmodified copies of the ones described in each folder's `SOURCE.md` (shipped
/// beside them): origin repository and commit, paper, licence notes, column meanings.
public enum BundledDataset: String, CaseIterable, Sendable {
    case chinchilla
    case muennighoff
    case muennighoffCurves = "muennighoff-curves"
    case gadreRuns = "gadre-runs"
    case gadreDownstream = "gadre-downstream"
    case gadreTasks = "gadre-tasks"
    case epochModels = "epoch-models"
    case epochCosts = "epoch-costs"
    case epochCostsUpdated = "epoch-costs-updated"
    case dataStock = "data-stock"
    case monkeysGSM8K = "monkeys-gsm8k"
    case routing
    case inferencePrices = "epoch-prices"
    case inferencePricesMore = "epoch-prices-more"
    case benchmarkScores = "epoch-benchmarks"
    case obsScaling = "obsscaling"
    case obsScalingEmergent = "obsscaling-emergent"

    /// Folder and file inside the bundle's `datasets/`.
    public var path: (folder: String, file: String) {
        switch self {
        case .chinchilla: ("chinchilla_epoch", "svg_extracted_data.csv")
        case .muennighoff: ("datablations_muennighoff", "final_val_losses.csv")
        case .muennighoffCurves: ("datablations_muennighoff", "training_curves_2b8_4b2_8b7.csv")
        case .gadreRuns: ("gadre2024_overtraining", "runs.csv")
        case .gadreDownstream: ("gadre2024_overtraining", "downstream_by_task.csv")
        case .gadreTasks: ("gadre2024_overtraining", "eval_metadata.csv")
        case .epochModels: ("epoch_ai_models", "all_ml_systems_subset.csv")
        case .epochCosts: ("epoch_ai_models", "training_cost_estimates_three_methods.csv")
        case .epochCostsUpdated: ("epoch_ai_models", "training_cost_estimates_updated.csv")
        case .dataStock: ("epoch_data_stock", "dataset_sizes.csv")
        case .monkeysGSM8K: ("monkeys_per_problem", "gsm8k_per_problem.csv")
        case .routing: ("deepmind_routing", "curves.csv")
        case .inferencePrices: ("epoch_inference_prices", "models_price_quality.csv")
        case .inferencePricesMore: ("epoch_inference_prices", "models_price_quality_more.csv")
        case .benchmarkScores: ("epoch_benchmarks", "scores_by_date.csv")
        case .obsScaling: ("obsscaling", "base_llm_benchmark_eval.csv")
        case .obsScalingEmergent: ("obsscaling", "base_llm_emergent_capability_eval.csv")
        }
    }

    /// One line on what the data is.
    public var summary: String {
        switch self {
        case .chinchilla: "Chinchilla runs (N, C, loss) from Hoffmann et al. 2022 Fig. 4, digitised by Epoch AI"
        case .muennighoff: "final losses of repeated-data runs (N, D, unique tokens)"
        case .muennighoffCurves: "loss curves of the 2.8B/4.2B/8.7B repetition runs"
        case .gadreRuns: "over-trained open_lm runs: size, tokens, 8 validation losses, mean error"
        case .gadreDownstream: "per-run accuracy and error on 46 downstream tasks"
        case .gadreTasks: "downstream task metadata (category, shots, random baseline)"
        case .epochModels: "notable AI models: date, parameters, compute, data, hardware, cost"
        case .epochCosts: "training-cost estimates by three methods"
        case .epochCostsUpdated: "training-cost estimates, updated run"
        case .dataStock: "training-set sizes of notable LLMs over time"
        case .monkeysGSM8K: "repeated sampling (KoyejoLab / Schaeffer et al. 2025): 81 Pythia checkpoints (9 sizes × 9 training lengths) × 128 GSM8K problems, samples n and correct c"
        case .routing: "dense and routed (mixture-of-experts) training curves: 223 runs, 1–512 experts"
        case .inferencePrices: "model list prices per million tokens with benchmark scores (37 models)"
        case .inferencePricesMore: "more model prices with benchmark scores (34 models)"
        case .benchmarkScores: "benchmark scores of AI models by release date (2,477 scores, ~40 benchmarks)"
        case .obsScaling: "148 public base models of 39 families: size, data, compute and 8 benchmark accuracies"
        case .obsScalingEmergent: "83 of those models on 'emergent' tasks, IPA transliteration by exact match and BLEU"
        }
    }

    /// The citation to show wherever the data is shown.
    public var citation: String {
        switch self {
        case .chinchilla:
            "Hoffmann et al. (2022), Training Compute-Optimal Large Language Models, arXiv:2203.15556, Fig. 4; points digitised by Epoch AI (epoch-research/analyzing-chinchilla), Besiroglu et al. (2024), Chinchilla Scaling: A replication attempt, arXiv:2404.10102"
        case .muennighoff, .muennighoffCurves:
            "Muennighoff et al. (2023), Scaling Data-Constrained Language Models, arXiv:2305.16264 (huggingface/datablations; curves via IBM/ColPret)"
        case .gadreRuns, .gadreDownstream, .gadreTasks:
            "Gadre et al. (2024), Language models scale reliably with over-training and on downstream tasks, arXiv:2403.08540 (mlfoundations/scaling)"
        case .epochModels:
            "Epoch AI, Data on Notable AI Models, https://epoch.ai/data/ai-models (snapshot via epoch-research/training-cost-trends), CC BY 4.0 as Epoch states for its data"
        case .epochCosts, .epochCostsUpdated:
            "Cottier et al. (2024), The rising costs of training frontier AI models, arXiv:2405.21015 (epoch-research/training-cost-trends)"
        case .monkeysGSM8K:
            "Schaeffer et al. (2025), How Do Large Language Monkeys Get Their Power (Laws)?, arXiv:2502.17578: the KoyejoLab group's own sampling of 81 Pythia checkpoints (9 sizes × 9 training lengths, 14M…12B, 2M…300B tokens; n up to 2,980,608 per problem), from their repository's gsm8k_pass_at_k.parquet @cd078ae — not Brown et al. (2024)'s samples (final checkpoints 70M…12B, 10,000 each); Brown et al. is the method's origin"
        case .routing:
            "Clark et al. (2022), Unified Scaling Laws for Routed Language Models, ICML 2022, arXiv:2202.01169 (google-deepmind/scaling_laws_for_routing, data CC BY 4.0)"
        case .inferencePrices, .inferencePricesMore:
            "Epoch AI (2025), LLM inference prices have fallen rapidly but unequally across tasks, https://epoch.ai/data-insights/llm-inference-price-trends (epoch-research/llm-benchmark-efficiency; many scores compiled by Artificial Analysis)"
        case .benchmarkScores:
            "Epoch AI, benchmark-stitching (MIT), Ho et al. (2025), A Rosetta Stone for AI Benchmarks"
        case .obsScaling, .obsScalingEmergent:
            "Ruan, Maddison & Hashimoto (2024), Observational Scaling Laws and the Predictability of Language Model Performance, NeurIPS 2024, arXiv:2405.10938 (ryoungj/ObsScaling, Apache-2.0)"
        case .dataStock:
            "Villalobos et al. (2024), Will we run out of data? Limits of LLM scaling based on human-generated data, arXiv:2211.04325 (epoch-research/data-stock)"
        }
    }

    /// The file's location in the installed bundle.
    public var url: URL {
        get throws {
            let (folder, file) = path
            guard let base = Bundle.module.resourceURL else {
                throw InputError(
                    file: rawValue, problem: "the bundled datasets are missing from this build",
                    remedy: "rebuild Plateau with 'swift build'")
            }
            return base.appendingPathComponent("datasets").appendingPathComponent(folder).appendingPathComponent(file)
        }
    }

    /// The file name shown in messages, e.g. `chinchilla (svg_extracted_data.csv)`.
    public var displayName: String { "\(rawValue):\(path.file)" }

    /// The file's bytes, unchanged.
    public func data() throws -> Data {
        guard let data = FileManager.default.contents(atPath: try url.path) else {
            throw InputError(
                file: displayName, problem: "the bundled file cannot be read",
                remedy: "rebuild Plateau with 'swift build'")
        }
        return data
    }

    /// The file parsed as a table.
    public func table() throws -> DataTable {
        try DataTable.parse(TextSource.decode(data(), file: displayName), source: displayName, format: .csv)
    }

    /// The `SOURCE.md` that documents this dataset's origin and licence.
    public func sourceNotes() throws -> String {
        let url = try url.deletingLastPathComponent().appendingPathComponent("SOURCE.md")
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8)
        else {
            throw InputError(
                file: displayName, problem: "SOURCE.md is missing from the bundle", remedy: "rebuild Plateau")
        }
        return text
    }

    /// The Chinchilla runs as Besiroglu et al. 2024 use them: D = C/(6N).
    public static func chinchillaRuns() throws -> RunTable {
        try RunTable(table: BundledDataset.chinchilla.table())
    }

    /// The 182 repeated-data runs behind Muennighoff et al.'s published R_D*, R_N* fit
    /// (`in_main_fit_182 = 1`): N, D, U and final validation loss.
    public static func muennighoffMainFit() throws -> (
        parameters: [Double], tokens: [Double], uniqueTokens: [Double], losses: [Double]
    ) {
        let table = try BundledDataset.muennighoff.table().filtered(column: "in_main_fit_182", equals: "1")
        return try (
            table.positiveValues(.parameters), table.positiveValues(.tokens), table.positiveValues(.uniqueTokens),
            table.positiveValues(.loss)
        )
    }
}
