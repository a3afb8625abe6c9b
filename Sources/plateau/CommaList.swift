import ArgumentParser
import PlateauCore

/// The items of a comma-separated option value (`--law a,b`), trimmed, in the order given
/// (repeats kept: the caller merges them, with a note where that matters). An empty item
/// (`''`, `a,,b`, `a,`) is a usage error naming the option: it would otherwise be skipped
/// silently, or name nothing at all (`check --law ,` crashed on the empty list).
func commaList(_ text: String, option: String, example: String) throws -> [String] {
    var items: [String] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
        let item = part.trimmingCharacters(in: .whitespaces)
        guard !item.isEmpty else {
            throw ValidationError(
                "'\(option) \(InputError.excerpt(text))' has an empty item — separate the names with single commas, e.g. \(option) \(example)."
            )
        }
        items.append(item)
    }
    return items
}

/// A comma-separated list of whole numbers, each in `range`: sorted, each once; nil when an item
/// is not a whole number or lies outside (the caller says what the option takes).
func wholeNumberList(_ text: String, option: String, example: String, in range: ClosedRange<Int>) throws -> [Int]? {
    let parts = try commaList(text, option: option, example: example)
    let values = parts.compactMap { Int($0) }
    guard !parts.isEmpty, values.count == parts.count, values.allSatisfy(range.contains) else { return nil }
    return Array(Set(values)).sorted()
}
