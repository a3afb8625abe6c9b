import ArgumentParser
import Foundation
import PlateauCore
import PlateauReport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// write(2), from the platform's C library.
private func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, pointer, count)
    #else
        Darwin.write(descriptor, pointer, count)
    #endif
}

extension Exit {
    /// EX_CANTCREAT: an output file cannot be created.
    static let cannotCreate = ExitCode(73)
    /// EX_IOERR: writing the output failed part-way (a full disk, a closed stream).
    static let ioError = ExitCode(74)
}

/// Every byte Plateau writes goes through here, so that a failed write is one line and a clear
/// exit code, never a crash or a silent loss:
/// - standard output: a reader that went away (EPIPE, `plateau … | head -1`) ends the program
///   quietly with 0; any other failure (a full disk, a closed descriptor) is one line on stderr
///   and exit 74;
/// - standard error: best effort — when it cannot be written there is nowhere to say so, and
///   the exit code still tells;
/// - files: see ``file(_:to:)``.
enum Output {
    /// Ignore SIGPIPE so that a closed pipe is an EPIPE error to handle, not a signal that kills.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes every byte of `data` to `descriptor`; the errno of the first failure, or nil.
    static func writeAll(_ data: Data, to descriptor: Int32) -> Int32? {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32? in
            guard var pointer = buffer.baseAddress else { return nil }
            var left = buffer.count
            while left > 0 {
                let n = systemWrite(descriptor, pointer, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                pointer += n
                left -= n
            }
            return nil
        }
    }

    /// Writes `text` to standard output, with control characters other than newline and tab
    /// escaped: text from a data file (a model's name, a group) cannot drive the terminal.
    /// Machine output (JSON, CSV, generated files) is written as it is: never wrapped or coloured.
    static func standard(_ text: String) throws {
        try standard(Data(InputError.escaped(text, keepingLineBreaks: true).utf8))
    }

    /// Writes text for a person to standard output: laid out for ``Terminal/columns`` (lines
    /// wrapped at spaces) and, on a terminal unless `NO_COLOR` is set, with warnings and verdicts
    /// coloured.
    static func text(_ text: String) throws {
        var text = InputError.escaped(text, keepingLineBreaks: true)
        if let width = Terminal.columns { text = Terminal.wrap(text, width: width) }
        if colour { text = coloured(text) }
        try standard(Data(text.utf8))
    }

    /// The width output is laid out for: `COLUMNS` when set to a number, else the terminal's width
    /// when standard output is one (80 when it does not say), else nil (piped: rows kept whole).
    static func columns(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        if let value = environment["COLUMNS"].flatMap(Int.init), value > 0 { return value }
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// Colour on a terminal only (or wherever `CLICOLOR_FORCE` is set to anything but 0), and
    /// never when `NO_COLOR` is set to anything (no-color.org).
    static let colour: Bool = {
        let environment = ProcessInfo.processInfo.environment
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let forced = environment["CLICOLOR_FORCE"].map { !$0.isEmpty && $0 != "0" } ?? false
        return !noColour && (forced || isatty(STDOUT_FILENO) != 0)
    }()

    static let yellow = "\u{1B}[33m", green = "\u{1B}[32m", red = "\u{1B}[31m", reset = "\u{1B}[0m"

    /// Verdict cells and their colours: green where the scaling holds up (a task or benchmark
    /// still rising, a smooth curve), yellow where it bends or cannot be told, red where there is
    /// nothing left to scale (a task at chance, a benchmark saturated). Only whole table cells (set
    /// off by two spaces or a line's ends) are coloured, and only these words: `yes` and `no` mean
    /// different things in different columns (predictable, a family that disagrees, a frontier
    /// model), so they stay plain.
    static let verdictColours: [String: String] = [
        "rising": green, "smooth": green,
        "flattening": yellow, "saturating": yellow, "stalled": yellow, "undetermined": yellow, "jump": yellow,
        "S-curve": yellow, "break": yellow,
        "at chance": red, "saturated": red,
    ]

    /// Warning lines (and their wrapped continuations) in yellow, `warnings: none` in green, and
    /// verdict cells in ``verdictColours``.
    static func coloured(_ text: String) -> String {
        var inWarning = false, warningIndent = 0
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let lead = line.prefix { $0 == " " }.count
            let body = line.dropFirst(lead).lowercased()
            if body.hasPrefix("warnings: none") {
                inWarning = false
                return green + line + reset
            }
            if body.hasPrefix("warning") {
                inWarning = true
                warningIndent = lead
            } else if !(inWarning && lead > warningIndent && !body.isEmpty) {
                inWarning = false
            }
            return inWarning ? yellow + line + reset : colouringVerdicts(String(line))
        }.joined(separator: "\n")
    }

    /// `line` with each cell in ``verdictColours`` coloured; cells are the text between runs of
    /// two or more spaces.
    static func colouringVerdicts(_ line: String) -> String {
        guard line.contains("  ") else { return line }
        var out = "", cell = "", spaces = ""
        func flush() {
            out += verdictColours[cell].map { $0 + cell + reset } ?? cell
            cell = ""
        }
        for ch in line {
            if ch == " " {
                spaces.append(ch)
                continue
            }
            if spaces.count >= 2 || (cell.isEmpty && !spaces.isEmpty) {
                flush()
                out += spaces
            } else {
                cell += spaces
            }
            spaces = ""
            cell.append(ch)
        }
        flush()
        return out + spaces
    }

