import Foundation

/// A folder of TensorBoard runs (`logs/<run>/events.out.tfevents.*`) read as one long table:
/// `run`, `step`, and one column per scalar tag (`train/loss`), one row per run and step.
///
/// The record format is TensorFlow's TFRecord: a little-endian `UInt64` length, the masked
/// CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data. Each record's data is
/// an `Event` protocol buffer whose `summary` (field 5) holds `Summary.Value`s: a tag (field 1) and
/// either a `simple_value` (field 2, float; tensorboardX and PyTorch's default) or a `tensor`
/// (field 8; TF2's `tf.summary.scalar` and `new_style` writers), of which rank-0 float, double,
/// half, bfloat16 and integer tensors are scalars. Everything else (histograms, images, text,
/// graphs) is skipped and counted. Every CRC is checked: a corrupt or truncated record is an
/// error naming the file and the record's byte offset.
package enum TensorBoardEvents {
    /// One scalar: a tag's value at a step.
    struct Scalar: Equatable {
        var tag: String
        var step: Int64
        var value: String
    }

    /// Whether `name` is a TensorBoard event file.
    static func isEventFile(_ name: String) -> Bool { name.contains("tfevents") }

    /// The runs under the folder `path` (or the one event file `path`) as a table (see the type's
    /// documentation).
    ///
    /// A run is the folder holding its event files, named by its path under `path` (`1.4b`,
    /// `1.4b/train`); event files directly in `path` are one run named after the folder. A run's
    /// files are read in name order (their names start with the writer's start time), so a value
    /// logged again at the same step by a resumed run replaces the earlier one, noted.
    ///
    /// - Throws: ``InputError`` when the folder has no event files, or a record is corrupt.
    static func table(path folder: String) throws -> DataTable {
        let root = URL(fileURLWithPath: folder).standardizedFileURL
        var files: [(run: String, path: String)] = []
        if isEventFile(root.lastPathComponent) {
            files.append((root.deletingLastPathComponent().lastPathComponent, root.path))
        } else {
            guard
                let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
            else {
                throw InputError(file: folder, problem: "the folder cannot be read", remedy: "check its permissions")
            }
            let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
            for case let url as URL in walker where isEventFile(url.lastPathComponent) {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                let directory = url.deletingLastPathComponent().standardizedFileURL.path + "/"
                let relative = directory.hasPrefix(rootPath) ? String(directory.dropFirst(rootPath.count).dropLast()) : ""
                files.append((relative.isEmpty ? root.lastPathComponent : relative, url.path))
            }
        }
        guard !files.isEmpty else {
            throw InputError(
                file: folder, problem: "is a folder with no TensorBoard event files (events.out.tfevents.*)",
                remedy: "give a folder of runs (logs/<run>/events.out.tfevents.*) or a CSV, TSV, JSON or JSON Lines file")
        }
        files.sort { ($0.run, $0.path) < ($1.run, $1.path) }

        var values: [String: [Int64: [String: String]]] = [:]  // run → step → tag → value
        var runs: [String] = []
        var tags = Set<String>()
        var replaced = 0, skipped = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw InputError(file: file.path, problem: "cannot be read", remedy: "check the file's permissions")
            }
            let read = try scalars(in: [UInt8](data), file: file.path)
            skipped += read.skipped
            if values[file.run] == nil { runs.append(file.run) }
            for scalar in read.scalars {
                if values[file.run, default: [:]][scalar.step, default: [:]].updateValue(scalar.value, forKey: scalar.tag)
                    != nil
                {
                    replaced += 1
                }
                tags.insert(scalar.tag)
            }
        }
        guard !tags.isEmpty else {
            throw InputError(
                file: folder, problem: "the event files hold no scalars (\(skipped) other summaries)",
                remedy: "log the loss with add_scalar or tf.summary.scalar")
        }
        let tagNames = tags.sorted()
        // A tag named like the table's own columns keeps its place under another name.
        let tagColumns = tagNames.map { ["run", "step"].contains($0.lowercased()) ? "tag:\($0)" : $0 }
        var table = DataTable(
            source: folder, columns: ["run", "step"] + tagColumns,
            headerPositions: (0..<tagColumns.count + 2).map { (1, $0 + 1) }, rows: [])
        for run in runs {
            for (step, byTag) in (values[run] ?? [:]).sorted(by: { $0.key < $1.key }) {
                let line = table.rows.count + 2
                table.rows.append(
                    [run, String(step)].enumerated().map { .init(text: $0.element, line: line, column: $0.offset + 1) }
                        + tagNames.enumerated().map { .init(text: byTag[$0.element], line: line, column: $0.offset + 3) })
            }
        }
        table.notes.append(
            "read \(files.count) TensorBoard event file\(files.count == 1 ? "" : "s") of \(runs.count) run\(runs.count == 1 ? "" : "s") as a table of run, step and \(tagColumns.count) scalar tag\(tagColumns.count == 1 ? "" : "s") (\(tagColumns.map { "'\($0)'" }.joined(separator: ", "))), in run and step order: '\(folder):LINE' in a message is that table's line (its header is line 1)"
        )
        if replaced > 0 {
            table.notes.append("\(replaced) value\(replaced == 1 ? "" : "s") logged again at the same run, tag and step (a resumed run) — kept the later one")
        }
        if skipped > 0 {
            table.notes.append("skipped \(skipped) summar\(skipped == 1 ? "y" : "ies") that are not scalars (histograms, images, text)")
        }
        return table
    }

    /// The scalars in one event file, and how many other summary values it holds.
    ///
    /// - Throws: ``InputError`` naming the byte offset of a truncated or corrupt record.
    static func scalars(in bytes: [UInt8], file: String) throws -> (scalars: [Scalar], skipped: Int) {
        var offset = 0
        var scalars: [Scalar] = []
        var skipped = 0
        func corrupt(_ problem: String, at start: Int) -> InputError {
            InputError(
                file: file, problem: "the record at byte \(start) \(problem)",
                remedy: "the file is damaged or still being written; copy it again, or move it out of the folder")
        }
        while offset < bytes.count {
            let start = offset
            guard bytes.count - offset >= 12 else {
                throw corrupt("is truncated (\(bytes.count - offset) of at least 12 header bytes)", at: start)
            }
            let length = ProtobufReader.littleEndian(bytes[offset..<offset + 8])
            let lengthCRC = ProtobufReader.littleEndian(bytes[offset + 8..<offset + 12])
            guard maskedCRC32C(bytes[offset..<offset + 8]) == UInt32(lengthCRC) else {
                throw corrupt("has a length whose CRC does not match (not a TensorBoard event file, or corrupt)", at: start)
            }
            offset += 12
            guard length <= UInt64(bytes.count - offset), bytes.count - offset - Int(length) >= 4 else {
                throw corrupt(
                    "is truncated (\(length) data bytes and a 4-byte CRC announced, \(bytes.count - offset) bytes left)",
                    at: start)
            }
            let data = bytes[offset..<offset + Int(length)]
            offset += Int(length)
            guard maskedCRC32C(data) == UInt32(ProtobufReader.littleEndian(bytes[offset..<offset + 4])) else {
                throw corrupt("has data whose CRC does not match", at: start)
            }
            offset += 4
            do {
                let event = try Event(data)
                for value in event.values {
                    if let text = value.scalar {
                        scalars.append(Scalar(tag: value.tag, step: event.step, value: text))
                    } else {
                        skipped += 1
                    }
                }
            } catch is ProtobufReader.Malformed {
                throw corrupt("is not a valid Event protocol buffer", at: start)
            }
        }
        return (scalars, skipped)
    }

    // MARK: CRC-32C

    /// The CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) table.
    private static let crcTable: [UInt32] = (0..<256).map { n in
        (0..<8).reduce(UInt32(n)) { c, _ in c & 1 == 1 ? 0x82F6_3B78 ^ (c >> 1) : c >> 1 }
    }

    /// CRC-32C of `bytes`.
    package static func crc32c<C: Collection<UInt8>>(_ bytes: C) -> UInt32 {
        ~bytes.reduce(~UInt32(0)) { crcTable[Int(($0 ^ UInt32($1)) & 0xFF)] ^ ($0 >> 8) }
    }

    /// TFRecord's masked CRC: rotated right by 15 bits plus a constant.
    package static func maskedCRC32C<C: Collection<UInt8>>(_ bytes: C) -> UInt32 {
        let crc = crc32c(bytes)
        return ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }

    // MARK: Event messages

    /// The fields of an `Event` Plateau reads: its step and its summary's values.
    struct Event {
        var step: Int64 = 0
        var values: [Value] = []

        init(_ data: ArraySlice<UInt8>) throws {
            var reader = ProtobufReader(data)
            while let (field, wire) = try reader.nextField() {
                switch (field, wire) {
                case (2, 0): step = Int64(bitPattern: try reader.varint())
                case (5, 2):
                    var summary = ProtobufReader(try reader.lengthDelimited())
                    while let (f, w) = try summary.nextField() {
                        if f == 1 && w == 2 { values.append(try Value(summary.lengthDelimited())) } else { try summary.skip(w) }
                    }
                default: try reader.skip(wire)
                }
            }
        }
    }

    /// A `Summary.Value`: its tag and, when it is a scalar, the value as text.
    struct Value {
        var tag = ""
        var scalar: String?

        init(_ data: ArraySlice<UInt8>) throws {
            var reader = ProtobufReader(data)
            var tensor: ArraySlice<UInt8>?
            while let (field, wire) = try reader.nextField() {
                switch (field, wire) {
                case (1, 2): tag = String(decoding: try reader.lengthDelimited(), as: UTF8.self)
                case (2, 5): scalar = "\(Float(bitPattern: try reader.fixed32()))"
                case (8, 2): tensor = try reader.lengthDelimited()
                default: try reader.skip(wire)
                }
            }
            if scalar == nil, let tensor { scalar = try Self.scalar(ofTensor: tensor) }
        }

        /// A rank-0 numeric `TensorProto`'s value as text, or nil for any other tensor.
        static func scalar(ofTensor data: ArraySlice<UInt8>) throws -> String? {
            var reader = ProtobufReader(data)
            var dtype: UInt64 = 0
            var rank = 0
            var content: ArraySlice<UInt8>?
            var listed: [String] = []
            while let (field, wire) = try reader.nextField() {
                switch (field, wire) {
                case (1, 0): dtype = try reader.varint()
                case (2, 2):
                    var shape = ProtobufReader(try reader.lengthDelimited())
                    while let (f, w) = try shape.nextField() {
                        if f == 2 { rank += 1 }
                        try shape.skip(w)
                    }
                case (4, 2): content = try reader.lengthDelimited()
                case (5, 2): listed += try reader.packed(width: 4).map { "\(Float(bitPattern: UInt32($0)))" }
                case (5, 5): listed.append("\(Float(bitPattern: try reader.fixed32()))")
                case (6, 2): listed += try reader.packed(width: 8).map { "\(Double(bitPattern: $0))" }
                case (6, 1): listed.append("\(Double(bitPattern: try reader.fixed64()))")
                case (7, 2), (10, 2), (13, 2):
                    // int_val (int32, also half and bfloat16 bit patterns), int64_val, half_val.
                    let raw = try reader.packedVarints()
                    listed += raw.map { Self.integerLike(dtype: dtype, bits: $0) }
                case (7, 0), (10, 0), (13, 0): listed.append(Self.integerLike(dtype: dtype, bits: try reader.varint()))
                default: try reader.skip(wire)
                }
            }
            guard rank == 0 else { return nil }
            if let content, listed.isEmpty {
                func word(_ n: Int) -> UInt64 { ProtobufReader.littleEndian(content.prefix(n)) }
                switch (dtype, content.count) {
                case (1, 4): return "\(Float(bitPattern: UInt32(word(4))))"
                case (2, 8): return "\(Double(bitPattern: word(8)))"
                case (3, 4): return "\(Int32(bitPattern: UInt32(word(4))))"
                case (9, 8): return "\(Int64(bitPattern: word(8)))"
                case (19, 2), (14, 2): return integerLike(dtype: dtype, bits: word(2))
                default: return nil
                }
            }
            return listed.count == 1 && [1, 2, 3, 9, 14, 19].contains(dtype) ? listed[0] : nil
        }

        /// An integer field's value: a number for integer types, a half or bfloat16 decoded.
        private static func integerLike(dtype: UInt64, bits: UInt64) -> String {
            switch dtype {
            case 19: "\(Float(Float16(bitPattern: UInt16(truncatingIfNeeded: bits))))"
            case 14: "\(Float(bitPattern: UInt32(truncatingIfNeeded: bits) << 16))"
            default: "\(Int64(bitPattern: bits))"
            }
        }
    }
}

