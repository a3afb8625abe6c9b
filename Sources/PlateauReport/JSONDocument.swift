import Foundation

/// Encodes a report's document the one way every `--json` output is written: pretty-printed,
/// keys sorted, slashes unescaped, so output is stable byte for byte.
package func encodeDocument<T: Encodable>(_ document: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(document), as: UTF8.self)
}
