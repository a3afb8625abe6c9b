import Foundation

/// A chart drawn as a standalone SVG: log or linear axes with units, scatter points with
/// `<title>` tooltips, lines, shaded bands and a legend.
///
/// ```swift
/// var chart = Chart(id: "fit", title: "Loss against compute", caption: "…",
///                   x: .init(label: "training compute (FLOP)", scale: .log),
///                   y: .init(label: "loss (nats/token)", scale: .log))
/// chart.series.append(.scatter("runs", color: Palette.categorical[0], points: points))
/// let svg = chart.svg()
/// ```
/// Coordinates are written with one decimal and ticks with ``TickFormat``, so the same chart
/// gives the same bytes on every machine.
public struct Chart: Sendable {
    public enum Scale: Sendable { case linear, log }

    public struct Axis: Sendable {
        /// The label, with its unit in parentheses.
        public var label: String
        public var scale: Scale
        /// A fixed range; by default the data's, widened to whole decades (log, ≥ 2 decades) or
        /// to round ticks.
        public var range: ClosedRange<Double>?
        public init(label: String, scale: Scale, range: ClosedRange<Double>? = nil) {
            self.label = label
            self.scale = scale
            self.range = range
        }
    }

    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        /// Shown on hover (`<title>`).
        public var tooltip: String?
        public init(_ x: Double, _ y: Double, tooltip: String? = nil) {
            self.x = x
            self.y = y
            self.tooltip = tooltip
        }
    }

    public enum Mark: Sendable {
        case scatter([Point])
        case line([Point], dashed: Bool)
        /// A shaded region between two curves sampled at the same x.
        case band(lower: [Point], upper: [Point])
    }

    public struct Series: Sendable {
        public var label: String
        public var color: String
        public var mark: Mark
        public var inLegend: Bool
        /// A line's label written at its right end, in its colour: many lines of one ramp (model
        /// sizes) are told apart there rather than by matching shades to a legend (issue 26).
        public var directLabel: String?

        public static func scatter(_ label: String, color: String, points: [Point], inLegend: Bool = true) -> Series {
            Series(label: label, color: color, mark: .scatter(points), inLegend: inLegend, directLabel: nil)
        }
        public static func line(
            _ label: String, color: String, points: [Point], dashed: Bool = false, inLegend: Bool = true,
            directLabel: String? = nil
        ) -> Series {
            Series(
                label: label, color: color, mark: .line(points, dashed: dashed), inLegend: inLegend,
                directLabel: directLabel)
        }
        public static func band(_ label: String, color: String, lower: [Point], upper: [Point]) -> Series {
            Series(label: label, color: color, mark: .band(lower: lower, upper: upper), inLegend: true, directLabel: nil)
        }
    }

    /// Unique within a page (used for the clip path's id).
    public var id: String
    public var title: String
    /// One sentence saying what the chart shows.
    public var caption: String
    public var x: Axis
    public var y: Axis
    public var series: [Series] = []
    public var width = 600.0
    public var height = 380.0

    public init(id: String, title: String, caption: String, x: Axis, y: Axis) {
        self.id = id
        self.title = title
        self.caption = caption
        self.x = x
        self.y = y
    }

    /// The number of scatter points (each is a `<circle class="point">`).
    public var pointCount: Int {
        series.reduce(0) { n, s in
            if case .scatter(let p) = s.mark { return n + p.count }
            return n
        }
    }

    var allPoints: [Point] {
        series.flatMap { s -> [Point] in
            switch s.mark {
            case .scatter(let p), .line(let p, _): p
            case .band(let lower, let upper): lower + upper
            }
        }
    }
}

/// Colours that read on white and for common colour-vision deficiencies.
package enum Palette {
    /// Okabe–Ito's eight, black last.
    package static let categorical = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
    ]
    /// A sequential ramp (viridis, dark to light) for ordered groups such as model size: colours
    /// interpolated between viridis's stops, so every group has its own.
    package static func sequential(_ count: Int) -> [String] {
        let stops: [(Double, Double, Double)] = [
            (0x44, 0x01, 0x54), (0x41, 0x44, 0x87), (0x2A, 0x78, 0x8E), (0x22, 0xA8, 0x84), (0x7A, 0xD1, 0x51),
            (0xBD, 0xDF, 0x26),
        ]
        guard count > 1 else { return ["#2A788E"] }
        return (0..<count).map { i in
            let t = Double(i) / Double(count - 1) * Double(stops.count - 1)
            let k = Swift.min(Int(t), stops.count - 2), f = t - Double(k)
            let a = stops[k], b = stops[k + 1]
            let mix = { (x: Double, y: Double) in Int((x + (y - x) * f).rounded()) }
            return String(format: "#%02X%02X%02X", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
        }
    }
}
