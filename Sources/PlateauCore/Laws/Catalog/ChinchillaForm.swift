import Foundation
import RealModule

/// The Chinchilla law as a catalog law, `L(N, D) = E + A/N^α + B/D^β` (Hoffmann et al. 2022,
/// Eq. 2), or with β tied to α (Gadre et al. 2024; Muennighoff et al. 2023). θ = (log A, log B,
/// log E, α, β), without β when tied.
///
/// Its full fit runs the Chinchilla kernel (``ChinchillaLaw/fit(parameters:tokens:losses:options:)``:
/// Hoffmann's 4,500-point grid, centred coordinates, screening) as the fast path of the
/// generic fit; given starts (a bootstrap's warm starts) take the generic path.
package struct ChinchillaForm: CatalogLaw {
    package var tiedExponents: Bool
    /// The centres of log N and log D the coordinates are taken about (``bounded(by:at:)`` sets
    /// them to the data's means): θ₀ = log A − α·c_N and θ₁ = log B − β·c_D are the log size and
    /// data terms at the centre, which decouples them from the exponents — the same change of
    /// variables as the kernel's. Zero: plain log A and log B.
    package var centerN: Double
    package var centerD: Double

    package init(tiedExponents: Bool = false, centerN: Double = 0, centerD: Double = 0) {
        self.tiedExponents = tiedExponents
        self.centerN = centerN
        self.centerD = centerD
    }

    package var name: String { tiedExponents ? "chinchilla-tied" : "chinchilla" }
    package var formula: String { tiedExponents ? "L(N, D) = E + A/N^α + B/D^α" : "L(N, D) = E + A/N^α + B/D^β" }
    package var source: String {
        tiedExponents
            ? "Gadre et al. 2024 (β = α); Muennighoff et al. 2023"
            : "Hoffmann et al. 2022, 'Training Compute-Optimal Large Language Models', Eq. 2 (Approach 3)"
    }
    package var inputs: [LawVariable] { [.N, .D] }
    package var output: LawOutput { .loss }
    package var parameterNames: [String] {
        (centerN == 0 && centerD == 0 ? ["log A", "log B"] : ["log A − α·c_N", "log B − β·c_D"]) + ["log E", "alpha"]
            + (tiedExponents ? [] : ["beta"])
    }

    package func bounded(by observed: [Double], at points: [LawPoint]) -> ChinchillaForm {
        var copy = self
        let n = Double(max(1, points.count))
        copy.centerN = points.reduce(0) { $0 + Double.log($1.N) } / n
        copy.centerD = points.reduce(0) { $0 + Double.log($1.D) } / n
        return copy
    }

    /// The law of a coordinate vector.
    package func law(_ t: [Double]) -> ChinchillaLaw {
        let beta = tiedExponents ? t[3] : t[4]
        return ChinchillaLaw(logParameters: [t[0] + t[3] * centerN, t[1] + beta * centerD, t[2], t[3], beta])
    }

    /// The coordinates of a law.
    package func coordinates(_ law: ChinchillaLaw) -> [Double] {
        let p = law.logParameters
        return [p[0] - p[3] * centerN, p[1] - p[4] * centerD, p[2], p[3]] + (tiedExponents ? [] : [p[4]])
    }

    package func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        predict(p, logs: LawPoint(N: Double.log(p.N), D: Double.log(p.D)), t, gradient: &g)
    }

    package func predict(_ p: LawPoint, logs: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let beta = tiedExponents ? t[3] : t[4]
        let lnN = logs.N - centerN, lnD = logs.D - centerD
        let sizeTerm = Double.exp(t[0] - t[3] * lnN), dataTerm = Double.exp(t[1] - beta * lnD)
        let e = Double.exp(t[2])
        g[0] = sizeTerm
        g[1] = dataTerm
        g[2] = e
        if tiedExponents {
            g[3] = -sizeTerm * lnN - dataTerm * lnD
        } else {
            g[3] = -sizeTerm * lnN
            g[4] = -dataTerm * lnD
        }
        return e + sizeTerm + dataTerm
    }

    /// Hoffmann's grid (the α = β points when tied), in this law's coordinates.
    package var starts: [[Double]] {
        let all = StartPoints.grid.chinchillaStarts(seed: 0)
        let chosen = tiedExponents ? all.filter { $0[3] == $0[4] } : all
        return chosen.map { coordinates(ChinchillaLaw(logParameters: $0)) }
    }

    package func reported(_ t: [Double]) -> [(String, Double)] {
        let law = law(t)
        return [("E", law.E), ("A", law.A), ("B", law.B), ("alpha", law.alpha)]
            + (tiedExponents ? [] : [("beta", law.beta)])
    }

    package func floor(_ t: [Double]) -> Double? { law(t).E }

    /// E, A and B are positive by construction (when finite); the loss must fall with N and D:
    /// α, β > 0. The kernel's exponents are unconstrained, so a bootstrap resample can land
    /// outside (α = −264 on 30 runs).
    package func inDomain(_ t: [Double]) -> Bool { t.allSatisfy(\.isFinite) && t[3] > 0 && (tiedExponents || t[4] > 0) }

    package var boundaryProbes: [BoundaryProbe] {
        [
            BoundaryProbe(
                index: 2, value: Double.log(1e-9), parameter: "E", bound: "0",
                meaning: "the runs do not show the irreducible loss")
        ]
    }

    package func domainWarnings(_ t: [Double]) -> [FitWarning] {
        let law = law(t)
        let exponents = [
            implausibleExponent("alpha", law.alpha, range: 0.01...2),
            tiedExponents ? nil : implausibleExponent("beta", law.beta, range: 0.01...2),
        ].compactMap { $0 }
        guard law.E < 1e-3 else { return exponents }
        return exponents + [
            FitWarning(
                code: "E-not-identified",
                message:
                    "E = \(String(format: "%.3g", law.E)) sits at its bound 0: the irreducible loss is not identified by these runs, so predictions far beyond them are unreliable — add runs that reach lower losses, or fix E from elsewhere"
            )
        ]
    }

    package var hasKernel: Bool { true }

    package func kernelFit(
        points: [LawPoint], observed: [Double], estimator: CatalogEstimator, starts: StartPoints, seed: UInt64,
        threads: Int
    ) throws -> CatalogFit? {
        var options = FitOptions()
        options.tiedExponents = tiedExponents
        options.threads = threads
        options.starts = starts
        options.seed = seed
        // The generic fit tests E = 0 itself (CatalogFit.unidentified).
        options.identificationProbe = false
        switch estimator {
        case .huberLog(let delta):
            options.estimator = .huberLog
            options.delta = delta
        case .huberLikelihood(let delta):
            options.estimator = .huberLikelihood
            options.delta = delta
        case .leastSquares:
            options.estimator = .leastSquares
        case .leastSquaresLog:
            // The kernel has no log least squares: the generic multi-start fits it.
            return nil
        }
        let fit = try ChinchillaLaw.fit(
            parameters: points.map(\.N), tokens: points.map(\.D), losses: observed, options: options)
        let theta = coordinates(fit.law)
        // The kernel's objective may be scaled; report the generic one at its optimum (under
        // huber-likelihood: the likelihood's, below).
        let objective = CatalogObjective(law: self, points: points, y: observed, estimator: estimator)
        var g = [Double](repeating: 0, count: theta.count)
        var catalogFit = CatalogFit(
            law: self, theta: theta, objective: objective.value(at: theta, gradient: &g), runs: observed.count,
            starts: fit.starts, convergedStarts: fit.convergedStarts, startsInBestBasin: fit.startsInBestBasin,
            // The generic fit tests E = 0 and the exponents' plausibility itself (domainWarnings):
            // one warning per finding, not the kernel's and the catalog's both.
            nearTiedOptima: [], warnings: fit.warnings.filter { !["E-not-identified", "exponent-extreme"].contains($0.code) })
        if let scale = fit.scale {
            // The likelihood's own objective (its negative log, σ included) with its σ.
            catalogFit.scale = scale
            catalogFit.objective = fit.objective
        }
        return catalogFit
    }
}

extension ChinchillaForm: RegisteredLaw {
    package var spec: LawSpec {
        var spec = LawSpec(name: name)
        spec.centerN = centerN
        spec.centerD = centerD
        return spec
    }

    /// Hoffmann et al.'s Approach 3 constants planted on a 6 × 6 ladder.
    package static let entries = [false, true].map { tied in
        LawEntry(
            name: tied ? "chinchilla-tied" : "chinchilla", reads: "N, D (or C), loss",
            example: LawExample(
                points: LawExample.ladder(),
                theta: [Double.log(406.4), Double.log(410.7), Double.log(1.69), tied ? 0.3 : 0.34] + (tied ? [] : [0.28]),
                identified: ["E", "A", "B", "alpha"] + (tied ? [] : ["beta"]))
        ) { spec in
            ChinchillaForm(tiedExponents: tied, centerN: spec.centerN ?? 0, centerD: spec.centerD ?? 0)
        }
    }
}
