import Foundation
import PlateauTestSupport
import Testing

import PlateauCore

/// A table's rows as checkpoints of training runs (issue "Your own training logs", part 1).
@Suite struct CheckpointTests {
    /// Three runs of a planted law, evaluated every 1,000 steps from 0 to 5,000 (2M tokens a step).
    static func curves(run: String = "run") -> DataTable {
        let law = ChinchillaLaw(E: 1.8, A: 480, B: 2100, alpha: 0.35, beta: 0.37)
        var lines = ["\(run),N,step,loss"]
        for (id, n) in [("a", 1e8), ("b", 4e8), ("c", 1.6e9)] {
            for step in [0.0, 1000, 2000, 3000, 4000, 5000] {
                let loss = step == 0 ? 10.8 : law.loss(parameters: n, tokens: step * 2_097_152)
                lines.append("\(id),\(n),\(Int(step)),\(loss)")
            }
        }
        return try! DataTable.parse(lines.joined(separator: "\n"), source: "curves.csv", format: .csv)
    }

    static func read(_ table: DataTable, _ checkpoints: RunTable.Checkpoints) throws -> RunTable {
        var options = RunTable.ReadOptions()
        options.checkpoints = checkpoints
        options.tokensPerStep = 2_097_152
        return try RunTable(table: table, options: options)
    }

    @Test func finalAllAfterAndEnvelope() throws {
        let table = Self.curves()
        let final = try Self.read(table, .final)
        #expect(final.count == 3 && final.tokens.allSatisfy { $0 == 5000 * 2_097_152 })
        #expect(final.runIDs == ["a", "b", "c"])
        let all = try Self.read(table, .all)
        #expect(all.count == 15)  // step 0 (no tokens yet) is not a checkpoint to fit
        let after = try Self.read(table, .after(0.5))
        #expect(after.count == 9)  // 3k, 4k and 5k of each run: past half of 5k steps
        let envelope = try Self.read(table, .envelope)
        // Along compute the loss only falls on the envelope.
        let order = envelope.flops.indices.sorted { envelope.flops[$0] < envelope.flops[$1] }
        #expect(zip(order, order.dropFirst()).allSatisfy { envelope.losses[$0] > envelope.losses[$1] })
        #expect(envelope.count < all.count)
    }

    /// Issue 26: a log of 1,000 checkpoints a run (steps 1…1,000) is thinned by default to 32 a
    /// run, log-evenly in steps — the first and last kept, each kept step the one nearest its
    /// target 10^(3k/31) — with a note that says so; 0 keeps every one; final and envelope are
    /// never thinned.
    @Test func longLogsAreThinnedLogEvenly() throws {
        var lines = ["run,N,step,loss"]
        for (id, n) in [("a", 1e8), ("b", 4e8)] {
            for step in 1...1_000 { lines.append("\(id),\(n),\(step),\(2 + 10 / pow(Double(step), 0.3))") }
        }
        let table = try DataTable.parse(lines.joined(separator: "\n"), source: "long.csv", format: .csv)
        let thinned = try Self.read(table, .all)
        #expect(RunTable.defaultCheckpointsPerRun == 32)
        #expect(thinned.count == 64)
        let steps = thinned.tokens.prefix(32).map { Int(($0 / 2_097_152).rounded()) }
        // Targets 10^(3k/31): 1, 1.25, 1.56, 1.95, 2.44, … — the nearest steps in log (m + 1 once
        // the target passes √(m(m+1))), each taken once (a taken one passes to the next step).
        let expected = (0..<32).reduce(into: [Int]()) { kept, k in
            let target = pow(10, 3 * Double(k) / 31), m = target.rounded(.down)
            var step = Int(target >= (m * (m + 1)).squareRoot() ? m + 1 : m)
            while let last = kept.last, step <= last { step = last + 1 }
            kept.append(step)
        }
        #expect(steps == expected, "\(steps)")
        #expect(steps.first == 1 && steps.last == 1_000)
        #expect(thinned.notes.contains { $0.contains("(64 rows, thinned to at most 32 per run log-evenly in tokens (2 runs thinned, 2,000 rows before") })
        var every = RunTable.ReadOptions()
        every.checkpoints = .after(0.5)
        every.tokensPerStep = 2_097_152
        every.checkpointsPerRun = 0
        #expect(try RunTable(table: table, options: every).count == 1_000)
        #expect(try Self.read(table, .final).count == 2)
    }

