// Side-by-side speed comparison of Plateau's full-grid Chinchilla fit with the scipy reference.
//
//     swift run -c release plateau-bench [--reference PATH] [--repeats K] [--skip-reference] [--big-log-only]
//
// Runs, in one process and one session on this machine:
//   1. Plateau: the 4,500-start grid on the 240 Chinchilla runs (huber-log), K times, on 1 and on
//      all threads; reports the median wall time. Also the variant without the single-precision
//      screen (every evaluation in double precision), for comparison.
//   2. A 1,000-resample bootstrap with a multi-start per resample (the default of
//      `plateau fit --bootstrap`: 500 seeded random starts each), on all threads.
//   3. Every catalog law: a 1,000-resample bootstrap of whole runs (the fit's optimum plus 8 grid
//      starts per resample, `plateau fit --law LAW --bootstrap 1000`) on bundled data of ≤ 300
//      rows; the bar is 30 s each.
//   4. The reference: python3 approach3_scipy.py --grid full --workers 1 --bootstrap 0
//      --grid-bootstrap 1 --skip-fd: scipy L-BFGS-B with the exact gradient from every start of
//      the grid (timed exactly as with --grid-bootstrap 0), then one bootstrap resample that
//      re-runs the full grid, whose time ×1,000 is the reference bootstrap's.
// Then checks both reach the same objective and prints the ratios. Timings live here, never in
// tests.
import Foundation
import PlateauCore
import PlateauOptim
import PlateauReport

struct Arguments {
    var reference = "../shared/reference/approach3_scipy.py"
    var repeats = 5
    var skipReference = false
    var bootstrapResamples = 1000
    var catalogResamples = 1000
    var catalogLaws: [String]? = nil
    var bigLogOnly = false

