/// What a column of a runs table means, matched by name with the aliases people use.
public enum ColumnRole: String, CaseIterable, Sendable {
    case parameters = "N"
    case tokens = "D"
    case flops = "C"
    case loss = "loss"
    case uniqueTokens = "U"
    case experts = "E"
    case date = "date"
    case score = "score"
    case group = "group"
    case step = "step"
    case run = "run"
    case aiTokens = "A"
    case humanTokens = "H"

    /// Names that identify the column, highest priority first; compared after lower-casing and
    /// removing spaces, `_` and `-`.
    public var aliases: [String] {
        switch self {
        case .parameters: ["N", "params", "parameters", "model_size", "Model Size", "num_params", "n_params"]
        case .tokens:
            [
                "D", "tokens", "training_tokens", "train_tokens", "num_tokens", "data", "pretraining_tokens",
                "Pretraining Data Size",
            ]
        case .flops:
            ["C", "flops", "compute", "Training FLOP", "training_flops", "training compute (FLOP)", "flops_6ND"]
        case .loss: ["loss", "L", "final_loss", "final_val_loss", "val_loss", "eval_loss", "validation_loss", "bpb", "bits_per_byte", "val_bpb", "eval_bpb"]
        case .uniqueTokens: ["U", "unique_tokens", "U_D", "unique"]
        case .experts: ["E", "experts", "num_experts", "n_experts", "expert_count"]
        case .date: ["date", "publication date", "published"]
        case .score: ["score", "accuracy", "acc", "error"]
        case .group: ["group", "family", "model_family", "Model Family"]
        case .step: ["step", "steps", "iteration"]
        case .run: ["run", "run_id", "run_name", "hyper_id", "model", "model_name", "Model Name", "System"]
        case .aiTokens: ["A", "ai_tokens", "D_AI", "ai_token_count"]
        case .humanTokens: ["H", "human_tokens", "D_H", "D_human", "human_token_count"]
        }
    }

    /// Names that identify the column only when no alias (nor an alias with a unit) does: a bare
    /// `size` beside `params` is not the model size, but on its own (Pythia's `1.4b`) it is.
    public var fallbackAliases: [String] {
        switch self {
        case .parameters: ["size"]
        default: []
        }
    }

    /// What the column holds, for messages.
    public var meaning: String {
        switch self {
        case .parameters: "model size (parameters)"
        case .tokens: "training tokens"
        case .flops: "training compute (FLOP)"
        case .loss: "loss"
        case .uniqueTokens: "unique tokens"
        case .experts: "experts per routed layer"
        case .date: "date"
        case .score: "score"
        case .group: "group"
        case .step: "step"
        case .run: "training run"
        case .aiTokens: "AI-written tokens"
        case .humanTokens: "human-written tokens"
        }
    }

    /// The role named by a `--column ROLE=name` key: the short name or any alias.
    public init?(key: String) {
        let k = Self.normalize(key)
        guard let role = Self.allCases.first(where: { $0.aliases.contains { Self.normalize($0) == k } }) else {
            return nil
        }
        self = role
    }

    /// Whether a column's name says it holds a loss (`loss_c4_val`, `val_loss`): Plateau's rule
    /// for naming loss columns when none is the loss, and for never reading one as a score.
    static func looksLikeLoss(_ name: String) -> Bool {
        let n = normalize(name)
        return n.hasPrefix("loss") || n.hasSuffix("loss")
    }

    static func normalize(_ name: String) -> String {
        String(name.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" })
    }
}
