import Foundation

/// One kind of accelerator: its peak throughput, power and an example price, with their source.
package struct Accelerator: Codable, Sendable, Equatable {
    /// Short name used on the command line, e.g. `H100`.
    package var name: String
    package var description: String?
    /// Peak dense tensor throughput in the training precision, FLOP/s.
    package var peakFlops: Double
    /// The precision `peakFlops` is for, e.g. `bf16 dense`.
    package var precision: String?
    /// Board (or chip) power in watts; nil when not published.
    package var watts: Double?
    /// An example on-demand price per accelerator-hour in US dollars; nil when unknown.
    package var usdPerHour: Double?
    /// Where the throughput and power come from.
    package var source: String
    /// When they were stated.
    package var date: String
    /// Where the price comes from, when it was quoted, and its class (e.g. `hyperscaler
    /// on-demand`: list prices of the large clouds; `specialised cloud`: GPU-cloud rates, often
    /// several times lower). Prices of one class compare; prices of two classes do not.
    package var priceSource: String?
    package var priceDate: String?
    package var priceClass: String?

    enum CodingKeys: String, CodingKey {
        case name, description, precision, watts, source, date
        case peakFlops = "peak_flops"
        case usdPerHour = "usd_per_hour"
        case priceSource = "price_source"
        case priceDate = "price_date"
        case priceClass = "price_class"
    }

    package init(
        name: String, description: String? = nil, peakFlops: Double, precision: String? = nil, watts: Double?,
        usdPerHour: Double?, source: String, date: String, priceSource: String? = nil, priceDate: String? = nil,
        priceClass: String? = nil
    ) {
        self.priceSource = priceSource
        self.priceDate = priceDate
        self.priceClass = priceClass
        self.name = name
        self.description = description
        self.peakFlops = peakFlops
        self.precision = precision
        self.watts = watts
        self.usdPerHour = usdPerHour
        self.source = source
        self.date = date
    }
}

/// The accelerators Plateau can price, from the bundled `hardware.json` or a user's file of
/// the same shape (`{"accelerators": [{"name": …, "peak_flops": …, "watts": …,
/// "usd_per_hour": …, "source": …, "date": …}]}`).
package struct HardwareCatalog: Codable, Sendable {
    package var accelerators: [Accelerator]

    package init(accelerators: [Accelerator]) {
        self.accelerators = accelerators
    }

    /// The catalog shipped with Plateau.
    package static func bundled() throws -> HardwareCatalog {
        guard let url = Bundle.module.url(forResource: "hardware", withExtension: "json"),
            let data = FileManager.default.contents(atPath: url.path)
        else {
            throw InputError(
                file: "hardware.json", problem: "the bundled hardware catalog is missing", remedy: "rebuild Plateau")
        }
        return try decode(data, file: "hardware.json")
    }

    /// A catalog read from `path`.
    ///
    /// - Throws: ``InputError`` for a missing or malformed file, or an entry whose numbers are
    ///   not positive.
    package static func load(path: String) throws -> HardwareCatalog {
        let text = try TextSource.read(path: path)
        return try decode(Data(text.utf8), file: path)
    }

    static func decode(_ data: Data, file: String) throws -> HardwareCatalog {
        let catalog: HardwareCatalog
        do {
            catalog = try JSONDecoder().decode(HardwareCatalog.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw InputError(
                file: file, problem: "\(path(context.codingPath)) has no '\(key.stringValue)'",
                remedy: "give every accelerator name, peak_flops, source and date (watts and usd_per_hour may be null)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw InputError(
                file: file, problem: "\(path(context.codingPath)) has the wrong type (\(context.debugDescription))",
                remedy: "numbers must be JSON numbers, names and sources strings")
        } catch {
            throw InputError(
                file: file, problem: "is not a valid hardware catalog (\(error.localizedDescription))",
                remedy: "see the bundled hardware.json for the shape")
        }
        for (i, a) in catalog.accelerators.enumerated() {
            let bad = [("peak_flops", a.peakFlops), ("watts", a.watts), ("usd_per_hour", a.usdPerHour)]
                .first { $0.1.map { !($0 > 0 && $0.isFinite) } ?? false }
            if let bad {
                throw InputError(
                    file: file, problem: "accelerator \(i + 1) ('\(a.name)') has \(bad.0) = \(bad.1 ?? .nan)",
                    remedy: "give a positive, finite number (or null for watts and usd_per_hour)")
            }
        }
        return catalog
    }

    private static func path(_ codingPath: [CodingKey]) -> String {
        codingPath.map { $0.intValue.map { "entry \($0 + 1)" } ?? $0.stringValue }.joined(separator: " ").ifEmpty(
            "the catalog")
    }

    /// The accelerator with this name, ignoring case, spaces and dashes (`tpu-v4` finds `TPUv4`).
    package func accelerator(named name: String) -> Accelerator? {
        let key = Self.normalize(name)
        return accelerators.first { Self.normalize($0.name) == key }
    }

    static func normalize(_ name: String) -> String {
        String(name.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}

extension String {
    fileprivate func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
