import Foundation
import PlateauCore
import Plot

/// The what-if page (`plateau explore`): one self-contained HTML file where a reader moves the
/// budget, the accelerator, its price and MFU, the serving volume, the unique data and the grid,
/// and the plan, its intervals and its cost follow.
///
/// The fit is made in Plateau; the page only evaluates. It embeds the fitted law (the Chinchilla
/// form E + A/N^α + B/D^β, whose plan has a closed form) and its bootstrap draws as JSON, and a
/// small script (``WhatIfScript``) that repeats the library's closed forms and its bracketed
/// one-dimensional solves (Brent's method) — ``TrainingPlan``, ``InferenceAwarePlan``,
/// ``DataConstrainedPlan``, ``ComputeCost``, ``FrontierDecisions``' percentile intervals and the
/// first step of ``DiminishingReturns`` — so that the page agrees with `plateau plan`,
/// `plateau returns` and `plateau price` to rounding. The state lives in the URL fragment
/// (`#budget=1e24&gpu=H100&serve=5T`). No network, no external resources.
package struct WhatIfPage: Sendable {
    /// One law the page can plan with.
    package struct Law: Sendable, Encodable {
        /// The fragment's `law=` value.
        package var id: String
        package var label: String
        package var law: ChinchillaLaw
        /// Bootstrap draws of the law, each as (E, A, B, α, β); empty for published constants.
        package var draws: [ChinchillaLaw]
        /// Where the draws come from ("200 bootstrap resamples of the runs …"), or why there are none.
        package var drawsSource: String
        /// The level of the intervals (0.95 unless a saved fit says otherwise).
        package var level: Double
        /// The largest compute (FLOPs, 6·N·D) among the runs behind the law.
        package var largestFitted: Double?
        /// The fit's warnings, shown above the outputs while this law is chosen.
        package var warnings: [String]

        package init(
            id: String, label: String, law: ChinchillaLaw, draws: [ChinchillaLaw], drawsSource: String,
            level: Double = 0.95, largestFitted: Double?, warnings: [String]
        ) {
            self.id = id
            self.label = label
            self.law = law
            self.draws = draws
            self.drawsSource = drawsSource
            self.level = level
            self.largestFitted = largestFitted
            self.warnings = warnings
        }

        enum CodingKeys: String, CodingKey {
            case id, label, law, draws, level, warnings
            case drawsSource = "draws_source"
            case largestFitted = "largest_fitted_flops"
        }

        package func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(label, forKey: .label)
            try c.encode(Self.constants(law), forKey: .law)
            try c.encode(draws.map(Self.constants), forKey: .draws)
            try c.encode(drawsSource, forKey: .drawsSource)
            try c.encode(level, forKey: .level)
            try c.encodeIfPresent(largestFitted, forKey: .largestFitted)
            try c.encode(warnings, forKey: .warnings)
        }

        /// (E, A, B, α, β): what the script reads.
        static func constants(_ l: ChinchillaLaw) -> [Double] { [l.E, l.A, l.B, l.alpha, l.beta] }
    }

    /// The page's opening state; the URL fragment overrides any of it.
    package struct Start: Sendable, Encodable {
        package var budget: Double
        package var gpu: String
        /// A price given on the command line (else each accelerator's catalog price).
        package var price: Double?
        package var mfu: Double
        package var serveMfu: Double
        package var pue: Double
        package var grid: Double
        package var gpus: Int
        package var serve: Double?
        package var unique: Double?
        /// `--watts`: the accelerator's power, overriding the catalog's for every accelerator.
        package var watts: Double?

        package init(
            budget: Double, gpu: String, price: Double?, mfu: Double, serveMfu: Double, pue: Double, grid: Double,
            gpus: Int, serve: Double?, unique: Double?, watts: Double? = nil
        ) {
            self.budget = budget
            self.gpu = gpu
            self.price = price
            self.mfu = mfu
            self.serveMfu = serveMfu
            self.pue = pue
            self.grid = grid
            self.gpus = gpus
            self.serve = serve
            self.unique = unique
            self.watts = watts
        }

        enum CodingKeys: String, CodingKey {
            case budget, gpu, price, mfu, pue, grid, gpus, serve, unique, watts
            case serveMfu = "serve_mfu"
        }
    }

    package var title = "What if — Plateau"
    package var laws: [Law]
    package var accelerators: [Accelerator]
    package var start: Start
    /// The law of the data-constrained plan (Muennighoff et al. 2023, their constants).
    package var dataConstrained = MuennighoffLaw.muennighoff2023

    package init(laws: [Law], accelerators: [Accelerator], start: Start) {
        self.laws = laws
        self.accelerators = accelerators
        self.start = start
    }

    /// The embedded data, `plateau.explore/1`. `<` is written as `\u003c`, so no string from the
    /// data can close the script element.
    package func dataJSON() throws -> String {
        struct Hardware: Encodable {
            var name: String
            var peakFlops: Double
            var usdPerHour: Double?
            var watts: Double?
            enum CodingKeys: String, CodingKey {
                case name, watts
                case peakFlops = "peak_flops"
                case usdPerHour = "usd_per_hour"
            }
        }
        struct DataConstrained: Encodable {
            var base: [Double]
            var dataRepetitionScale: Double
            var parameterExcessScale: Double
            var fittedUniqueTokens: [Double]
            var fittedMaxEpochs: Double
            enum CodingKeys: String, CodingKey {
                case base
                case dataRepetitionScale = "r_d_star"
                case parameterExcessScale = "r_n_star"
                case fittedUniqueTokens = "fitted_unique_tokens"
                case fittedMaxEpochs = "fitted_max_epochs"
            }
        }
        struct Document: Encodable {
            var schema = "plateau.explore/1"
            var laws: [Law]
            var accelerators: [Hardware]
            var start: Start
            var dataConstrained: DataConstrained
            var minimumDraws: Int
            var farThreshold: Double
            var servingMfuNote: String
            enum CodingKeys: String, CodingKey {
                case schema, laws, accelerators, start
                case dataConstrained = "data_constrained"
                case minimumDraws = "minimum_draws"
                case farThreshold = "far_threshold"
                case servingMfuNote = "serving_mfu_note"
            }
        }
        let doc = Document(
            laws: laws,
            accelerators: accelerators.map {
                Hardware(name: $0.name, peakFlops: $0.peakFlops, usdPerHour: $0.usdPerHour, watts: $0.watts)
            },
            start: start,
            dataConstrained: DataConstrained(
                base: Law.constants(dataConstrained.base), dataRepetitionScale: dataConstrained.dataRepetitionScale,
                parameterExcessScale: dataConstrained.parameterExcessScale,
                fittedUniqueTokens: [
                    DataConstrainedPlan.fittedUniqueTokens.lowerBound, DataConstrainedPlan.fittedUniqueTokens.upperBound,
                ],
                fittedMaxEpochs: DataConstrainedPlan.fittedMaxEpochs),
            minimumDraws: LawBootstrap.minimumForIntervals, farThreshold: LawPrediction.farThreshold,
            servingMfuNote:
                "serving runs at \(NumberFormat.significant(start.serveMfu, 3)) MFU: decoding is bound by memory bandwidth (plan's --serve-mfu)"
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(doc), as: UTF8.self)
        return text.replacingOccurrences(of: "<", with: "\\u003c")
    }

    /// The whole page.
    package func render() throws -> String {
        let json = try dataJSON()
        let lawOptions = laws.map { "<option value=\"\(escape($0.id))\">\(escape($0.label))</option>" }.joined()
        let gpuOptions = accelerators.map { "<option value=\"\(escape($0.name))\">\(escape($0.name))</option>" }
            .joined()
        let html = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", nodes: [.safe(title)]),
                .style(HTMLReport.css + "\n" + Self.css)
            ),
            .body(
                .header(
                    .h1(.safe("What if: budget, hardware, serving and data")),
                    .p(
                        .class("lede"),
                        .safe(
                            "Move a control and the plan follows: the compute-optimal model size and data with their intervals, the predicted loss, and what the run costs. The law was fitted by Plateau; this page only evaluates its closed forms and bootstrap draws. The address bar holds the state, so a what-if can be linked."
                        ))
                ),
                .main(
                    .div(
                        .class("whatif"),
                        .raw(Self.controls(lawOptions: lawOptions, gpuOptions: gpuOptions, multipleLaws: laws.count > 1)),
                        .raw(Self.outputs)
                    )
                ),
                .footer(
                    .p(
                        .safe(
                            "Made by Plateau 0.8 (plateau explore). Numbers match 'plateau plan', 'plateau returns' and 'plateau price' with the same options; the law and its draws are embedded below."
                        ))),
                .raw("<script type=\"application/json\" id=\"plateau-data\">\(json)</script>"),
                .raw("<script>\n\(WhatIfScript.source)</script>")
            )
        )
        return html.render(indentedBy: .spaces(1)) + "\n"
    }

    static func controls(lawOptions: String, gpuOptions: String, multipleLaws: Bool) -> String {
        """
        <form id="controls" class="controls" aria-label="What-if controls">
        <fieldset\(multipleLaws ? "" : " hidden")><legend>Law</legend>
        <label for="law">Scaling law</label>
        <select id="law">\(lawOptions)</select>
        </fieldset>
        <fieldset><legend>Training budget</legend>
        <div class="mode" role="radiogroup" aria-label="Budget given as">
        <label><input type="radio" name="mode" id="mode-flops" value="flops" checked> FLOPs</label>
        <label><input type="radio" name="mode" id="mode-gpus" value="gpus"> GPUs × days</label>
        </div>
        <div id="flops-controls">
        <label for="budget">Budget (log₁₀ FLOPs)</label>
        <input type="range" id="budget" min="18" max="28" step="0.05" aria-describedby="budget-text">
        <output id="budget-text" for="budget"></output>
        </div>
        <div id="gpu-controls" hidden>
        <label for="days">Days on the accelerators below</label>
        <input type="number" id="days" min="0.01" step="any" inputmode="decimal">
        </div>
        </fieldset>
        <fieldset><legend>Hardware</legend>
        <label for="gpu">Accelerator</label>
        <select id="gpu">\(gpuOptions)</select>
        <label for="gpus">How many</label>
        <input type="number" id="gpus" min="1" step="1" inputmode="numeric">
        <label for="price">Price ($ per accelerator-hour)</label>
        <input type="number" id="price" min="0.01" step="0.01" inputmode="decimal">
        <label for="mfu">MFU (training)</label>
        <input type="range" id="mfu" min="0.05" max="0.8" step="0.01" aria-describedby="mfu-text">
        <output id="mfu-text" for="mfu"></output>
        <label for="pue">PUE</label>
        <input type="number" id="pue" min="1" max="3" step="0.01" inputmode="decimal">
        <label for="grid">Grid (kg CO2 per kWh)</label>
        <input type="number" id="grid" min="0" max="2" step="0.001" inputmode="decimal">
        </fieldset>
        <fieldset><legend>Serving</legend>
        <label class="check"><input type="checkbox" id="serve-on"> Plan for serving</label>
        <label for="serve">Tokens served (log₁₀)</label>
        <input type="range" id="serve" min="9" max="16" step="0.1" aria-describedby="serve-text">
        <output id="serve-text" for="serve"></output>
        </fieldset>
        <fieldset><legend>Unique data</legend>
        <label class="check"><input type="checkbox" id="unique-on"> Limit the unique tokens</label>
        <label for="unique">Unique tokens (log₁₀)</label>
        <input type="range" id="unique" min="8" max="15" step="0.05" aria-describedby="unique-text">
        <output id="unique-text" for="unique"></output>
        </fieldset>
        </form>
        """
    }

    static let outputs = """
        <div class="results" aria-live="polite">
        <section id="plan-out" aria-labelledby="plan-title">
        <h2 id="plan-title">The compute-optimal run</h2>
        <p id="law-text" class="citation"></p>
        <ul id="warnings" class="warnings"></ul>
        <dl class="figures">
        <dt>Budget</dt><dd><output id="budget-out"></output></dd>
        <dt>Model size N<sub>opt</sub></dt><dd><output id="n-opt"></output></dd>
        <dt>Tokens D<sub>opt</sub></dt><dd><output id="d-opt"></output></dd>
        <dt>Tokens per parameter</dt><dd><output id="ratio"></output></dd>
        <dt>Predicted loss</dt><dd><output id="loss"></output></dd>
        <dt>Beyond the largest fitted run</dt><dd><output id="extrapolation"></output></dd>
        </dl>
        <p id="interval-note" class="citation"></p>
        </section>
        <section id="chart-out" aria-labelledby="chart-title">
        <h2 id="chart-title">Loss against training cost</h2>
        <div class="chart-frame" id="chart"></div>
        <p id="chart-caption" class="citation"></p>
        </section>
        <section id="cost-out" aria-labelledby="cost-title">
        <h2 id="cost-title">What it costs</h2>
        <table><thead><tr><th></th><th>training</th><th>serving</th></tr></thead>
        <tbody>
        <tr><th scope="row">FLOPs</th><td><output id="train-flops"></output></td><td><output id="serve-flops"></output></td></tr>
        <tr><th scope="row">GPU-hours</th><td><output id="train-hours"></output></td><td><output id="serve-hours"></output></td></tr>
        <tr><th scope="row">Wall clock</th><td><output id="train-days"></output></td><td><output id="serve-days"></output></td></tr>
        <tr><th scope="row">Dollars</th><td><output id="train-usd"></output></td><td><output id="serve-usd"></output></td></tr>
        <tr><th scope="row">Energy</th><td><output id="train-mwh"></output></td><td><output id="serve-mwh"></output></td></tr>
        <tr><th scope="row">Emissions</th><td><output id="train-co2"></output></td><td><output id="serve-co2"></output></td></tr>
        </tbody></table>
        <p id="serve-note" class="citation"></p>
        <p><strong>The next 10 % of reducible loss</strong>: <output id="marginal"></output></p>
        </section>
        <section id="serving-out" aria-labelledby="serving-title" hidden>
        <h2 id="serving-title">Inference-aware plan (Sardana et al. 2024)</h2>
        <p><output id="serving"></output></p>
        </section>
        <section id="data-out" aria-labelledby="data-title" hidden>
        <h2 id="data-title">Data-constrained plan (Muennighoff et al. 2023)</h2>
        <p><output id="constrained"></output></p>
        <ul id="data-warnings" class="warnings"></ul>
        </section>
        </div>
        """

    static let css = """
        header, main, footer { max-width: 1240px; }
        .whatif { display: grid; grid-template-columns: minmax(260px, 340px) 1fr; gap: 18px; align-items: start; }
        .controls { position: sticky; top: 10px; background: #fff; border: 1px solid var(--rule); border-radius: 10px; padding: 12px 16px; }
        fieldset { border: 0; border-top: 1px solid var(--rule); margin: 0; padding: 8px 0 10px; }
        fieldset:first-of-type { border-top: 0; }
        legend { font-weight: 600; padding: 0; }
        .controls label { display: block; font-size: 0.9rem; color: var(--muted); margin-top: 6px; }
        .controls label.check, .mode label { color: var(--ink); }
        .mode { display: flex; gap: 14px; }
        .mode label { display: inline-flex; gap: 4px; align-items: center; }
        .controls input[type=range], .controls select, .controls input[type=number] { width: 100%; font: inherit; }
        .controls output { font-variant-numeric: tabular-nums; font-size: 0.92rem; }
        .results section { margin: 0 0 18px; }
        dl.figures { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
        dl.figures dt { color: var(--muted); }
        dl.figures dd { margin: 0; font-variant-numeric: tabular-nums; }
        .results table td { text-align: right; }
        .chart-frame svg { max-width: 100%; }
        .chart .band { fill: #0072B2; fill-opacity: 0.15; stroke: none; }
        .chart .frontier { fill: none; stroke: #0072B2; stroke-width: 2; }
        .chart .current { fill: #D55E00; }
        .chart .fitted { stroke: #57606a; stroke-dasharray: 4 3; }
        .chart text { font-size: 12px; fill: #1b1f24; }
        .chart .gridline { stroke: #eef1f4; }
        @media (max-width: 760px) {
          .whatif { grid-template-columns: 1fr; } .controls { position: static; }
          dl.figures { grid-template-columns: 1fr; gap: 0; } dl.figures dd { margin-bottom: 6px; }
          .results th, .results td { white-space: normal; padding: 5px 6px; }
        }
        """
}
