import Foundation

extension Chart {
    static let margin = (left: 72.0, right: 18.0, top: 14.0, bottom: 58.0)
    static let legendRow = 24.0
    static let font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

    /// The chart as a standalone SVG document (also valid inline in HTML).
    public func svg() -> String {
        let xTicks = Ticks(axis: x, data: allPoints.map(\.x))
        let yTicks = Ticks(axis: y, data: allPoints.map(\.y))
        let m = Self.margin
        let plot = (left: m.left, top: m.top, right: width - rightMargin, bottom: height - m.bottom)
        let mapX = Self.mapping(x.scale, xTicks.range, plot.left, plot.right)
        let mapY = Self.mapping(y.scale, yTicks.range, plot.bottom, plot.top)
        let legend = legendLayout(top: height)
        let total = legend.isEmpty ? height : (legend.last?.y ?? height) + 12
        // The clip path is the plot area widened by a point's radius, so a point on the frame
        // (a score of 100 %) is drawn whole; every value lies inside the range, so no line leaves it.
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" id="\(escape(id))" viewBox="0 0 \(f(width)) \(f(total))" \
            width="\(f(width))" height="\(f(total))" role="img" data-points="\(pointCount)" \
            font-family="\(Self.font)" font-size="13">
            <title>\(escape(title))</title>
            <desc>\(escape(caption))</desc>
            <clipPath id="clip-\(escape(id))"><rect x="\(f(plot.left - 4))" y="\(f(plot.top - 4))" \
            width="\(f(plot.right - plot.left + 8))" height="\(f(plot.bottom - plot.top + 8))"/></clipPath>
            <rect class="plot-area" x="\(f(plot.left))" y="\(f(plot.top))" width="\(f(plot.right - plot.left))" \
            height="\(f(plot.bottom - plot.top))" fill="#ffffff" stroke="#9a9a9a"/>

            """
        // Grid and ticks.
        for (value, label) in zip(xTicks.values, xTicks.labels) {
            let px = mapX(value)
            out += """
                <line x1="\(f(px))" y1="\(f(plot.top))" x2="\(f(px))" y2="\(f(plot.bottom))" stroke="#e6e6e6"/>
                <text class="tick" x="\(f(px))" y="\(f(plot.bottom + 20))" text-anchor="middle" fill="#333">\(escape(label))</text>

                """
        }
        for (value, label) in zip(yTicks.values, yTicks.labels) {
            let py = mapY(value)
            out += """
                <line x1="\(f(plot.left))" y1="\(f(py))" x2="\(f(plot.right))" y2="\(f(py))" stroke="#e6e6e6"/>
                <text class="tick" x="\(f(plot.left - 6))" y="\(f(py + 4))" text-anchor="end" fill="#333">\(escape(label))</text>

                """
        }
        out += """
            <text class="axis" x="\(f((plot.left + plot.right) / 2))" y="\(f(plot.bottom + 44))" text-anchor="middle" \
            font-size="14" fill="#111">\(escape(x.label))</text>
            <text class="axis" transform="translate(18 \(f((plot.top + plot.bottom) / 2))) rotate(-90)" text-anchor="middle" \
            font-size="14" fill="#111">\(escape(y.label))</text>
            <g clip-path="url(#clip-\(escape(id)))">

            """
        let ordered =
            series.filter { if case .band = $0.mark { true } else { false } }
            + series.filter { if case .line = $0.mark { true } else { false } }
            + series.filter { if case .scatter = $0.mark { true } else { false } }
        for s in ordered {
            out += mark(s, mapX, mapY)
        }
        out += "</g>\n"
        out += directLabels(mapX, mapY, top: plot.top, bottom: plot.bottom)
        for item in legend { out += legendItem(item) }
        out += "</svg>\n"
        return out
    }

    /// The right margin: room for direct labels when a line has one (7 px a character).
    var rightMargin: Double {
        let longest = series.compactMap(\.directLabel).map(\.count).max() ?? 0
        return longest == 0 ? Self.margin.right : Swift.max(Self.margin.right, 10 + 7 * Double(longest))
    }

    /// Each direct label at its line's last point, right of the plot area, nudged apart so that
    /// none overlaps another (at least 13 px between baselines, kept inside the plot's height).
    func directLabels(
        _ mapX: (Double) -> Double, _ mapY: (Double) -> Double, top: Double, bottom: Double
    ) -> String {
        var labels: [(y: Double, text: String, color: String)] = series.compactMap { s in
            guard let text = s.directLabel, case .line(let points, _) = s.mark,
                let last = points.last(where: { $0.x.isFinite && $0.y.isFinite })
            else { return nil }
            return (mapY(last.y) + 4, text, s.color)
        }
        guard !labels.isEmpty else { return "" }
        labels.sort { $0.y < $1.y }
        for k in labels.indices.dropFirst() where labels[k].y < labels[k - 1].y + 13 {
            labels[k].y = labels[k - 1].y + 13
        }
        // Pushed past the bottom: shift the stack up, keeping the spacing.
        let overflow = (labels.last?.y ?? 0) - (bottom + 4)
        if overflow > 0 { for k in labels.indices { labels[k].y -= overflow } }
        let x = width - rightMargin + 6
        return labels.map {
            "<text class=\"direct-label\" x=\"\(f(x))\" y=\"\(f(Swift.max($0.y, top + 4)))\" fill=\"\(escape($0.color))\" font-size=\"12\">\(escape($0.text))</text>\n"
        }.joined()
    }

    /// Data coordinates to pixels.
    static func mapping(_ scale: Scale, _ range: ClosedRange<Double>, _ from: Double, _ to: Double) -> (Double) ->
        Double
    {
        let t: (Double) -> Double = scale == .log ? { log10($0) } : { $0 }
        let lo = t(range.lowerBound), span = t(range.upperBound) - lo
        return { from + (t($0) - lo) / (span == 0 ? 1 : span) * (to - from) }
    }

    func mark(_ s: Series, _ mapX: (Double) -> Double, _ mapY: (Double) -> Double) -> String {
        let color = escape(s.color)
        let label = escape(s.label)
        switch s.mark {
        case .scatter(let points):
            var out = "<g class=\"series\" data-series=\"\(label)\">\n"
            for p in points where p.x.isFinite && p.y.isFinite {
                out += "<circle class=\"point\" cx=\"\(f(mapX(p.x)))\" cy=\"\(f(mapY(p.y)))\" r=\"3.5\" "
                out += "fill=\"\(color)\" fill-opacity=\"0.85\" stroke=\"#ffffff\" stroke-width=\"0.6\">"
                out += p.tooltip.map { "<title>\(escape($0))</title>" } ?? ""
                out += "</circle>\n"
            }
            return out + "</g>\n"
        case .line(let points, let dashed):
            let d = path(points, mapX, mapY)
            guard !d.isEmpty else { return "" }
            let dash = dashed ? " stroke-dasharray=\"6 4\"" : ""
            return
                "<path class=\"line\(s.inLegend ? "" : " context")\" data-series=\"\(label)\" d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)><title>\(label)</title></path>\n"
        case .band(let lower, let upper):
            let finite = zip(lower, upper).filter { [$0.x, $0.y, $1.x, $1.y].allSatisfy(\.isFinite) }
            guard finite.count > 1 else { return "" }
            let outline = finite.map(\.0) + finite.map(\.1).reversed()
            let d = path(outline, mapX, mapY) + " Z"
            return
                "<path class=\"band\" data-series=\"\(label)\" d=\"\(d)\" fill=\"\(color)\" fill-opacity=\"0.18\" stroke=\"none\"><title>\(label)</title></path>\n"
        }
    }

    /// `M x y L x y …`, starting a new piece after any non-finite point.
    func path(_ points: [Point], _ mapX: (Double) -> Double, _ mapY: (Double) -> Double) -> String {
        var parts: [String] = []
        var pen = false
        for p in points {
            guard p.x.isFinite && p.y.isFinite && (x.scale == .linear || p.x > 0) && (y.scale == .linear || p.y > 0)
            else {
                pen = false
                continue
            }
            parts.append("\(pen ? "L" : "M")\(f(mapX(p.x))) \(f(mapY(p.y)))")
            pen = true
        }
        return parts.joined(separator: " ")
    }

    struct LegendItem {
        var series: Series
        var x: Double
        var y: Double
    }

    /// Legend entries under the plot in a grid of one to three columns (by the longest label),
    /// so that it stays legible when the chart is scaled down.
    func legendLayout(top: Double) -> [LegendItem] {
        let shown = series.filter(\.inLegend)
        let longest = shown.map(\.label.count).max() ?? 0
        let columns = longest <= 12 ? 3 : longest <= 24 ? 2 : 1
        let columnWidth = (width - Self.margin.left - rightMargin) / Double(columns)
        return shown.enumerated().map { k, s in
            LegendItem(
                series: s, x: Self.margin.left + Double(k % columns) * columnWidth,
                y: top + 16 + Double(k / columns) * Self.legendRow)
        }
    }

    func legendItem(_ item: LegendItem) -> String {
        let color = escape(item.series.color), x = item.x, y = item.y
        let swatch: String
        switch item.series.mark {
        case .scatter:
            swatch = "<circle cx=\"\(f(x + 11))\" cy=\"\(f(y - 4))\" r=\"4\" fill=\"\(color)\"/>"
        case .line(_, let dashed):
            swatch =
                "<line x1=\"\(f(x))\" y1=\"\(f(y - 4))\" x2=\"\(f(x + 22))\" y2=\"\(f(y - 4))\" stroke=\"\(color)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
        case .band:
            swatch =
                "<rect x=\"\(f(x))\" y=\"\(f(y - 10))\" width=\"22\" height=\"12\" fill=\"\(color)\" fill-opacity=\"0.25\"/>"
        }
        return
            "<g class=\"legend\">\(swatch)<text x=\"\(f(x + 28))\" y=\"\(f(y))\" fill=\"#222\">\(escape(item.series.label))</text></g>\n"
    }

    func f(_ v: Double) -> String { TickFormat.fixed(v, decimals: 1) }
}

/// Escapes text for XML and HTML content and attribute values.
package func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for c in text {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}
