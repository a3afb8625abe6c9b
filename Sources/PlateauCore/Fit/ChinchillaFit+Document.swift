import Foundation

extension ChinchillaLaw {
    /// The law in a saved `plateau fit --json` document (schema `plateau.fit/1`).
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
            var computeRange: [String: Double]?
            enum CodingKeys: String, CodingKey {
                case schema, law, estimator, source, parameters
                case computeRange = "compute_range"
            }
        }
        let doc = try decodeFitDocument(Document.self, text: text, path: path, saveWith: "plateau fit RUNS --json")
        guard doc.schema.hasPrefix("plateau.fit/"), doc.law == "chinchilla" || doc.law == "chinchilla-tied" else {
            throw InputError(
                file: path, problem: "has schema '\(doc.schema)' and law '\(doc.law)'",
                remedy: "give a plateau.fit/1 document of the chinchilla law")
        }
        let p = doc.parameters
        for (name, v) in [("E", p.E), ("A", p.A), ("B", p.B), ("alpha", p.alpha), ("beta", p.beta)]
        where !(v > 0 && v.isFinite) {
            throw InputError(
                file: path, problem: "parameter \(name) is \(v)", remedy: "refit; every parameter must be positive")
        }
        return (
            ChinchillaLaw(E: p.E, A: p.A, B: p.B, alpha: p.alpha, beta: p.beta), doc.estimator, doc.source,
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
