import ArgumentParser
import Foundation
import PlateauCore

/// `--json`, shared by every command that prints a report.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print the command's JSON document (its schema is named in it and in the README) instead of the tables.")
    var json = false

    /// Prints the report: its JSON document with `--json`, else its text.
    func emit(text: () -> String, json document: () throws -> String) throws {
        json ? try Output.standard(try jsonDocument(document) + "\n") : try Output.text(text())
    }
}

/// `--threads`, shared by every command that spreads work over threads.
struct ThreadOptions: ParsableArguments {
    // Optional, so that help does not print this machine's core count as the default.
    @Option(
        name: .customLong("threads"), parsing: .unconditional,
        help: "Worker threads, all cores by default (results do not depend on it).")
    var requested: Int?

    /// The threads to use: `--threads`, or every core.
    var threads: Int { requested ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        if let requested, requested < 1 {
            throw ValidationError("Please give '--threads' at least 1, got \(requested).")
        }
    }
}

/// A command's default number of bootstrap resamples.
protocol ResamplingDefault {
    static var resamples: Int { get }
}

/// No bootstrap unless asked (fit, plan: a resample refits the whole multi-start).
enum NoResamples: ResamplingDefault { static let resamples = 0 }
/// 200 resamples (quick intervals).
enum Resamples200: ResamplingDefault { static let resamples = 200 }
/// 1,000 resamples (intervals on cheap fits).
enum Resamples1000: ResamplingDefault { static let resamples = 1000 }

/// `--bootstrap` and `--seed`, shared by every command that resamples; the default count is the
/// command's.
struct ResamplingOptions<Default: ResamplingDefault>: ParsableArguments {
    @Option(parsing: .unconditional, help: "Bootstrap resamples behind the intervals (0: none).")
    var bootstrap: Int = Default.resamples

    @Option(
        parsing: .unconditional,
        help: "Seed for every random choice (the same seed, the same output).")
    var seed: UInt64 = 0

    /// The most resamples accepted.
    static var maximum: Int { 1_000_000 }

    /// The bootstrap of a fresh fit of a law of N and D, as 'plan' and 'explore' make it: each
    /// resample re-fitted from 500 seeded random starts when the law has a kernel (as 'fit' does).
    /// A progress bar is drawn on a terminal's stderr.
    func lawBootstrap(fit: CatalogFit, sample: LawSample, threads: Int) -> LawBootstrap {
        var options = LawBootstrapOptions()
        options.resamples = bootstrap
        options.seed = seed
        options.threads = threads
        if fit.law.hasKernel { options.kernelStarts = .random(count: 500) }
        let progress = ProgressBar(total: bootstrap, label: "bootstrap")
        if let progress { options.progress = { progress.advance() } }
        defer { progress?.finish() }
        return LawBootstrap(fit: fit, sample: sample, options: options)
    }

    func validate() throws {
        guard (0...Self.maximum).contains(bootstrap) else {
            throw ValidationError("Please give '--bootstrap' a count from 0 to \(Self.maximum), got \(bootstrap).")
        }
    }
}