    /// Bootstraps resample whole runs and back-tests hold out whole runs.
    @Test func runsStayWhole() throws {
        let all = try Self.read(Self.curves(), .all)
        let units = LawSample(runs: all).resamplingUnits
        #expect(units.count == 3 && units.allSatisfy { $0.count == 5 })
        // Run c's first checkpoints (2e19, 4e19 FLOP) sit below 4.1e19, but its final one (1e20)
        // does not: all of run c is held out. Run b ends at 2.5e19.
        let (train, test) = try LawBackTest.split(LawSample(runs: all), .trainBelow(4.1e19), law: ChinchillaForm())
        #expect(Set(train.runIDs ?? []) == ["a", "b"] && test.runIDs == Array(repeating: "c", count: 5))
    }

    /// Without a run column, checkpoints are warned about, not silently fitted as final runs.
    @Test func checkpointsWithoutARunColumnAreWarned() throws {
        var options = RunTable.ReadOptions()
        options.tokensPerStep = 2_097_152
        let lines = Self.curves(run: "id").rows.filter { $0[2].text != "0" }.map {
            $0.map { $0.text ?? "" }.joined(separator: ",")
        }
        let table = try DataTable.parse(
            (["id,N,step,loss"] + lines).joined(separator: "\n"), source: "c.csv", format: .csv)
        let runs = try RunTable(table: table, options: options)
        #expect(runs.warnings.map(\.code) == ["looks-like-checkpoints"])
        #expect(throws: InputError.self) {
            options.checkpoints = .all
            _ = try RunTable(table: table, options: options)
        }
    }

    /// Pythia's five-shot files flattened to `size`, `step` and a loss derived from LAMBADA's
    /// perplexity: the loss is too noisy late in training for the falling-loss test (the 160M
    /// run's perplexity rises from 34.8 to 62.0 at step 113,000), but sizes at several steps are
    /// checkpoints all the same — warned, with the remedy that works (`--column run=size
    /// --column N=size`).
    @Test func sizesAtSeveralStepsAreWarnedEvenWhenTheLossIsNoisy() throws {
        var options = RunTable.ReadOptions()
        options.tokensPerStep = 2_097_152
        let csv = """
            size,step,loss
            160m,83000,3.611
            160m,93000,3.550
            160m,103000,3.630
            160m,113000,4.127
            410m,83000,2.625
            410m,93000,2.542
            410m,103000,2.660
            410m,113000,2.688
            """
        let table = try DataTable.parse(csv, source: "p.csv", format: .csv)
        let runs = try RunTable(table: table, options: options)
        let warning = try #require(runs.warnings.first)
        #expect(
            warning.code == "looks-like-checkpoints" && warning.message.hasSuffix("--column run=size --column N=size"))
        options.overrides = [.run: "size", .parameters: "size"]
        let finals = try RunTable(table: table, options: options)
        #expect(finals.count == 2 && finals.warnings.isEmpty)
        expectClose(finals.tokens[0], 113_000 * 2_097_152, relative: 1e-12)
    }

    /// A compute column more than 10 % off 6·N·D is warned about.
    @Test func computeInconsistentWithSixND() throws {
        let table = try DataTable.parse(
            "N,D,C,loss\n1e8,2e9,1.2e18,3.5\n2e8,4e9,9e18,3.2\n4e8,8e9,1.92e19,3.0\n", source: "c.csv", format: .csv)
        let runs = try RunTable(table: table)
        #expect(runs.warnings.map(\.code) == ["compute-not-6ND"])
        #expect(runs.warnings.first?.message.hasPrefix("1 of 3 rows") == true)
    }
}

