import Foundation

/// Reading an input file as UTF-8 text, with errors that say where and why.
package enum TextSource {
    /// The text of the file at `path`, without a UTF-8 byte-order mark.
    ///
    /// - Throws: ``InputError`` when the file is missing, unreadable, empty, or not UTF-8.
    static func read(path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(
                file: path, problem: "no such file",
                remedy: "check the path, or run 'plateau datasets' to list the bundled data")
        }
        guard !isDirectory.boolValue else {
            throw InputError(
                file: path, problem: "is a directory, not a file",
                remedy: "give the path of a CSV, TSV, JSON or JSON Lines file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, problem: "cannot be read", remedy: "check the file's permissions")
        }
        return try decode(data, file: path)
    }

    /// Decodes `data` as UTF-8, naming the line and column of the first invalid byte.
    package static func decode(_ data: Data, file: String) throws -> String {
        if data.isEmpty || data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw InputError(file: file, problem: "file is empty", remedy: "expected a header row and at least one run")
        }
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw InputError(
                file: file, line: 1, column: 1, problem: "file is UTF-16 text", remedy: "re-save it as UTF-8")
        }
        // UTF-16 without a byte-order mark: ASCII text with a NUL beside every character.
        let head = bytes.prefix(4_096)
        let evenNUL = stride(from: 0, to: head.count, by: 2).filter { head[$0] == 0 }.count
        let oddNUL = stride(from: 1, to: head.count, by: 2).filter { head[$0] == 0 }.count
        if head.count >= 4 && max(evenNUL, oddNUL) * 4 >= head.count {
            throw InputError(
                file: file, line: 1, column: 1,
                problem: "file looks like UTF-16\(oddNUL > evenNUL ? "LE" : "BE") text without a byte-order mark",
                remedy: "re-save it as UTF-8")
        }
        var body = bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { body = bytes.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        // Find the first invalid byte to say where it is.
        var line = 1, column = 1
        var index = body.startIndex
        while index < body.endIndex {
            let lead = body[index]
            let length =
                lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
            let end = index + length
            if length == 0 || end > body.endIndex || String(validating: body[index..<end], as: UTF8.self) == nil {
                let hex = String(lead, radix: 16, uppercase: true)
                throw InputError(
                    file: file, line: line, column: column,
                    problem: "byte 0x\(hex) is not valid UTF-8 text",
                    remedy: "re-save the file as UTF-8 (it may be Latin-1, UTF-16 or binary)")
            }
            if lead == 0x0A { line += 1; column = 1 } else { column += 1 }
            index = end
        }
        throw InputError(file: file, problem: "file is not valid UTF-8 text", remedy: "re-save it as UTF-8")
    }
}
