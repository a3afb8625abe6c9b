"""Plateau for notebooks: scaling laws with honest uncertainty, priced.

A thin wrapper over the `plateau` binary this package carries. Every number comes from the
binary (called with `--json`); this package only moves tables in and documents out. The API
follows the CLI one to one, options in snake_case:

    import plateau
    fit = plateau.fit("runs.csv", law="chinchilla", columns={"loss": "val_loss"}, bootstrap=200)
    fit.parameters                 # DataFrame: parameter, value, low, high
    fit.predict({"N": 70e9, "D": 1.4e12})
    fit.plan(budget=5.76e23, serve_tokens=1e12)

`data` is a pandas or polars DataFrame, a pyarrow Table, a list of dicts, a dict of columns, or a
path (CSV, TSV, JSON, JSON Lines, Parquet through pyarrow, a folder of TensorBoard runs, a W&B
export); None reads the command's bundled data. Errors are `PlateauError`s (`UsageError`,
`DataError`, `OutputError`) carrying the binary's one line; warnings are `PlateauWarning`s with
their codes.
"""

import os
import tempfile

from . import _binary, _tables
from ._binary import DataError, OutputError, PlateauError, PlateauWarning, UsageError
from ._results import Fit, Report, Result

__version__ = "0.8.0"

__all__ = [
    "fit", "check", "predict", "plan", "returns", "sample", "downstream", "prices", "benchmarks", "trend",
    "isoflop", "routing", "breaks", "price", "mix", "report", "explore", "run", "Fit", "Result", "Report", "PlateauError", "UsageError", "DataError", "OutputError",
    "PlateauWarning", "binary",
]

binary = _binary.binary


def _document(command, data, options, positional=True, data_option=None):
    """Runs `command` on `data` with `options` and returns its document."""
    with tempfile.TemporaryDirectory(prefix="plateau-") as folder:
        path, renames = _tables.prepare(data, folder)
        args = []
        if path is not None:
            args += [data_option, path] if data_option else [path]
        args += _binary.arguments(options)
        return _binary.document(command, args, renames)


def fit(data=None, law="chinchilla", columns=None, checkpoints=None, bootstrap=0, **options):
    """`plateau fit`: a law fitted to runs. Returns a `Fit`.

    `columns` maps roles to columns or expressions (`{"N": "params", "loss": "ln(ppl)"}`);
    `checkpoints` is `final`, `all`, `after:F` or `envelope` (None: the CLI's default, `final`,
    or `all` for a law of steps); other options are the CLI's (`starts=200`, `where=["step>0"]`,
    `tokens_per_step=2**21`, `seed=1`, `threads=2`).
    """
    return Fit(_document("fit", data, dict(law=law, columns=columns, checkpoints=checkpoints,
                                             bootstrap=bootstrap, **options)))


def check(data=None, columns=None, **options):
    """`plateau check`: the back-test of laws and estimators. Returns a `Result`."""
    return Result("check", _document("check", data, dict(columns=columns, **options)))


def predict(data=None, points=None, law="chinchilla", columns=None, **options):
    """`plateau predict` with a fresh fit of `data` (or published constants: `law="hoffmann2022"`)
    at `points`; see `Fit.predict` for predictions from a fit you hold."""
    with tempfile.TemporaryDirectory(prefix="plateau-") as folder:
        path, renames = _tables.prepare(data, folder)
        args = ([path] if path else []) + (["--points", _tables.write_points(points, folder)[0]] if points is not None else [])
        doc = _binary.document("predict", args + _binary.arguments(dict(law=law, columns=columns, **options)), renames)
    return Result("predict", doc)


def plan(runs=None, **options):
    """`plateau plan`: from published constants (`law="besiroglu2024"`), or a fresh fit of `runs`
    (`--runs`). Options as the CLI's: `budget`, `serve_tokens`, `gpu`, `dollars`, … """
    return Result("plan", _document("plan", runs, options, data_option="--runs"))


def returns(runs=None, **options):
    """`plateau returns`: what each cut in loss costs. `from_` stands for `--from`."""
    options = {("from" if k == "from_" else k): v for k, v in options.items()}
    return Result("returns", _document("returns", runs, options, data_option="--runs"))


def sample(data=None, **options):
    """`plateau sample`: test-time compute (pass@k, coverage laws) on per-problem results."""
    return Result("sample", _document("sample", data, options))


def downstream(data=None, columns=None, **options):
    """`plateau downstream`: downstream evaluations against compute."""
    return Result("downstream", _document("downstream", data, dict(columns=columns, **options)))


def prices(data=None, **options):
    """`plateau prices`: how fast the price of a capability falls."""
    return Result("prices", _document("prices", data, options))


def benchmarks(data=None, **options):
    """`plateau benchmarks`: benchmark frontiers and saturation."""
    return Result("benchmarks", _document("benchmarks", data, options))


def trend(data=None, **options):
    """`plateau trend`: growth over time of compute, parameters and data."""
    return Result("trend", _document("trend", data, options))


def isoflop(data=None, columns=None, **options):
    """`plateau isoflop`: IsoFLOP profiles (Approach 2) beside the parametric fit."""
    return Result("isoflop", _document("isoflop", data, dict(columns=columns, **options)))


def routing(data=None, **options):
    """`plateau routing`: Clark et al.'s law for routed models."""
    return Result("routing", _document("routing", data, options))


def breaks(data=None, columns=None, **options):
    """`plateau breaks`: one trend against two segments with a break."""
    return Result("breaks", _document("breaks", data, dict(columns=columns, **options)))


def price(**options):
    """`plateau price`: FLOPs, accelerator-hours, dollars, energy and CO2 of a run
    (`flops=5.76e23`, `gpu="H100"`, `serve_tokens=…`)."""
    return Result("price", _document("price", None, options))


def mix(**options):
    """`plateau mix`: what AI-written web text in the training mix is worth, by Russell et al.
    2026's law (`target="c4"`, `params=268e6`, `tokens_per_param=20`, `ai_share=0.2`, or `fit=PATH`
    of a saved `russell2026` fit). `.frame("answer.curve")` is the curves against the AI share."""
    return Result("mix", _document("mix", None, options))


def report(data=None, columns=None, **options):
    """`plateau report`: the self-contained HTML report. Returns a `Report` (inline in Jupyter;
    `.save(path)`)."""
    with tempfile.TemporaryDirectory(prefix="plateau-") as folder:
        path, renames = _tables.prepare(data, folder)
        page = os.path.join(folder, "report.html")
        args = ([path] if path else []) + ["-o", page] + _binary.arguments(dict(columns=columns, **options))
        _binary.run("report", args, renames)
        with open(page, encoding="utf-8") as f:
            return Report(f.read())


def explore(runs=None, **options):
    """`plateau explore`: the what-if page, from a fresh fit of `runs` (`--runs`), published
    constants (`law="besiroglu2024"`) or a saved fit (`fit=PATH`). Returns a `Report` (inline in
    Jupyter, where its sliders work; `.save(path)`)."""
    with tempfile.TemporaryDirectory(prefix="plateau-") as folder:
        path, renames = _tables.prepare(runs, folder)
        page = os.path.join(folder, "whatif.html")
        args = (["--runs", path] if path else []) + ["-o", page] + _binary.arguments(options)
        _binary.run("explore", args, renames)
        with open(page, encoding="utf-8") as f:
            return Report(f.read())


def run(command, *args):
    """Any command with CLI arguments as given, returning its standard output as text."""
    return _binary.run(command, list(args))
