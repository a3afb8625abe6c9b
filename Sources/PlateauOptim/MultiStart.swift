import Dispatch

/// Runs one minimisation from each of many start points, spread over threads.
///
/// Start `i` always runs the same computation whatever the thread count, and results come back
/// in start order, so everything chosen from them (the best start, counts of basins) is
/// identical for any `threads`.
public enum MultiStart {
    /// Minimises `objective` from every start.
    ///
    /// - Parameters:
    ///   - objective: The function; shared read-only between threads.
    ///   - starts: Start points, each `objective.dimension` values.
    ///   - optimizer: The settings every start uses.
    ///   - threads: Worker threads; 1 runs on the calling thread.
    /// - Returns: One result per start, in the order of `starts`.
    /// - Complexity: `starts.count` minimisations, divided over `threads`.
    public static func minimize<F: DifferentiableObjective & Sendable>(
        _ objective: F, from starts: [[Double]], optimizer: LBFGS = LBFGS(), threads: Int = 1
    ) -> [LBFGS.Result] {
        parallelMap(count: starts.count, threads: threads) { i in
            optimizer.minimize(objective, from: starts[i])
        }
    }

    /// `(0..<count).map(body)`, with the calls spread over `threads` threads.
    ///
    /// Item `i` goes to thread `i % threads`; each result is written to its own slot, so the
    /// output does not depend on scheduling.
    public static func parallelMap<T: Sendable>(
        count: Int, threads: Int, _ body: @Sendable (Int) -> T
    ) -> [T] {
        let workers = max(1, min(threads, count))
        if workers == 1 { return (0..<count).map(body) }
        let slots = ResultSlots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var i = worker
            while i < count {
                slots.store(body(i), at: i)
                i += workers
            }
        }
        return slots.collect()
    }
}

/// Write-once slots filled from several threads, each slot by exactly one thread.
private final class ResultSlots<T>: @unchecked Sendable {
    private let buffer: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil, count: count)
    }

    deinit {
        buffer.deinitialize(count: count)
        buffer.deallocate()
    }

    /// Each index is written by one thread only, and read after all writers have joined.
    func store(_ value: T, at index: Int) { buffer[index] = value }

    func collect() -> [T] {
        (0..<count).map { i in
            guard let v = buffer[i] else { preconditionFailure("slot \(i) was never filled") }
            return v
        }
    }
}
