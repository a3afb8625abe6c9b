import ArgumentParser
import Foundation
import PlateauCore

/// Exit codes from sysexits.h, as ArgumentParser uses for usage errors.
enum Exit {
    /// EX_DATAERR: the input data was wrong.
    static let dataError = ExitCode(65)
}

/// Runs `body`; a data problem becomes one line on stderr and exit 65.
///
/// - Parameter source: The file the data came from, named in front of problems that concern
///   the whole table (too few runs) rather than one cell.
func reportingInputErrors<T>(source: String? = nil, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as InputError {
        fail(error.description)
    } catch let error as FitError {
        fail("\(source ?? "plateau"): \(error.description)")
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

/// Prints one line to stderr and exits with 65.
func fail(_ line: String) -> Never {
    FileHandle.standardError.write(Data((line + "\n").utf8))
    Foundation.exit(Exit.dataError.rawValue)
}
