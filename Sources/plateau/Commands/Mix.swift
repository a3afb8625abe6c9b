import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

extension Plateau {
    struct Mix: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What AI-written web text in the training mix is worth, when it starts to hurt, and what filtering it out saves.",
            discussion: """
                By Russell et al. 2026's law (arXiv 2609.40295), fitted on 726 pretraining runs that add \
                AI-labelled web text to human text: at a model size, a human corpus and an AI share, the loss \
                with and without the AI text, the value of an AI token in human tokens and the ratio where it \
                turns negative, the loss-minimising AI share, and the compute multiplier of not filtering \
                (priced). Their constants for each evaluation set are bundled (--target); a saved fit of \
                'russell2026' to your runs works too (--fit). Defaults: their 268M models, 20 human tokens per \
                parameter, and the AI share of their 2026 web crawl (22.3 %).
                """)

        @Option(help: "Russell et al.'s evaluation set: c4, fw22, fw26-human, paloma, fw26, fw26-ai or cosmopedia.")
        var target: String = "c4"

        @Option(help: "A saved 'plateau fit --law russell2026 --json' document instead of their constants.")
        var fit: String?

        @Option(name: .customLong("params"), parsing: .unconditional, help: "Model size N (parameters).")
        var parameters: Quantity = Quantity(MixPlan.referenceParameters)

        @Option(parsing: .unconditional, help: "Human tokens D_H (default: --tokens-per-param × N).")
        var humanTokens: Quantity?

        @Option(parsing: .unconditional, help: "Human tokens per parameter, when --human-tokens is not given.")
        var tokensPerParam: Double = MixPlan.referenceTokensPerParameter

        @Option(parsing: .unconditional, help: "AI share of all training tokens, in [0, 1) (default 0.2232, their 2026 crawl's).")
        var aiShare: Double?

        @Option(parsing: .unconditional, help: "AI tokens per human token, instead of --ai-share.")
        var aiRatio: Double?

        @Flag(help: "Also say how each number is defined, and what model-collapse theory says (as text, no numbers).")
        var explain = false

        @OptionGroup var cost: CostOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard parameters.value > 0 && parameters.value.isFinite else {
                throw ValidationError("Please give '--params' a positive number of parameters, got \(parameters.text).")
            }
            if let humanTokens, !(humanTokens.value > 0 && humanTokens.value.isFinite) {
                throw ValidationError("Please give '--human-tokens' a positive number of tokens, got \(humanTokens.text).")
            }
            guard tokensPerParam > 0 && tokensPerParam.isFinite else {
                throw ValidationError("Please give '--tokens-per-param' a positive number, got \(tokensPerParam).")
            }
            if aiShare != nil && aiRatio != nil {
                throw ValidationError("Please give one of '--ai-share' and '--ai-ratio', not both.")
            }
            if let aiShare, !(aiShare >= 0 && aiShare < 1) {
                throw ValidationError("Please give '--ai-share' in [0, 1), got \(aiShare) — a share of 1 leaves no human text.")
            }
            if let aiRatio, !(aiRatio >= 0 && aiRatio.isFinite) {
                throw ValidationError("Please give '--ai-ratio' as 0 or more AI tokens per human token, got \(aiRatio).")
            }
            if fit != nil && target != "c4" {
                throw ValidationError("Please give one of '--fit' and '--target': a saved fit has its own constants.")
            }
            guard fit != nil || PublishedLaw.mix(target: target) != nil else {
                let targets = PublishedLaw.allCases.compactMap(\.mixTarget).joined(separator: ", ")
                throw ValidationError("Unknown '--target \(target)' — give one of the sets Russell et al. fitted: \(targets).")
            }
        }

        func run() throws {
            let fitted: FittedLaw, description: String, chosenTarget: String?
            if let fit {
                fitted = try reportingInputErrors { try FittedLaw.load(document: fit) }
                guard fitted.law.inputs.contains(.A) else {
                    throw Failure.usage(
                        "'--fit \(InputError.excerpt(fit))' holds a fit of '\(fitted.law.name)', which reads \(fitted.law.inputs.map(\.rawValue).joined(separator: ", ")) — 'mix' needs a law of AI tokens: fit one with 'plateau fit RUNS --law russell2026 --json'"
                    )
                }
                (description, chosenTarget) = ("\(fitted.law.name) fit in \(fit)", nil)
            } else {
                let published = PublishedLaw.mix(target: target)!
                fitted = try reportingInputErrors { try published.fitted() }
                (description, chosenTarget) = (fitted.origin, published.mixTarget)
            }
            let n = parameters.value
            let human = humanTokens?.value ?? tokensPerParam * n
            let share = aiRatio.map { $0 / (1 + $0) } ?? aiShare ?? MixPlan.crawl2026Share
            let report = MixReport.make(
                fitted: fitted, lawDescription: description, target: chosenTarget, parameters: n, humanTokens: human,
                share: share, accelerator: try cost.accelerator(), assumptions: cost.assumptions)
            guard report.answer.humanLoss.isFinite, report.answer.mixLoss.isFinite, report.answer.humanLoss > 0 else {
                throw Failure.data(
                    "plateau: \(description) predicts no finite loss at N = \(NumberFormat.si(n)), D_H = \(NumberFormat.si(human)) — check the fit's parameters"
                )
            }
            try output.emit(text: { report.text(explain: explain) }, json: report.json)
        }
    }
}
