import Foundation
import PlateauTestSupport
import Testing

import PlateauCore

/// Issue 27: training logs read as they are. The fixtures in Tests/Fixtures/training-logs were
/// written once by real writers (tensorboardX, and tensorboard's EventFileWriter for the tensor
/// encodings) from one ladder; generate.py there says how. Each reader must give the cells of
/// the long CSV the same script wrote.
@Suite struct LogReaderTests {
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures/training-logs")

    /// The table's rows as (run, step) → the named columns' texts, for comparing readers.
    static func cells(_ table: DataTable, run: String, step: String, columns: [String]) throws -> [String: [String?]] {
        let r = try #require(table.columnIndex(named: run)), s = try #require(table.columnIndex(named: step))
        let c = try columns.map { try #require(table.columnIndex(named: $0), "no column \($0) in \(table.columns)") }
        var result: [String: [String?]] = [:]
        for row in table.rows { result["\(row[r].text!)@\(row[s].text!)"] = c.map { row[$0].text } }
        return result
    }

    @Test func tensorBoardFolderReadsAsTheLongTable() throws {
        let long = try DataTable.read(path: Self.fixtures.appendingPathComponent("long.csv").path)
        let events = try DataTable.read(path: Self.fixtures.appendingPathComponent("tensorboard").path)
        #expect(events.columns == ["run", "step", "eval/loss", "lr", "train/loss"])
        #expect(events.rows.count == long.rows.count)
        // Every value of every encoding (simple_value; float_val; tensor_content float and double)
        // is the text the generator wrote: float32 values as their shortest text.
        let columns = ["train/loss", "eval/loss", "lr"]
        #expect(
            try Self.cells(events, run: "run", step: "step", columns: columns)
                == Self.cells(long, run: "run", step: "step", columns: columns))
        #expect(events.notes.contains { $0.contains("9 TensorBoard event files of 8 runs") })
        #expect(events.notes.contains { $0.hasPrefix("1 value logged again") })
        #expect(events.notes.contains { $0.contains("skipped 36 summaries that are not scalars") })
    }

    @Test func wandbExportReadsAsTheLongTable() throws {
        let long = try DataTable.read(path: Self.fixtures.appendingPathComponent("long.csv").path)
        let export = try DataTable.read(path: Self.fixtures.appendingPathComponent("wandb_export.csv").path)
        #expect(export.columns == ["Step", "run", "train/loss", "eval/loss"])
        let columns = ["train/loss", "eval/loss"]
        #expect(
            try Self.cells(export, run: "run", step: "Step", columns: columns)
                == Self.cells(long, run: "run", step: "step", columns: columns))
        #expect(export.notes.last?.contains("8 runs × 2 metrics") == true)
        #expect(export.notes.last?.contains("32 __MIN/__MAX columns left out") == true)
        // A cell keeps its place in the export: the first run's first loss is line 2's
        // second field only if the first step is the first run's; find it and check.
        let row = try #require(export.rows.first)
        #expect(row[2].line == 2 || row[2].text == nil)
    }

    /// An ordinary table with one `a - b` column (even with a companion), or two without companions, is not an export.
    @Test func ordinaryTablesAreNotExports() throws {
        let one = try DataTable.parse("N,D,loss - val,loss - val__MAX\n1e8,2e9,3.1,3.2\n", source: "t.csv", format: .csv)
        #expect(WandBExport.long(one) == nil)
        let two = try DataTable.parse("step,loss - train,acc - train\n1,3.1,0.5\n", source: "t.csv", format: .csv)
        #expect(WandBExport.long(two) == nil)
    }

    /// RFC 3720's check value for CRC-32C ("123456789" → 0xE3069283) and TFRecord's mask.
    @Test func crc32c() {
        #expect(TensorBoardEvents.crc32c(Array("123456789".utf8)) == 0xE306_9283)
        #expect(TensorBoardEvents.crc32c([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        let crc: UInt32 = 0xE306_9283
        #expect(TensorBoardEvents.maskedCRC32C(Array("123456789".utf8)) == ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8)
    }

    /// Run names give N (a note says so) when no column does; a name with two sizes gives none.
    @Test func sizesFromRunNames() throws {
        let table = try DataTable.parse(
            "model,D,loss\npythia-1.4b-deduped,3e11,2.2\ngpt2_125M,3e11,3.1\nolmo 7B,2e12,2.0\n", source: "t.csv",
            format: .csv)
        let runs = try RunTable(table: table)
        #expect(runs.parameters == [1.4e9, 125e6, 7e9])
        #expect(runs.notes.contains { $0.hasPrefix("N read from the run names of 'model'") })
        let ambiguous = try DataTable.parse(
            "model,D,loss\nladder-410m-300b,3e11,2.2\nladder-1b-300b,3e11,3.1\n", source: "t.csv", format: .csv)
        #expect(throws: InputError.self) { try RunTable(table: ambiguous) }
        // Muennighoff et al.'s repository names: 2b8 is the size (2.8B), 55b the tokens — two
        // sizes, so none is taken (reading 55b as N was the failure this guards against).
        let repositories = try DataTable.parse(
            "hf_model_repo,D,loss\nlm1-2b8-55b-c4,5.5e10,2.4\nlm1-4b2-84b-c4,8.4e10,2.3\n", source: "t.csv",
            format: .csv)
        #expect(throws: InputError.self) { try RunTable(table: repositories, overrides: [.run: "hf_model_repo"]) }
        let letterPoint = try DataTable.parse("model,D,loss\nlm-2b8,5.5e10,2.4\nlm-8b7,1.8e11,2.2\n", source: "t.csv", format: .csv)
        #expect(try RunTable(table: letterPoint).parameters == [2.8e9, 8.7e9])
    }
}
