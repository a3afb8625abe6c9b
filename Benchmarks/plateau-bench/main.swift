import Foundation
import PlateauCore
import PlateauOptim

let runs = try! BundledDataset.chinchillaRuns().droppingHighestLosses(5)
print(runs.count, runs.notes)
for threads in [1, 2] {
    var o = FitOptions(); o.threads = threads
    let t0 = Date()
    let fit = try! ChinchillaLaw.fit(to: runs, options: o)
    print(threads, Date().timeIntervalSince(t0), fit.objective, fit.law, fit.convergedStarts, fit.startsInBestBasin, fit.best)
}
for e in [Estimator.huberLikelihood, .leastSquares] {
var o = FitOptions(); o.estimator = e
let t0 = Date()
let fit = try! ChinchillaLaw.fit(to: runs, options: o)
print(e, Date().timeIntervalSince(t0), fit.law, fit.objective, fit.scale ?? 0, fit.startsInBestBasin)
}
