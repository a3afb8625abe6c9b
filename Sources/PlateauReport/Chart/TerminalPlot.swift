import Foundation

/// A compact Unicode plot for the terminal: a chart's lines in braille dots (2×4 per
/// character), its scatter points as `•`, axes labelled at the ends and at decade ticks.
package struct TerminalPlot: Sendable {
    package var columns = 60
    package var rows = 14

    package init() {}

    /// The chart drawn in text; lines in braille, points as `•`. Bands are left out.
    package func render(_ chart: Chart) -> String {
        let xTicks = Ticks(axis: chart.x, data: chart.allPoints.map(\.x))
        let yTicks = Ticks(axis: chart.y, data: chart.allPoints.map(\.y))
        let width = Double(columns * 2), height = Double(rows * 4)
        let mapX = Chart.mapping(chart.x.scale, xTicks.range, 0, width - 1)
        let mapY = Chart.mapping(chart.y.scale, yTicks.range, height - 1, 0)
        var dots = [[UInt8]](repeating: [UInt8](repeating: 0, count: columns), count: rows)
        var marks = [[Bool]](repeating: [Bool](repeating: false, count: columns), count: rows)
        // Braille dot bits by (column in cell, row in cell).
        let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
        func inside(_ p: Chart.Point) -> (Double, Double)? {
            guard p.x.isFinite, p.y.isFinite, chart.x.scale == .linear || p.x > 0, chart.y.scale == .linear || p.y > 0
            else { return nil }
            let px = mapX(p.x), py = mapY(p.y)
            return px >= 0 && px < width && py >= 0 && py < height ? (px, py) : nil
        }
        for s in chart.series {
            switch s.mark {
            case .line(let points, _):
                // Sample the polyline densely so that steep pieces stay connected.
                for (a, b) in zip(points, points.dropFirst()) {
                    guard [a.x, a.y, b.x, b.y].allSatisfy(\.isFinite) else { continue }
                    // One sample per dot along the longer side of the segment.
                    let dx = abs(mapX(b.x) - mapX(a.x)), dy = abs(mapY(b.y) - mapY(a.y))
                    let samples = Swift.min(4096, Int(Swift.max(dx, dy).rounded(.up)) + 1)
                    for k in 0...samples {
                        let t = Double(k) / Double(samples)
                        let x =
                            chart.x.scale == .log ? exp(log(a.x) + t * (log(b.x) - log(a.x))) : a.x + t * (b.x - a.x)
                        let y =
                            chart.y.scale == .log ? exp(log(a.y) + t * (log(b.y) - log(a.y))) : a.y + t * (b.y - a.y)
                        guard let (px, py) = inside(Chart.Point(x, y)) else { continue }
                        let cx = Int(px) / 2, cy = Int(py) / 4
                        dots[cy][cx] |= bits[Int(px) % 2][Int(py) % 4]
                    }
                }
            case .scatter(let points):
                for p in points {
                    guard let (px, py) = inside(p) else { continue }
                    marks[Int(py) / 4][Int(px) / 2] = true
                }
            case .band: continue
            }
        }
        // The highest and lowest ticks, each on its own row (the range's ends when there are none):
        // round numbers, where the frame's ends need not be.
        let ends = [yTicks.values.last ?? yTicks.range.upperBound, yTicks.values.first ?? yTicks.range.lowerBound]
        let endRows = ends.map { v in Swift.min(rows - 1, Swift.max(0, Int(mapY(v).rounded()) / 4)) }
        let yLabels = ends.map { Self.short($0) }
        let pad = yLabels.map(\.count).max() ?? 0
        var lines: [String] = []
        for r in 0..<rows {
            let label = r == endRows[0] ? yLabels[0] : r == endRows[1] ? yLabels[1] : ""
            var line = String(repeating: " ", count: pad - label.count) + label + " ┤"
            for c in 0..<columns {
                if marks[r][c] {
                    line += "•"
                } else if dots[r][c] != 0, let scalar = Unicode.Scalar(0x2800 + UInt32(dots[r][c])) {
                    line += String(Character(scalar))
                } else {
                    line += " "
                }
            }
            lines.append(line)
        }
        // The x axis with decade ticks.
        var axis = [Character](repeating: "─", count: columns)
        var labels = [Character](repeating: " ", count: columns + 8)
        for (value, label) in zip(xTicks.values, xTicks.labels) {
            let c = Int(mapX(value)) / 2
            guard c >= 0 && c < columns else { continue }
            axis[c] = "┬"
            let text = Array(label)
            let at = Swift.max(0, Swift.min(c - text.count / 2, labels.count - text.count))
            if labels[at..<(at + text.count)].allSatisfy({ $0 == " " }) && (at == 0 || labels[at - 1] == " ") {
                labels.replaceSubrange(at..<(at + text.count), with: text)
            }
        }
        lines.append(String(repeating: " ", count: pad) + " └" + String(axis))
        lines.append(String(repeating: " ", count: pad + 2) + String(labels.reversed().drop { $0 == " " }.reversed()))
        lines.append(String(repeating: " ", count: pad + 2) + "x: \(chart.x.label); y: \(chart.y.label)")
        return lines.joined(separator: "\n") + "\n"
    }

    static func short(_ v: Double) -> String {
        v.magnitude >= 1e4 || (v != 0 && v.magnitude < 1e-2) ? String(format: "%.1e", v) : String(format: "%.3g", v)
    }
}
