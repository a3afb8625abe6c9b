import Foundation

extension BundledDataset {
    /// Gadre et al.'s roles for one training set's runs (row indices, `fit_ds` in their
    /// repository): the loss law (Eq. 4) is fitted on the M = 20 runs of the four small shapes and
    /// the 0.011B M = 320 run; the error law (Eq. 5) on those plus the 1.4B M = 20 run; the
    /// targets are the 1.4B M = 640 and 6.9B M = 20 runs.
    static func gadreSplit(_ runs: RunTable, multipliers: [Double], dataset: String) -> (
        lossFit: [Int], errorFit: [Int], targets: [Int]
    ) {
        var lossFit: [Int] = [], extra: [Int] = [], targets: [Int] = []
        for i in 0..<runs.count where runs.groups?[i] == dataset {
            let n = runs.parameters[i], m = multipliers[i]
            if (n < 1e9 && m == 1) || (n < 2e7 && m == 16) { lossFit.append(i) }
            if n > 1e9 && n < 2e9 && m == 1 { extra.append(i) }
            if (n > 1e9 && n < 2e9 && m == 32) || (n > 6e9 && m == 1) { targets.append(i) }
        }
        return (lossFit, lossFit + extra, targets)
    }

    /// Gadre et al. 2024's back-test on their over-training runs, as their repository's
    /// `fit_ds` recipe does it: for one training set, fit the C4-eval loss of the M = 20 runs of
    /// the four small shapes (0.011B–0.411B) plus the 0.011B M = 320 run, and predict the 1.4B
    /// M = 640 and 6.9B M = 20 runs. The paper reports 0.71 % and 0.73 % error (RedPajama).
    ///
    /// - Parameter dataset: `rpj` (RedPajama, the paper's headline), `c4_original` or `rw_original`.
    package static func gadreBackTest(dataset: String = "rpj") throws -> (train: RunTable, test: RunTable) {
        let table = try BundledDataset.gadreRuns.table()
        let runs = try RunTable(table: table, overrides: [.loss: "loss_c4_val", .group: "train_dataset"])
        guard let multiplierColumn = table.columnIndex(named: "chinchilla_multiplier") else {
            throw InputError(
                file: BundledDataset.gadreRuns.displayName, problem: "no chinchilla_multiplier column",
                remedy: "the bundled file is damaged; rebuild Plateau")
        }
        let multipliers = table.rows.map { Double($0[multiplierColumn].text ?? "") ?? .nan }
        let split = gadreSplit(runs, multipliers: multipliers, dataset: dataset)
        return (runs.subset(split.lossFit), runs.subset(split.targets))
    }
}