/// The protocol-buffer wire format, as far as event files need it.
struct ProtobufReader {
    struct Malformed: Error {}
    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    /// The next field's number and wire type, or nil at the end.
    mutating func nextField() throws -> (Int, Int)? {
        guard index < bytes.endIndex else { return nil }
        let key = try varint()
        guard key >> 3 > 0 else { throw Malformed() }
        return (Int(key >> 3), Int(key & 7))
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 7) {
            guard index < bytes.endIndex else { throw Malformed() }
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte < 0x80 { return result }
        }
        throw Malformed()
    }

    mutating func fixed32() throws -> UInt32 { UInt32(try fixed(4)) }
    mutating func fixed64() throws -> UInt64 { try fixed(8) }

    /// The little-endian unsigned integer in `bytes` (at most 8 of them): the wire format's
    /// fixed-width fields, and TFRecord's lengths and CRCs.
    static func littleEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    private mutating func fixed(_ count: Int) throws -> UInt64 {
        guard bytes.endIndex - index >= count else { throw Malformed() }
        defer { index += count }
        return Self.littleEndian(bytes[index..<index + count])
    }

    mutating func lengthDelimited() throws -> ArraySlice<UInt8> {
        let length = try varint()
        guard length <= UInt64(bytes.endIndex - index) else { throw Malformed() }
        defer { index += Int(length) }
        return bytes[index..<index + Int(length)]
    }

    /// A packed field of fixed-width values.
    mutating func packed(width: Int) throws -> [UInt64] {
        var inner = ProtobufReader(try lengthDelimited())
        guard inner.bytes.count % width == 0 else { throw Malformed() }
        var values: [UInt64] = []
        while inner.index < inner.bytes.endIndex { values.append(try inner.fixed(width)) }
        return values
    }

    /// A packed field of varints.
    mutating func packedVarints() throws -> [UInt64] {
        var inner = ProtobufReader(try lengthDelimited())
        var values: [UInt64] = []
        while inner.index < inner.bytes.endIndex { values.append(try inner.varint()) }
        return values
    }

    /// Skips a field of wire type `wire`.
    mutating func skip(_ wire: Int) throws {
        switch wire {
        case 0: _ = try varint()
        case 1: _ = try fixed(8)
        case 2: _ = try lengthDelimited()
        case 5: _ = try fixed(4)
        default: throw Malformed()  // groups (3, 4) are not used by event files
        }
    }
}