    init() {
        var it = CommandLine.arguments.dropFirst().makeIterator()
        while let arg = it.next() {
            switch arg {
            case "--reference": reference = it.next() ?? reference
            case "--repeats": repeats = it.next().flatMap(Int.init) ?? repeats
            case "--skip-reference": skipReference = true
            case "--big-log-only": bigLogOnly = true
            case "--bootstrap-resamples": bootstrapResamples = it.next().flatMap(Int.init) ?? bootstrapResamples
            case "--catalog-resamples": catalogResamples = it.next().flatMap(Int.init) ?? catalogResamples
            case "--catalog-laws": catalogLaws = it.next().map { $0.split(separator: ",").map(String.init) }
            default:
                FileHandle.standardError.write(Data("plateau-bench: unknown argument '\(arg)'\n".utf8))
                exit(64)
            }
        }
    }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

let args = Arguments()
let runs = try BundledDataset.chinchillaRuns().droppingHighestLosses(5)
let cores = ProcessInfo.processInfo.activeProcessorCount
if args.bigLogOnly {
    bigLog()
    exit(0)
}
print("machine: \(cores) cores; runs: \(runs.count); grid: 4,500 starts; estimator: huber-log")

var plateauObjective = Double.nan
var plateauMedian: [Int: Double] = [:]
// The default (single-precision screen, double-precision finish) on 1 and all threads, and the
// double-precision-throughout variant for comparison.
let configurations = Array(Set([1, cores])).sorted().map { ($0, true) } + [(cores, false)]
for (threads, screening) in configurations {
    var options = FitOptions()
    options.threads = threads
    options.screening = screening
    var times: [Double] = []
    var objective = Double.nan
    for _ in 0..<args.repeats {
        let clock = ContinuousClock()
        let start = clock.now
        let fit = try ChinchillaLaw.fit(to: runs, options: options)
        times.append((clock.now - start).seconds)
        objective = fit.objective
    }
    let shown = times.map { String(format: "%.3f", $0) }.joined(separator: " ")
    let label = screening ? "" : ", double precision throughout"
    print(
        String(
            format: "plateau  %d thread(s)%@: median %.3f s  (runs: %@; objective %.10e)", threads, label,
            median(times), shown, objective))
    if screening {
        plateauMedian[threads] = median(times)
        plateauObjective = objective
    }
}
print(String(format: "plateau  objective %.10e", plateauObjective))

var bootstrapSeconds = Double.nan
if args.bootstrapResamples > 0 {
    let sample = LawSample(runs: runs)
    let fit = try CatalogFit.fit(ChinchillaForm(), points: sample.points, observed: sample.observed, threads: cores)
    var options = LawBootstrapOptions()
    options.resamples = args.bootstrapResamples
    options.threads = cores
    options.kernelStarts = .random(count: 500)
    let clock = ContinuousClock()
    let start = clock.now
    let result = LawBootstrap(fit: fit, sample: sample, options: options)
    bootstrapSeconds = (clock.now - start).seconds
    let interval = { (name: String) in result.parameters.first { $0.name == name }?.interval }
    let e = interval("E"), alpha = interval("alpha"), beta = interval("beta")
    print(
        String(
            format: "plateau  bootstrap, %d resamples × 500 random starts, %d threads: %.1f s  (%d failed)",
            args.bootstrapResamples, cores, bootstrapSeconds, result.failed + result.outsideDomain))
    print(
        String(
            format:
                "plateau  95%% intervals: E (%.3f, %.3f), α (%.3f, %.3f), β (%.3f, %.3f); published E (1.769, 1.871), α (0.317, 0.373), β (0.331, 0.415)",
            e?.lower ?? .nan, e?.upper ?? .nan, alpha?.lower ?? .nan, alpha?.upper ?? .nan, beta?.lower ?? .nan,
            beta?.upper ?? .nan))
    print(
        String(
            format: "bar      1,000-resample bootstrap under 60 s: %@",
            bootstrapSeconds * 1000 / Double(args.bootstrapResamples) < 60 ? "met" : "NOT met"))
}

if args.catalogResamples > 0 {
    // The data each law is benchmarked on: the Chinchilla runs (240), Muennighoff's 182 and
    // Gadre's 104 runs (loss → 17-task error; accuracy against compute for the sigmoid).
    let chinchilla = LawSample(runs: runs)
    let muennighoffTable = try BundledDataset.muennighoff.table().filtered(column: "in_main_fit_182", equals: "1")
    var readU = RunTable.ReadOptions()
    readU.extraColumns = [.uniqueTokens]
    let muennighoff = LawSample(runs: try RunTable(table: muennighoffTable, options: readU))
    let gadreTable = try BundledDataset.gadreRuns.table()
    let gadreRuns = try RunTable(table: gadreTable, overrides: [.loss: "loss_c4_val"])
    let errors = try gadreTable.positiveValues(.score, overrides: [.score: "err_avg_17"])
    let gadre = LawSample(points: gadreRuns.losses.map { LawPoint(L: $0) }, observed: errors, source: "gadre")
    let accuracy = LawSample(
        points: gadreRuns.flops.map { LawPoint(C: $0) }, observed: errors.map { 1 - $0 }, source: "gadre")
    // Clark et al.'s routing law on the S-Base runs of the bundled DeepMind curves (58 runs).
    var routingOptions = RoutingAnalysis.Options()
    routingOptions.resamples = 0
    routingOptions.threads = cores
    let routing = try RoutingAnalysis(table: BundledDataset.routing.table(), options: routingOptions).routers
        .first { $0.name == "S-Base" }!.sample
    // Kaplan et al.'s L(N, S) on Muennighoff et al.'s single-epoch C4 training curves: every
    // checkpoint of the 4.2B and 8.7B runs and every fourth of the 2.8B run (292 rows), S counted
    // in units of 2²⁰ tokens seen (the benchmark times the fit; the unit only rescales S_c).
    let curvesTable = try BundledDataset.muennighoffCurves.table().filtered(column: "dataset", equals: "c4")
        .filtered(column: "epochs", equals: "1")
    var readCurves = RunTable.ReadOptions()
    readCurves.checkpoints = .all
    readCurves.overrides = [.tokens: "tokens_seen", .run: "tensorboard_run"]
    let curveRuns = try RunTable(table: curvesTable, options: readCurves)
    var kept: [Int] = [], seenBySize: [Double: Int] = [:]
    for i in curveRuns.losses.indices {
        let n = curveRuns.parameters[i]
        seenBySize[n, default: 0] += 1
        if n > 3e9 || seenBySize[n]! % 4 == 1 { kept.append(i) }
    }
    var steps = LawSample(runs: curveRuns).subset(kept)
    for i in steps.points.indices { steps.points[i].S = steps.points[i].D / 1_048_576 }
    var slowest = 0.0
    for name in LawSpec.names where args.catalogLaws?.contains(name) ?? true {
        guard let law = LawSpec(name: name, chance: 0.1).law() else { continue }
        let sample =
            name == "muennighoff"
            ? muennighoff
            : name == "gadre-error"
                ? gadre
                : name == "sigmoid"
                    ? accuracy
                    : name == "clark-routing" ? routing : name == "kaplan-s" ? steps : chinchilla
        let estimator: CatalogEstimator = name == "clark-routing" ? .leastSquaresLog : .default
        let clock = ContinuousClock()
        let fitStart = clock.now
        let fit = try CatalogFit.fit(
            law, points: sample.points, observed: sample.observed, estimator: estimator, threads: cores)
        let fitSeconds = (clock.now - fitStart).seconds
        var options = LawBootstrapOptions()
        options.resamples = args.catalogResamples
        options.threads = cores
        options.estimator = estimator
        let start = clock.now
        let b = LawBootstrap(fit: fit, sample: sample, options: options)
        let shown = b.parameters.map {
            "\($0.name) \(String(format: "%.4g", $0.estimate)) (\($0.checked.text { String(format: "%.4g", $0) }))"
        }.joined(separator: ", ")
        let wall = (clock.now - start).seconds * 1000 / Double(args.catalogResamples)
        slowest = max(slowest, wall)
        print(
            String(
                format:
                    "catalog  %-16@ %3d rows: fit %.2f s; bootstrap %d resamples %.1f s (per 1,000: %.1f s, %d failed)",
                name, sample.count, fitSeconds, args.catalogResamples, wall * Double(args.catalogResamples) / 1000,
                wall,
                b.failed))
        print("         \(shown)")
        let codes = b.warnings.map(\.code)
        if !codes.isEmpty { print("         warnings: \(codes.joined(separator: ", "))") }
    }
    print(
        String(
            format: "bar      1,000 resamples of any catalog law under 30 s: %@ (slowest %.1f s)",
            slowest < 30 ? "met" : "NOT met", slowest))
}

// Repeated sampling on the bundled GSM8K table (81 Pythia checkpoints × 128 problems): exact
// pass@k for every k up to each problem's own n, and the beta-binomial fit of every checkpoint
// with 1,000 bootstrap resamples of its problems.
do {
    let samples = try SampleTable(table: BundledDataset.monkeysGSM8K.table())
    let problems = samples.models.flatMap(\.problems)
    let clock = ContinuousClock()
    var start = clock.now
    var checksum = 0.0
    for p in problems { checksum += PassAtK.curve(samples: p.samples, correct: p.correct).last ?? 0 }
    let passSeconds = (clock.now - start).seconds
    let values = problems.reduce(0) { $0 + $1.samples }
    print(
        String(
            format:
                "sampling pass@k for every k ≤ n on the bundled GSM8K table: %d problems, %d values in %.2f s (checksum %.1f)",
            problems.count, values, passSeconds, checksum))
    start = clock.now
    var fitted = 0
    for model in samples.models {
        if (try? BetaBinomialFit.fit(model.problems, resamples: 1000, seed: 0, threads: cores)) != nil { fitted += 1 }
    }
    print(
        String(
            format: "sampling beta-binomial fit with 1,000 bootstrap resamples: %d checkpoints in %.2f s (%.3f s each)",
            fitted, (clock.now - start).seconds, (clock.now - start).seconds / Double(max(fitted, 1))))
    // Side by side with scipy: one maximum-likelihood fit per checkpoint (L-BFGS-B with the exact
    // digamma gradient, from the same method-of-moments start), same file, same machine.
    start = clock.now
    var logLikelihood = 0.0
    for model in samples.models {
        if let f = try? BetaBinomialFit.fit(model.problems, threads: 1) { logLikelihood += f.logLikelihood }
    }
    let plateauFits = (clock.now - start).seconds
    let script = """
        import csv, sys, time, collections, numpy as np
        from scipy.special import betaln, gammaln, digamma
        from scipy.optimize import minimize
        by = collections.defaultdict(list)
        for r in csv.DictReader(open(sys.argv[1])): by[r['model']].append((int(r['n']), int(r['c'])))
        def nll(t, n, c):
            a, b = np.exp(t)
            f = -np.mean(betaln(c + a, n - c + b) - betaln(a, b))
            ga = -np.mean(digamma(c + a) - digamma(n + a + b) - digamma(a) + digamma(a + b)) * a
            gb = -np.mean(digamma(n - c + b) - digamma(n + a + b) - digamma(b) + digamma(a + b)) * b
            return f, np.array([ga, gb])
        t0 = time.perf_counter(); ll = 0.0
        for m, v in by.items():
            v = np.array(v); n, c = v[:, 0], v[:, 1]
            if c.sum() == 0: continue
            p = c / n; mu = p.mean(); var = p.var()
            starts = [[np.log(mu * (mu * (1 - mu) / var - 1)), np.log((1 - mu) * (mu * (1 - mu) / var - 1))]] if 0 < mu < 1 and var > 0 and mu * (1 - mu) / var > 1 else []
            starts += [[la, lb] for la in (-3, -1, 0.5) for lb in (0, 2, 5)]
            best = min((minimize(nll, s, args=(n, c), jac=True, method='L-BFGS-B', bounds=[(-20, 20)] * 2) for s in starts), key=lambda r: r.fun)
            a, b = np.exp(best.x)
            ll += np.sum(gammaln(n + 1) - gammaln(c + 1) - gammaln(n - c + 1) + betaln(c + a, n - c + b) - betaln(a, b))
        print(time.perf_counter() - t0, ll)
        """
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = ["python3", "-c", script, try BundledDataset.monkeysGSM8K.url.path]
    let pipe = Pipe()
    python.standardOutput = pipe
    if (try? python.run()) != nil {
        python.waitUntilExit()
        let fields = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        if python.terminationStatus == 0, fields.count == 2 {
            print(
                String(
                    format:
                        "sampling beta-binomial MLE of every checkpoint, 1 thread: plateau %.3f s, scipy %.3f s — ratio %.1f×; log-likelihood summed plateau %.6f, scipy %.6f",
                    plateauFits, fields[0], fields[0] / plateauFits, logLikelihood, fields[1]))
        } else {
            print("sampling scipy reference failed (exit \(python.terminationStatus)); is numpy/scipy installed?")
        }
    }
}

// 5. A big training log (issue 26): the report on the bundled Muennighoff et al. curves (9,261
//    checkpoints of 48 runs) with the README's options for checkpoint tables — the run column and
//    --checkpoints after:0.1 — and the defaults: at most 32 checkpoints a run, log-evenly in
//    tokens, and bootstrap starts proportionate to the rows. The bar is 60 s on 2 cores. Beside
//    it, the plain fit of every checkpoint past 10 % (no thinning), and how far the thinning
//    moves the parameters.
bigLog()

if args.skipReference { exit(0) }

// The reference, in the same run.
let out = FileManager.default.temporaryDirectory.appendingPathComponent("plateau-bench-\(getpid()).json")
let python = Process()
python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
python.arguments = [
    "python3", args.reference, "--grid", "full", "--workers", "1", "--bootstrap", "0", "--grid-bootstrap", "1",
    "--skip-fd", "--out", out.path,
]
python.standardOutput = FileHandle.nullDevice
do { try python.run() } catch {
    print("reference: could not start python3 (\(error)); install python3 with numpy and scipy")
    exit(1)
}
python.waitUntilExit()
guard python.terminationStatus == 0,
    let data = FileManager.default.contents(atPath: out.path),
    let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
    let grid = json["grid_exact_grad"] as? [String: Any],
    let scipyWall = grid["wall_s"] as? Double,
    let scipyObjective = grid["best_objective"] as? Double
else {
    print("reference: \(args.reference) failed (exit \(python.terminationStatus)); is numpy/scipy installed?")
    exit(1)
}
try? FileManager.default.removeItem(at: out)
let versions =
    (json["machine"] as? [String: Any]).map { "numpy \($0["numpy"] ?? "?"), scipy \($0["scipy"] ?? "?")" } ?? ""
print(String(format: "scipy    exact-gradient grid: %.3f s  (%@)", scipyWall, versions))
print(String(format: "scipy    objective %.10e", scipyObjective))

if let b = json["bootstrap_full_grid"] as? [String: Any], let each = (b["wall_s_each"] as? [Double])?.first,
    bootstrapSeconds.isFinite
{
    let perResample = bootstrapSeconds / Double(args.bootstrapResamples)
    print(String(format: "scipy    full-grid bootstrap: %.2f s per resample (%.0f s per 1,000)", each, each * 1000))
    print(String(format: "ratio    bootstrap per resample, scipy full grid / plateau: %.0f×", each / perResample))
}
let same = plateauObjective <= scipyObjective * (1 + 1e-8)
print("same optimum: \(same ? "yes" : "NO") (Plateau's objective ≤ scipy's × (1 + 1e-8))")
for (threads, t) in plateauMedian.sorted(by: { $0.key < $1.key }) {
    print(
        String(format: "ratio    scipy / plateau (%d thread%@): %.1f×", threads, threads == 1 ? "" : "s", scipyWall / t)
    )
}
let best = plateauMedian.values.min() ?? .nan
let ratio = scipyWall / best
print(String(format: "bar      ≥ 50× faster: %@ (%.1f×)", ratio >= 50 ? "met" : "NOT met", ratio))
exit(same ? 0 : 1)

func bigLog() {
    do {
        let table = try BundledDataset.muennighoffCurves.table()
        func read(perRun: Int, checkpoints: RunTable.Checkpoints) throws -> RunTable {
            var o = RunTable.ReadOptions()
            o.overrides = [.run: "tensorboard_run", .tokens: "tokens_seen"]
            o.checkpoints = checkpoints
            o.checkpointsPerRun = perRun
            return try RunTable(table: table, options: o)
        }
        let clock = ContinuousClock()
        var start = clock.now
        let thinned = try read(perRun: RunTable.defaultCheckpointsPerRun, checkpoints: .after(0.1))
        let curves = try read(perRun: RunTable.defaultCheckpointsPerRun, checkpoints: .all)
        var options = ReportContent.Options()
        options.beyond = false
        options.bootstrapStarts = .random(count: ReportContent.Options.bootstrapStarts(rows: thinned.count))
        options.threads = cores
        let content = try ReportContent.make(
            runs: thinned, curves: curves, citation: "Muennighoff et al. (2023)",
            accelerator: try HardwareCatalog.bundled().accelerator(named: "H100")!, assumptions: CostAssumptions(),
            options: options)
        let page = HTMLReport(content: content).render()
        let reportSeconds = (clock.now - start).seconds
        print(
            String(
                format: "big log  report on muennighoff-curves (run=tensorboard_run, D=tokens_seen, after:0.1): %d of %d rows fitted, %d bootstrap starts, %d threads: %.1f s (bar 60 s), %d KB page",
                thinned.count, table.rows.count, ReportContent.Options.bootstrapStarts(rows: thinned.count), cores,
                reportSeconds, page.utf8.count / 1024))
        // How far the thinning moves each fit: the Chinchilla law (degenerate on repeated data — the
        // report's first sentence says so) and the data-constrained law these runs call for.
        for name in ["chinchilla", "muennighoff"] {
            guard let law = LawCatalog.entry(named: name)?.law else { continue }
            func sample(_ perRun: Int) throws -> LawSample {
                var o = RunTable.ReadOptions()
                o.overrides = [.run: "tensorboard_run", .tokens: "tokens_seen"]
                o.checkpoints = .after(0.1)
                o.checkpointsPerRun = perRun
                if name == "muennighoff" { o.extraColumns = [.uniqueTokens] }
                return LawSample(runs: try RunTable(table: table, options: o))
            }
            let every = try sample(0), thinned = try sample(RunTable.defaultCheckpointsPerRun)
            start = clock.now
            let full = try CatalogFit.fit(law, points: every.points, observed: every.observed, kernelStarts: .grid, threads: cores)
            let fullSeconds = (clock.now - start).seconds
            start = clock.now
            let small = try CatalogFit.fit(
                law, points: thinned.points, observed: thinned.observed, kernelStarts: .grid, threads: cores)
            let smallSeconds = (clock.now - start).seconds
            print(
                String(
                    format: "big log  " + name + " fit: every checkpoint past 10 %% (%d rows) %.1f s; thinned (%d rows) %.1f s; warnings: every %d, thinned %d",
                    every.count, fullSeconds, thinned.count, smallSeconds, full.warnings.count, small.warnings.count))
            for (p, q) in zip(full.parameters, small.parameters) {
                let label = p.name.padding(toLength: 8, withPad: " ", startingAt: 0)
                print("big log    \(label) " + String(format: "every %.5g, thinned %.5g (ratio %.4g)", p.value, q.value, q.value / p.value))
            }
        }
        try plantedLog()
    } catch {
        print("big log  failed: \(error)")
    }
}

/// What the thinning does to a fit that is identified. Neither bundled checkpoint log gives one
/// (Muennighoff's curves repeat their data; Clark's routing curves have 23 checkpoints a run, under
/// the cap), so this log is planted: 48 runs (8 sizes, 70M–2.8B, log-spaced × 6 budgets of 5–160
/// tokens per parameter), each logging 200 evenly spaced checkpoints (every 0.5 % of its tokens,
/// as training loops log) of the Chinchilla law at Besiroglu et al.'s constants, times
/// exp(N(0, 0.01²)) noise, seeded. Each checkpoint is read as an observation of L(N, D_seen), as
/// `--checkpoints after:0.1` reads a log; every checkpoint past 10 % against 32 a run, log-evenly.
func plantedLog() throws {
    let planted: [(String, Double)] = [("E", 1.8172), ("A", 482.01), ("B", 2085.43), ("alpha", 0.3478), ("beta", 0.3658)]
    let law = { (n: Double, d: Double) in 1.8172 + 482.01 / pow(n, 0.3478) + 2085.43 / pow(d, 0.3658) }
    var rng = SplitMix64(seed: 26)
    func gaussian() -> Double {
        let u = max(Double(rng.next() >> 11) / Double(1 << 53), 1e-300), v = Double(rng.next() >> 11) / Double(1 << 53)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
    var csv = "run,N,tokens,loss\n"
    for i in 0..<8 {
        let n = 70e6 * pow(40, Double(i) / 7)
        for m in [5.0, 10, 20, 40, 80, 160] {
            for step in 1...200 {
                let d = n * m * Double(step) / 200
                csv += "n\(i)m\(Int(m)),\(n),\(d),\(law(n, d) * exp(0.01 * gaussian()))\n"
            }
        }
    }
    let table = try DataTable.parse(csv, source: "planted-log.csv", format: .csv)
    guard let chinchilla = LawCatalog.entry(named: "chinchilla")?.law else { return }
    let clock = ContinuousClock()
    var fits: [(rows: Int, seconds: Double, parameters: [Double])] = []
    for perRun in [0, RunTable.defaultCheckpointsPerRun] {
        var o = RunTable.ReadOptions()
        o.checkpoints = .after(0.1)
        o.checkpointsPerRun = perRun
        let sample = LawSample(runs: try RunTable(table: table, options: o))
        let start = clock.now
        let fit = try CatalogFit.fit(
            chinchilla, points: sample.points, observed: sample.observed, kernelStarts: .grid, threads: cores)
        fits.append((sample.count, (clock.now - start).seconds, fit.parameters.map(\.value)))
    }
    print(
        String(
            format: "planted  log of 48 runs × 200 checkpoints (Chinchilla law, 1 %% noise, seed 26): every checkpoint past 10 %% (%d rows) %.1f s; thinned to 32 a run (%d rows) %.1f s",
            fits[0].rows, fits[0].seconds, fits[1].rows, fits[1].seconds))
    for (k, (name, value)) in planted.enumerated() {
        let every = fits[0].parameters[k], thinned = fits[1].parameters[k]
        print(
            "planted    " + name.padding(toLength: 6, withPad: " ", startingAt: 0)
                + String(
                    format: "planted %.5g, every %.5g, thinned %.5g (thinned/every %.4f)", value, every, thinned,
                    thinned / every))
    }
    // The decision the fit is for: N_opt = G·(C/6)^a at Chinchilla's budget, G = (αA/(βB))^(1/(α+β)).
    let nOpt = { (p: [Double]) -> Double in
        let (a, b, alpha, beta) = (p[1], p[2], p[3], p[4])
        return pow(alpha * a / (beta * b), 1 / (alpha + beta)) * pow(5.76e23 / 6, beta / (alpha + beta))
    }
    let plantedN = nOpt(planted.map(\.1)), everyN = nOpt(fits[0].parameters), thinnedN = nOpt(fits[1].parameters)
    print(
        String(
            format: "planted    N_opt at 5.76e23 FLOP: planted %.3gB, every %.3gB, thinned %.3gB (thinned/every %.4f)",
            plantedN / 1e9, everyN / 1e9, thinnedN / 1e9, thinnedN / everyN))
}
