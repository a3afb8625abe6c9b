/// The width text output is laid out for, and the wrapping that keeps it inside.
///
/// The command line sets ``columns`` for the whole run: `COLUMNS` when it is set, else the
/// terminal's width when standard output is a terminal (80 when the terminal does not say), else
/// nil — piped output keeps every row whole on one line, for `grep`, `cut` and diffs.
package enum Terminal {
    /// The width to lay text out for; nil: unlimited.
    @TaskLocal package static var columns: Int?

    /// The narrowest width honoured: below it tables stack and prose wraps at 40.
    package static let minimum = 40

    /// `text` with every line longer than `width` wrapped at spaces, continuation lines indented
    /// two spaces deeper than the line (or under the text after a short label such as `warning: `);
    /// a word longer
    /// than the room is cut. Lines that fit are left as they are.
    ///
    /// - Complexity: O(characters).
    package static func wrap(_ text: String, width: Int) -> String {
        let width = max(width, minimum)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.count > width else { return String(line) }
            let lead = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(lead)
            var hang = lead + 2
            // A label such as "warning: " or "note: " hangs its continuation under the text after it.
            if let colon = rest.firstIndex(of: ":"), rest.distance(from: rest.startIndex, to: colon) < 24,
                rest[rest.index(after: colon)...].first == " ", !rest[..<colon].contains(" ")
            {
                hang = lead + rest.distance(from: rest.startIndex, to: colon) + 2
            }
            if hang > width / 2 { hang = lead < width / 2 ? lead + 2 : 2 }
            var lines: [String] = [], current = String(line.prefix(lead))
            var currentIsFresh = true
            for word in rest.split(separator: " ", omittingEmptySubsequences: false) {
                var word = Substring(word)
                let room = width - current.count - (currentIsFresh ? 0 : 1)
                if word.count <= room {
                    current += (currentIsFresh ? "" : " ") + word
                    currentIsFresh = false
                    continue
                }
                if !currentIsFresh {
                    lines.append(current)
                    current = String(repeating: " ", count: hang)
                    currentIsFresh = true
                }
                while word.count > width - current.count {
                    let cut = width - current.count
                    lines.append(current + word.prefix(cut))
                    word = word.dropFirst(cut)
                    current = String(repeating: " ", count: hang)
                }
                current += word
                currentIsFresh = word.isEmpty
            }
            lines.append(current)
            return lines.map { l in String(l.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