/// Issue 26: a table whose runs repeat their data, read for a law that does not count repeats,
/// says so — the Chinchilla law fitted to Muennighoff et al.'s runs is not their law.
@Suite struct RepeatedDataTests {
    static let table = """
        run,N,D,unique_tokens,epochs,loss
        a,1e8,2e9,2e9,1,3.9
        b,1e8,8e9,2e9,4,3.7
        c,4e8,8e9,8e9,1,3.3
        d,4e8,3.2e10,8e9,4,3.2
        """

    @Test func aTableThatRepeatsItsDataIsWarnedAbout() throws {
        let data = try DataTable.parse(Self.table, source: "repeats.csv", format: .csv)
        let runs = try RunTable(table: data)
        let warning = try #require(runs.warnings.first { $0.code == "repeated-data" })
        // The first column that shows repeats: unique_tokens (b and d read 4× their unique tokens).
        #expect(warning.message.hasPrefix("2 of 4 rows repeat their training data (by 'unique_tokens')"))
        #expect(warning.message.contains("--law muennighoff"))
        // Read for the data-constrained law, which counts repeats: no warning.
        var options = RunTable.ReadOptions()
        options.extraColumns = [.uniqueTokens]
        #expect(try RunTable(table: data, options: options).warnings.allSatisfy { $0.code != "repeated-data" })
        // One epoch everywhere: nothing to say.
        let once = try DataTable.parse(
            "N,D,epochs,loss\n1e8,2e9,1,3.9\n4e8,8e9,1,3.3\n", source: "once.csv", format: .csv)
        #expect(try RunTable(table: once).warnings.isEmpty)
    }
}

/// One law fitted to runs of several populations (training sets, tokenizers) that repeat the same
/// sizes and token counts: the table says so (issue 26's user tables: Gadre et al.'s runs mix
/// three training sets without a hint).
@Suite struct MixedPopulationsTests {
    @Test func runsOfTheSameSizeOnTwoDatasetsAreWarnedAbout() throws {
        let table = """
            run,dataset,config,N,D,loss
            a1,web,small,1e8,2e9,3.9
            a2,web,small,1e8,8e9,3.7
            a3,web,large,4e8,8e9,3.3
            b1,code,small,1e8,2e9,3.1
            b2,code,small,1e8,8e9,2.9
            b3,code,large,4e8,8e9,2.6
            """
        let data = try DataTable.parse(table, source: "mixed.csv", format: .csv)
        let warning = try #require(try RunTable(table: data).warnings.first { $0.code == "mixed-populations" })
        #expect(
            warning.message.hasPrefix(
                "the rows hold 2 values of 'dataset' (code 3, web 3) with runs of the same N and D under more than one"),
            "\(warning.message)")
        #expect(warning.message.contains("--where 'dataset=code'"))
        // One population: nothing to say; 'config' only names sizes, so it never splits an (N, D).
        let one = try data.filtered(by: [try #require(RowFilter("dataset=web"))])
        #expect(try RunTable(table: one).warnings.allSatisfy { $0.code != "mixed-populations" })
        // Named as the group (resampled whole): not warned about again.
        #expect(
            try RunTable(table: data, overrides: [.group: "dataset"]).warnings.allSatisfy {
                $0.code != "mixed-populations"
            })
    }

    /// Gadre et al.'s 104 runs: 34 on c4_original, 35 on rpj and 35 on rw_original (counted
    /// with Python's csv and Counter on `plateau datasets export gadre-runs`).
    @Test func gadreRunsMixThreeTrainingSets() throws {
        let runs = try RunTable(table: BundledDataset.gadreRuns.table(), overrides: [.loss: "loss_openlm"])
        let warning = try #require(runs.warnings.first { $0.code == "mixed-populations" })
        #expect(warning.message.contains("3 values of 'train_dataset' (c4_original 34, rpj 35, rw_original 35)"))
    }
}
