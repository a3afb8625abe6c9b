import ArgumentParser
import Foundation
import PlateauCore

/// Exit codes from sysexits.h, as ArgumentParser uses for usage errors.
enum Exit {
    /// EX_DATAERR: the input data was wrong.
    static let dataError = ExitCode(65)
}

/// Why a command stops: one line for stderr and the exit code. Commands throw it; only the entry
/// point (``Entry/main()``) prints it and exits.
struct Failure: Error {
    /// The line for stderr (empty: nothing to say, as for a closed pipe).
    var line: String
    var code: Int32

    /// The data were wrong: exit 65 (EX_DATAERR).
    static func data(_ line: String) -> Failure { Failure(line: line, code: Exit.dataError.rawValue) }

    /// An option value that can only be judged once the data are read: exit 64 (EX_USAGE).
    static func usage(_ line: String) -> Failure { Failure(line: "Error: \(line)", code: 64) }
}

/// Runs `body`; a data problem becomes a ``Failure`` (one line, exit 65).
///
/// - Parameter source: The file the data came from, named in front of problems that concern
///   the whole table (too few runs) rather than one cell.
func reportingInputErrors<T>(source: String? = nil, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as InputError {
        throw Failure.data(error.description)
    } catch let error as FitError {
        throw Failure.data("\(source ?? "plateau"): \(error.description)")
    }
}

/// Writes `text` to `path` (see ``Output/file(_:to:)``).
func write(_ text: String, to path: String) throws {
    try Output.file(Data(text.utf8), to: path)
}

/// A progress bar on stderr, drawn only when stderr is a terminal; safe to advance from any
/// thread.
final class ProgressBar: @unchecked Sendable {
    let total: Int
    let label: String
    let lock = NSLock()
    var done = 0
    var shown = -1

    /// Nil when stderr is not a terminal.
    init?(total: Int, label: String) {
        guard isatty(STDERR_FILENO) != 0, total > 0 else { return nil }
        self.total = total
        self.label = label
    }

    func advance() {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        let percent = done * 100 / total
        guard percent != shown else { return }
        shown = percent
        let filled = percent * 30 / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
        Output.errorRaw("\r\(label) \(bar) \(percent) % (\(done)/\(total))")
    }

    func finish() {
        Output.errorRaw("\r\u{1B}[K")
    }
}
