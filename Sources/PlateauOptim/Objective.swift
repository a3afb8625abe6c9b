/// A smooth function of a vector with an exact gradient: what ``LBFGS`` minimises.
public protocol DifferentiableObjective {
    /// The number of variables.
    var dimension: Int { get }

    /// Evaluates the function at `x` and writes its gradient into `gradient`.
    ///
    /// - Parameters:
    ///   - x: The point, `dimension` values.
    ///   - gradient: Receives ∇f(x); already holds `dimension` values on entry.
    /// - Returns: f(x). A non-finite value tells the optimiser the point is outside the domain;
    ///   it then backs off.
    func value(at x: [Double], gradient: inout [Double]) -> Double
}

// MARK: - Small vector helpers

@inline(__always)
func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
}

@inline(__always)
func maxMagnitude(_ a: [Double]) -> Double {
    var m = 0.0
    for v in a { m = max(m, v.magnitude) }
    return m
}
