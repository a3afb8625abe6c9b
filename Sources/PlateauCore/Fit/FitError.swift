/// Why a fit could not be made.
public enum FitError: Error, CustomStringConvertible, Equatable {
    case tooFewRuns(found: Int, needed: Int)
    case noConvergedStart(starts: Int)
    /// Too few points to fit a trend or a coverage curve (`what` names them).
    case tooFewPoints(what: String, found: Int, needed: Int)

    public var description: String {
        switch self {
        case .tooFewRuns(let found, let needed):
            "need at least \(needed) training runs to fit \(needed) parameters, found \(found) — add runs or choose a law with fewer parameters"
        case .noConvergedStart(let starts):
            "none of \(starts) starts produced a finite objective — check the runs for extreme values or use more --starts"
        case .tooFewPoints(let what, let found, let needed):
            "need at least \(needed) \(what), found \(found)"
        }
    }
}