    /// Writes the absolute path of a file a command made (a path: never wrapped), so that it can
    /// be opened from anywhere.
    static func path(_ path: String) throws {
        try standard(URL(fileURLWithPath: path).standardizedFileURL.path + "\n")
    }

    /// Writes `data` to standard output.
    /// - Throws: ``Failure`` when standard output cannot take it: exit 0 and nothing said when
    ///   the reader has gone (a closed pipe, `| head`), exit 74 otherwise.
    static func standard(_ data: Data) throws {
        guard let code = writeAll(data, to: STDOUT_FILENO) else { return }
        if code == EPIPE { throw Failure(line: "", code: 0) }
        throw Failure(
            line:
                "plateau: cannot write to standard output (\(String(cString: strerror(code)))) — check the disk or the pipe",
            code: Exit.ioError.rawValue)
    }

    /// Writes one line to standard error, control characters escaped (see ``safe(_:)``).
    static func error(_ line: String) {
        errorRaw(safe(line) + "\n")
    }

    /// Writes `text` as is to standard error, ignoring failure.
    static func errorRaw(_ text: String) {
        _ = writeAll(Data(text.utf8), to: STDERR_FILENO)
    }

    /// `text` made safe for one terminal line: control characters (ESC, CR, LF, NUL, …) shown as
    /// `\u{1B}`-style escapes, and text beyond 2,000 characters cut with a note of how much.
    static func safe(_ text: String) -> String { InputError.escaped(text, limit: 2_000) }

    /// Writes `data` to `path`:
    /// - through a symbolic link, to the file it points at;
    /// - directly into anything that is not a regular file (a FIFO, `/dev/stdout`, a device),
    ///   never replacing it;
    /// - for a regular file, or a new one, to a temporary file in the same folder that is then
    ///   renamed over it, keeping an existing file's permissions — so a failed write leaves the
    ///   old file whole.
    /// A file that cannot be created (a missing folder, no permission) is one line and exit 73;
    /// a write that fails part-way (a full disk) is one line and exit 74.
    static func file(_ data: Data, to path: String) throws {
        let target = resolved(path)
        var info = stat()
        let exists = stat(target, &info) == 0
        let isRegular = exists && (info.st_mode & S_IFMT) == S_IFREG
        if exists && !isRegular {
            let fd = open(target, O_WRONLY | O_TRUNC | O_CLOEXEC)
            guard fd >= 0 else { throw cannotCreate(path, errno) }
            let failure = writeAll(data, to: fd)
            close(fd)
            if let failure { throw writeFailed(path, failure) }
            return
        }
        let folder = (target as NSString).deletingLastPathComponent
        var template = Array(((folder.isEmpty ? "." : folder) + "/.plateau-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw cannotCreate(path, errno) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // mkstemp creates the file 0600; a new file gets the usual 0644 less the umask, an
        // existing one keeps its own permissions.
        let mask = umask(0)
        umask(mask)
        fchmod(fd, exists ? info.st_mode & 0o7777 : 0o666 & ~mask)
        let failure = writeAll(data, to: fd) ?? (fsync(fd) == 0 ? nil : errno)
        close(fd)
        if let failure {
            unlink(temporary)
            throw writeFailed(path, failure)
        }
        guard rename(temporary, target) == 0 else {
            let code = errno
            unlink(temporary)
            throw cannotCreate(path, code)
        }
    }

    /// `path` with symbolic links followed to their final target (which may not exist yet).
    static func resolved(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, Int(PATH_MAX))
            guard n > 0 else { return current }
            let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current =
                link.hasPrefix("/")
                ? link
                : ((current as NSString).deletingLastPathComponent as NSString)
                    .appendingPathComponent(link)
        }
        return current
    }

    /// A file that cannot be created: exit 73 (EX_CANTCREAT).
    static func cannotCreate(_ path: String, _ code: Int32) -> Failure {
        Failure(
            line:
                "plateau: cannot write '\(path)' (\(String(cString: strerror(code)))) — check that the folder exists and is writable",
            code: Exit.cannotCreate.rawValue)
    }

    /// A write that failed part-way: exit 74 (EX_IOERR).
    static func writeFailed(_ path: String, _ code: Int32) -> Failure {
        Failure(
            line:
                "plateau: writing '\(path)' failed (\(String(cString: strerror(code)))) — check the free space and try again",
            code: Exit.ioError.rawValue)
    }
}

/// The JSON document `make` builds, or a ``Failure`` (one line, exit 65) when a value in it is not
/// finite — a computation without a finite answer is refused, never encoded as `nan`.
func jsonDocument(_ make: () throws -> String) throws -> String {
    do {
        return try make()
    } catch let EncodingError.invalidValue(_, context) {
        let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        throw Failure.data(
            "plateau: the result has no finite value at '\(path)' — these data cannot support the computation; run without --json to see the warnings"
        )
    } catch {
        throw Failure.data("plateau: cannot build the JSON document (\(error)) — run without --json, and report this as a bug")
    }
}
