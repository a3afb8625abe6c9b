import Foundation

extension ChinchillaLaw {
    /// The law in a saved `plateau fit --json` document of a Chinchilla form (`plateau.fit/2`, or
    /// the version-1 documents of earlier releases).
    ///
    /// - Throws: ``InputError`` when the file is missing, is not such a document, or holds a
    ///   parameter that is not a positive finite number.
    public static func load(fitDocument path: String) throws -> (
        law: ChinchillaLaw, estimator: String, source: String, maxFlops: Double?
    ) {
        let text = try TextSource.read(path: path)
        struct Document: Decodable {
            struct Parameters: Decodable {
                var E, A, B, alpha, beta: Double
            }
            var schema: String
            var law: String
            var estimator: String
            var source: String
            var parameters: Parameters
            var logParameters: [String: Double]?
            var computeRange: [String: Double]?
            enum CodingKeys: String, CodingKey {
                case schema, law, estimator, source, parameters
                case logParameters = "log_parameters"
                case computeRange = "compute_range"
            }
        }
        let doc = try decodeFitDocument(Document.self, text: text, path: path, saveWith: "plateau fit RUNS --json")
        guard doc.schema.hasPrefix("plateau.fit/"), doc.law == "chinchilla" || doc.law == "chinchilla-tied" else {
            throw InputError(
                file: path, problem: "has schema '\(doc.schema)' and law '\(doc.law)'",
                remedy: "give a 'plateau fit --json' document of the chinchilla law")
        }
        let p = doc.parameters
        for (name, v) in [("E", p.E), ("A", p.A), ("B", p.B), ("alpha", p.alpha), ("beta", p.beta)]
        where !(v > 0 && v.isFinite) {
            throw InputError(
                file: path, problem: "parameter \(name) is \(v)", remedy: "refit; every parameter must be positive")
        }
        // The document states A, B and E twice (and their logarithms): an edit of one alone is
        // a damaged document, not a new law.
        for (key, value) in [("a", p.A), ("b", p.B), ("e", p.E)] {
            guard let logged = doc.logParameters?[key] else { continue }
            guard abs(Double.exp(logged) - value) <= 1e-6 * value else {
                throw InputError(
                    file: path,
                    problem:
                        "'parameters.\(key.uppercased())' is \(value), but 'log_parameters.\(key)' gives \(Double.exp(logged)): the document was edited or damaged",
                    remedy: "refit and save the document again rather than editing it")
            }
        }
        if let max = doc.computeRange?["max"], !(max > 0 && max.isFinite) {
            throw InputError(
                file: path, problem: "'compute_range.max' is \(max), not a positive number",
                remedy: "refit and save the document again")
        }
        // Echoed in the plan's header: escaped and cut like any text from a file.
        return (
            ChinchillaLaw(E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta),
            InputError.escaped(doc.estimator, limit: 60), InputError.escaped(doc.source, limit: 200),
            doc.computeRange?["max"]
        )
    }
}

/// A `plateau fit --json` document decoded as `type`.
///
/// - Throws: ``InputError`` naming the file and how to save such a document (`saveWith`).
func decodeFitDocument<D: Decodable>(_ type: D.Type, text: String, path: String, saveWith: String) throws -> D {
    do {
        return try JSONDecoder().decode(type, from: Data(text.utf8))
    } catch {
        throw InputError(
            file: path, problem: "is not a 'plateau fit --json' document",
            remedy: "save one with '\(saveWith) > fit.json'")
    }
}
