"""What the commands return: the binary's JSON documents as Python objects and DataFrames."""

import html
import json
import os
import tempfile

import pandas

from . import _binary, _tables


SAVED_NAME = "<Fit>"
"""How documents and messages name a `Fit` passed to the binary as a saved file."""


class Result:
    """A command's document.

    - `document`: the JSON document as a dict (its `schema` names its version);
    - `warnings`: (code, message) pairs, also issued as `PlateauWarning`s;
    - `notes`: what reading the data did (a derived column, dropped rows);
    - `frames`: a DataFrame for each list of records in the document (`predictions`, `tasks`),
      nested fields flattened with dots (`inputs.D`).
    """

    def __init__(self, command, document):
        self.command = command
        self.document = document

    @property
    def schema(self):
        return self.document.get("schema")

    @property
    def warnings(self):
        return _binary.warning_list(self.document)

    @property
    def notes(self):
        return list(self.document.get("notes", []))

    @property
    def frames(self):
        """Every list of records reached through objects (not through other lists), by dotted
        path: `tasks`, `forecast.rows`."""
        found = {}

        def walk(node, path):
            if isinstance(node, dict):
                for key, value in node.items():
                    walk(value, path + [key])
            elif isinstance(node, list) and node and all(isinstance(v, dict) for v in node):
                if path != ["warnings"]:
                    found[".".join(path)] = pandas.json_normalize(node)

        walk(self.document, [])
        return found

    def frame(self, path):
        """The records at a dotted `path` as one DataFrame. A path through a list of records
        (`laws.predictions` in `check`) gives every element's records, each row with its
        parent's plain fields (`law`)."""
        keys = path.split(".")
        node, i = self.document, 0
        while isinstance(node, dict):
            if i == len(keys) or keys[i] not in node:
                raise KeyError(f"no list of records at '{path}' in the {self.command} document")
            node, i = node[keys[i]], i + 1
        if not isinstance(node, list):
            raise KeyError(f"'{'.'.join(keys[:i])}' is not a list in the {self.command} document")
        rest = keys[i:]
        if not rest:
            return pandas.json_normalize(node)
        meta = [k for k, v in (node[0] if node else {}).items() if not isinstance(v, (list, dict))]
        return pandas.json_normalize(node, record_path=rest, meta=meta, errors="ignore")

    def __getitem__(self, key):
        return self.document[key]

    def __repr__(self):
        return f"<plateau {self.command}: {self.schema}, {_count(len(self.warnings), 'warning')}>"

    def _repr_html_(self):
        parts = [f"<p><b>plateau {html.escape(self.command)}</b> <code>{html.escape(str(self.schema))}</code></p>"]
        for name, frame in self.frames.items():
            parts.append(f"<p>{html.escape(name)} ({len(frame)} rows)</p>")
            parts.append(frame.head(20).to_html(index=False))
        parts.append(_warnings_html(self.warnings))
        return "\n".join(parts)


class Fit(Result):
    """A fitted law (`plateau fit --json`, schema `plateau.fit/2`).

    Besides `document`, `warnings` and `notes`:
    - `parameters`: a DataFrame of parameter and value, with the interval's low and high (and why
      an interval is withheld) when the fit was bootstrapped;
    - `predict(points)`, `plan(...)`, `returns(...)`: the CLI's `predict --from`, `plan --fit` and
      `returns --fit` on this fit.
    """

    def __init__(self, document):
        super().__init__("fit", document)

    @property
    def law(self):
        return self.document.get("law")

    @property
    def parameters(self):
        intervals = (self.document.get("bootstrap") or {}).get("intervals") or {}
        rows = []
        for name, value in self.document.get("parameters", {}).items():
            row = {"parameter": name, "value": value}
            if intervals:
                interval = intervals.get(name, {})
                row["low"] = interval.get("lower", float("nan"))
                row["high"] = interval.get("upper", float("nan"))
                if "withheld" in interval:
                    row["withheld"] = interval["withheld"]
            rows.append(row)
        return pandas.DataFrame(rows)

    def _with_saved(self, body):
        with tempfile.TemporaryDirectory(prefix="plateau-") as folder:
            path = os.path.join(folder, "fit.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(self.document, f)
            return body(folder, path)

    def predict(self, points, **options):
        """Predictions at `points` (a dict of inputs, a list of them, or a table with a column per
        input: `{"N": 70e9, "D": 1.4e12}`), with 95 % intervals when the fit was bootstrapped, as
        a DataFrame: the inputs, `predicted`, `lower`, `upper`, `extrapolation` (× the largest
        fitted scale)."""
        def body(folder, path):
            points_path, given = _tables.write_points(points, folder)
            doc = _binary.document("predict", ["--from", path, "--points", points_path] + _binary.arguments(options),
                                   {path: SAVED_NAME})
            frame = pandas.json_normalize(doc.get("predictions", []))
            inputs = [f"inputs.{k}" for k in given if f"inputs.{k}" in frame.columns]
            inputs += [c for c in frame.columns if c.startswith("inputs.") and c not in inputs]
            rest = [c for c in ["predicted", "lower", "upper", "extrapolation"] if c in frame.columns]
            others = [c for c in frame.columns if c not in inputs and c not in rest]
            frame = frame[inputs + rest + others]
            return frame.rename(columns=lambda c: c[len("inputs."):] if c.startswith("inputs.") else c)
        return self._with_saved(body)

    def plan(self, **options):
        """`plateau plan --fit` on this fit: `budget=5.76e23`, `serve_tokens=1e12`, `gpu="H100"`, …"""
        return self._with_saved(lambda folder, path: Result(
            "plan", _binary.document("plan", ["--fit", path] + _binary.arguments(options), {path: SAVED_NAME})))

    def returns(self, **options):
        """`plateau returns --fit` on this fit: `from_=5.76e23` (`from` is a keyword), `cut=0.1`, …"""
        options = {("from" if k == "from_" else k): v for k, v in options.items()}
        return self._with_saved(lambda folder, path: Result(
            "returns", _binary.document("returns", ["--fit", path] + _binary.arguments(options), {path: SAVED_NAME})))

    def __repr__(self):
        return f"<plateau fit: {self.law}, {self.document.get('runs')} runs, {_count(len(self.warnings), 'warning')}>"

    def _repr_html_(self):
        doc = self.document
        head = (f"<p><b>{html.escape(str(self.law))}</b>: {html.escape(str(doc.get('formula', '')))} "
                f"fitted to {doc.get('runs')} runs ({html.escape(str(doc.get('estimator', '')))})</p>")
        return head + self.parameters.to_html(index=False) + _warnings_html(self.warnings)


class Report:
    """The HTML report: shown inline in Jupyter (in an iframe, so its styles stay its own);
    `html` is the page, `save(path)` writes it."""

    def __init__(self, page):
        self.html = page

    def save(self, path):
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.html)
        return path

    def _repr_html_(self):
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
                'style="width:100%;height:800px;border:0"></iframe>')


def _count(n, noun):
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _warnings_html(pairs):
    if not pairs:
        return "<p>warnings: none</p>"
    items = "".join(f"<li><code>{html.escape(str(code))}</code> {html.escape(message)}</li>" for code, message in pairs)
    return f"<p>warnings:</p><ul>{items}</ul>"
