/// Why a fit could not be made.
package enum FitError: Error, CustomStringConvertible, Equatable {
    case tooFewRuns(found: Int, needed: Int)
    case noConvergedStart(starts: Int)
    /// Too few points to fit a trend or a coverage curve (`what` names them).
    case tooFewPoints(what: String, found: Int, needed: Int)
    /// Dated values spanning too short a time for a growth rate per year.
    case shortSpan(years: Double)
    /// The fitted Chinchilla law has no compute-optimal frontier (an exponent or coefficient ≤ 0).
    case noFrontier(alpha: Double, beta: Double)
    /// An estimator only the Chinchilla kernel has, asked of another law (or of given starts).
    case kernelEstimator(String, law: String)
    /// A law of N and D asked of data with one model size (one model's checkpoints).
    case oneModelSize(law: String, size: Double)

    package var description: String {
        switch self {
        case .tooFewRuns(let found, let needed):
            "need at least \(needed) training runs to fit \(needed) parameters, found \(found) — add runs or choose a law with fewer parameters"
        case .noConvergedStart(let starts):
            "none of \(starts) starts produced a finite objective — check the runs for extreme values or use more --starts"
        case .tooFewPoints(let what, let found, let needed):
            "need at least \(needed) \(what), found \(found) — add rows, or widen the selection (--where, --since, the columns named)"
        case .shortSpan(let years):
            "the dates span \(String(format: "%.2g", years * 12)) months; a growth rate per year needs at least a year of dates — add older or newer models"
        case .noFrontier(let alpha, let beta):
            "the fit has α = \(String(format: "%.4g", alpha)), β = \(String(format: "%.4g", beta)): its loss does not fall with both model size and data, so there is no compute-optimal frontier to plan or price — run 'plateau fit' to see the warnings, and add runs that vary N and D"
        case .oneModelSize(let law, let size):
            "every row has the same model size N = \(String(format: "%g", size)): '\(law)' needs several sizes to separate the effect of N from that of D — fit a law of D alone (--law power-law --x D, or kaplan-d), or add runs of other sizes"
        case .kernelEstimator(let estimator, let law):
            "\(estimator) is the Chinchilla kernel's estimator — '\(law)' takes huber-log, least-squares or least-squares-log"
        }
    }
}
