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

        public static func scatter(_ label: String, color: String, points: [Point], inLegend: Bool = true) -> Series {
            Series(label: label, color: color, mark: .scatter(points), inLegend: inLegend)
        }
        public static func line(
            _ label: String, color: String, points: [Point], dashed: Bool = false, inLegend: Bool = true
        ) -> Series {
            Series(label: label, color: color, mark: .line(points, dashed: dashed), inLegend: inLegend)
        }
        public static func band(_ label: String, color: String, lower: [Point], upper: [Point]) -> Series {
            Series(label: label, color: color, mark: .band(lower: lower, upper: upper), inLegend: true)
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
public enum Palette {
    /// Okabe–Ito's eight, black last.
    public static let categorical = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
    ]
    /// A sequential ramp (viridis, dark to light) for ordered groups such as model size.
    public static func sequential(_ count: Int) -> [String] {
        let stops = ["#440154", "#414487", "#2A788E", "#22A884", "#7AD151", "#BDDF26"]
        guard count > 1 else { return [stops[2]] }
        return (0..<count).map { stops[Int((Double($0) / Double(count - 1) * Double(stops.count - 1)).rounded())] }
    }
}
