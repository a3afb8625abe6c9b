import Foundation
import PlateauTestSupport
import Testing

/// `plateau mix` through the binary: Russell et al.'s published number at their reference
/// setting, the caveats every time, the JSON document, the collapse theory under --explain, and
/// one clear line for each bad input.
@Suite struct MixCommandTests {
    @Test func defaultsGiveTheirCostOfNotFiltering() throws {
        let out = try Plateau.run(["mix"])
        #expect(out.status == 0, "\(out.stderr)")
        // cost_of_not_filtering.csv, c4, 268M, 20 human tokens per parameter, the 2026 crawl's share.
        #expect(out.stdout.contains("1.3363× the tokens"))
        #expect(out.stdout.contains("one detector (Pangram)"))
        #expect(out.stdout.contains("a preprint"))
        #expect(out.stdout.contains("not generations"))
        #expect(!out.stdout.contains("collapse"), "the theory is under --explain only")

        let json = try Plateau.run(["mix", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(doc["schema"] as? String == "plateau.mix/1")
        #expect(doc["target"] as? String == "c4")
        let answer = try #require(doc["answer"] as? [String: Any])
        expectClose(try #require(answer["cost_of_not_filtering"] as? Double), 1.3362690484793063, relative: 1e-9)
        #expect((doc["caveats"] as? [String])?.count == 5)
        #expect((answer["curve"] as? [Any])?.count == 62)
    }

    @Test func tokenValueAtTheirGridAndTheTheoryOnRequest() throws {
        // token_value.csv: c4, 268M, 5 human tokens per parameter, r = 1 → 0.37976343277797325.
        let out = try Plateau.run(["mix", "--tokens-per-param", "5", "--ai-ratio", "1", "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let answer = try #require(doc["answer"] as? [String: Any])
        expectClose(try #require(answer["ai_token_value"] as? Double), 0.37976343277797325, relative: 1e-9)

        let explained = try Plateau.run(["mix", "--target", "fw26-human", "--explain"])
        #expect(explained.status == 0, "\(explained.stderr)")
        for source in ["Shumailov et al. 2024", "Gerstgrasser et al. 2024", "Dohmatob et al. 2024"] {
            #expect(explained.stdout.contains(source))
        }
        // Beyond their tested sizes: both warnings.
        let big = try Plateau.run(["mix", "--params", "70B"])
        #expect(big.stdout.contains("[beyond-tested-sizes]") && big.stdout.contains("[far-extrapolation]"))
    }

    @Test func badInputsGetOneLine() throws {
        let scratch = try Scratch()
        let kaplan = try Plateau.run(["fit", "--law", "kaplan", "--json"])
        #expect(kaplan.status == 0)
        let saved = try scratch.write("kaplan.json", kaplan.stdout)
        for (arguments, code, says) in [
            (["mix", "--ai-share", "1"], 64, "--ai-share"),
            (["mix", "--ai-share", "0.2", "--ai-ratio", "1"], 64, "not both"),
            (["mix", "--target", "pile"], 64, "fw26-human"),
            (["mix", "--params", "-1"], 64, "--params"),
            (["mix", "--fit", saved], 64, "needs a law of AI tokens"),
            (["predict", "--law", "russell2026-c4", "--at", "N=1e8,D=1e9,A=2e9"], 64, "not below D"),
        ] as [([String], Int32, String)] {
            let out = try Plateau.run(arguments)
            #expect(out.status == code, "\(arguments): \(out.stderr)")
            #expect(out.stderr.contains(says), "\(arguments): \(out.stderr)")
            #expect(!out.stderr.contains("Fatal") && out.stdout.isEmpty, "\(arguments)")
        }
    }
}
