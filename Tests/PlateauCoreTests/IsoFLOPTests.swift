import Foundation
import PlateauTestSupport
import Testing

@testable import PlateauCore

@Suite struct IsoFLOPTests {
    @Test func parabolaIsExactOnAParabola() throws {
        let x = [20.0, 20.5, 21, 21.7, 22.4]
        let y = x.map { 3 - 0.2 * $0 + 0.01 * $0 * $0 }
        let (c0, c1, c2) = try #require(IsoFLOPAnalysis.parabola(x, y))
        expectClose(c0, 3, relative: 1e-8)
        expectClose(c1, -0.2, relative: 1e-8)
        expectClose(c2, 0.01, relative: 1e-8)
    }

    /// IsoFLOP profiles of a planted law recover its compute-optimal exponent a = β/(α+β)
    /// (0.5127 for these constants) to 0.01: the parabola is only a local approximation, and the
    /// sizes are spaced ×1.5 around each optimum.
    @Test func recoversThePlantedExponent() throws {
        let law = ChinchillaLaw(E: 1.82, A: 482.0, B: 2085.4, alpha: 0.348, beta: 0.366)
        var lines = ["N,C,loss,group"]
        for (g, c) in [1e18, 1e19, 1e20, 1e21, 1e22, 1e23].enumerated() {
            let center = law.computeOptimal(flops: c).parameters
            for k in -3...3 {
                let n = center * pow(1.5, Double(k))
                lines.append("\(n),\(c),\(law.loss(parameters: n, tokens: c / (6 * n))),g\(g)")
            }
        }
        let runs = try RunTable(table: DataTable.parse(lines.joined(separator: "\n"), source: "iso", format: .csv))
        let analysis = IsoFLOPAnalysis(runs: runs)
        #expect(analysis.usedProfiles == 6)
        let a = try #require(analysis.a), b = try #require(analysis.b)
        expectClose(a.value, law.parameterExponent, absolute: 0.01)
        expectClose(a.value + b.value, 1, relative: 1e-12)  // D_opt = C/(6·N_opt)
        #expect(a.lower <= a.value && a.value <= a.upper)
    }

    @Test func studentQuantiles() {
        expectClose(IsoFLOPAnalysis.studentT975(degreesOfFreedom: 1), 12.706, relative: 1e-4)
        expectClose(IsoFLOPAnalysis.studentT975(degreesOfFreedom: 20), 2.086, relative: 1e-4)
        expectClose(IsoFLOPAnalysis.studentT975(degreesOfFreedom: 200), 1.96, relative: 1e-3)
    }
}
