"""The Python package against the binary it carries: every wrapper result equals the CLI's JSON
on the same table; every kind of table in gives the same fit; errors and warnings arrive as
Python's. Run in a fresh virtual environment with the wheel installed (`.ci/run` removes Swift
from PATH and sets PLATEAU_EXPECT_NO_SWIFT=1)."""

import json
import os
import shutil
import subprocess
import sys

import pandas
import pytest

import plateau

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Fixtures", "training-logs")
LONG = os.path.join(FIXTURES, "long.csv")
LOG_OPTIONS = dict(columns={"loss": "train/loss"}, tokens_per_step=1048576)
LOG_ARGS = ["--column", "loss=train/loss", "--tokens-per-step", "1048576", "--bootstrap", "0"]


def cli(*args):
    """The binary's JSON document for `plateau ARGS --json`."""
    result = subprocess.run([plateau.binary(), *args, "--json"], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_the_installed_binary_needs_no_swift():
    if os.environ.get("PLATEAU_EXPECT_NO_SWIFT") == "1":
        assert shutil.which("swift") is None, "swift is on PATH: the test would not show the wheel stands alone"
        assert "site-packages" in plateau.binary() and "PLATEAU_BINARY" not in os.environ
    version = subprocess.run([plateau.binary(), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == plateau.__version__


def test_fit_of_a_path_is_the_cli_document():
    fit = plateau.fit(LONG, **LOG_OPTIONS)
    assert fit.document == cli("fit", LONG, *LOG_ARGS, "--law", "chinchilla")
    assert fit.document["schema"] == "plateau.fit/2"
    frame = fit.parameters
    assert list(frame.columns) == ["parameter", "value"]
    assert dict(zip(frame.parameter, frame.value)) == fit.document["parameters"]


def test_every_kind_of_table_gives_the_same_fit():
    expected = plateau.fit(LONG, **LOG_OPTIONS).document["parameters"]
    frame = pandas.read_csv(LONG)
    import polars
    import pyarrow
    import pyarrow.parquet

    tables = {
        "pandas": frame,
        "pandas with a run-and-step index": frame.set_index(["run", "step"]),
        "polars": polars.read_csv(LONG),
        "arrow": pyarrow.Table.from_pandas(frame),
        "list of dicts": frame.to_dict("records"),
        "dict of columns": {c: frame[c].tolist() for c in frame.columns},
        "tensorboard folder": os.path.join(FIXTURES, "tensorboard"),
        "wandb export": os.path.join(FIXTURES, "wandb_export.csv"),
    }
    parquet = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"plateau-test-{os.getpid()}.parquet")
    pyarrow.parquet.write_table(pyarrow.Table.from_pandas(frame), parquet)
    tables["parquet"] = parquet
    try:
        for name, table in tables.items():
            got = plateau.fit(table, **LOG_OPTIONS).document["parameters"]
            # The same cells in the same order give the same bits; the log readers' rows come in
            # another order (run, then step), so the optimum agrees to rounding.
            exact = name not in ("tensorboard folder", "wandb export")
            for key, value in expected.items():
                assert (got[key] == value) if exact else got[key] == pytest.approx(value, rel=1e-6), (name, key)
    finally:
        os.remove(parquet)


def test_parquet_without_pyarrow_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ImportError, match="needs pyarrow, which is not installed — pip install pyarrow"):
        plateau.fit("runs.parquet")


def test_errors_are_python_exceptions_with_the_binary_line():
    with pytest.raises(plateau.UsageError) as usage:
        plateau.fit(LONG, law="no-such-law")
    assert usage.value.exit_code == 64 and "no-such-law" in usage.value.message

    frame = pandas.read_csv(LONG)
    frame.loc[5, "train/loss"] = -1.0
    with pytest.raises(plateau.DataError) as data:
        plateau.fit(frame, **LOG_OPTIONS, checkpoints="all")
    # The table passed as JSON Lines is named 'data'; its line 6 is the DataFrame's row 5.
    assert data.value.exit_code == 65 and data.value.message.startswith("data:6:")
    assert data.value.row == 5 and " — " in data.value.message

    with pytest.raises(plateau.OutputError) as output:
        plateau.run("report", "-o", "/no/such/folder/report.html", "--bootstrap", "0", "--starts", "10")
    assert output.value.exit_code == 73

    with pytest.raises(TypeError, match="cannot read a table from int"):
        plateau.fit(42)
    assert issubclass(plateau.DataError, plateau.PlateauError)


def test_warnings_carry_their_codes():
    with pytest.warns(plateau.PlateauWarning) as caught:
        fit = plateau.fit(bootstrap=40, starts=200, seed=3)
    codes = {w.message.code for w in caught}
    assert codes == {code for code, _ in fit.warnings} and "flat-optimum" in codes
    assert caught[0].filename == __file__  # the warning points at the caller's line


def test_predict_plan_and_returns_are_the_cli_on_the_saved_fit(tmp_path):
    fit = plateau.fit(bootstrap=40, starts=200, seed=3)
    saved = tmp_path / "fit.json"
    saved.write_text(json.dumps(fit.document))

    predicted = fit.predict([{"N": 70e9, "D": 1.4e12}, {"N": 1e9, "D": 2e10}])
    doc = cli("predict", "--from", str(saved), "--at", "N=70e9,D=1.4e12", "--at", "N=1e9,D=2e10")
    assert list(predicted.columns[:6]) == ["N", "D", "predicted", "lower", "upper", "extrapolation"]
    assert predicted.predicted.tolist() == [p["predicted"] for p in doc["predictions"]]
    assert predicted.lower.tolist() == [p["lower"] for p in doc["predictions"]]
    assert predicted.upper.tolist() == [p["upper"] for p in doc["predictions"]]

    def named(doc):  # the binary names the saved fit by its path; the wrapper calls it <Fit>
        return json.loads(json.dumps(doc).replace(json.dumps(str(saved))[1:-1], "<Fit>"))

    plan = fit.plan(budget=1e24, serve_tokens=1e12)
    assert plan.document == named(cli("plan", "--fit", str(saved), "--budget", "1e24", "--serve-tokens", "1e12"))
    returns = fit.returns(cut=0.2)
    assert returns.document == named(cli("returns", "--fit", str(saved), "--cut", "0.2"))
    assert not returns.frame("tables.steps").empty


def test_every_command_is_the_cli_document():
    cases = {
        "check": (plateau.check, dict(starts=50), ["--starts", "50"]),
        "sample": (plateau.sample, dict(bootstrap=20, exponent_repeats=2), ["--bootstrap", "20", "--exponent-repeats", "2"]),
        "downstream": (plateau.downstream, dict(bootstrap=50), ["--bootstrap", "50"]),
        "prices": (plateau.prices, {}, []),
        "benchmarks": (plateau.benchmarks, {}, []),
        "trend": (plateau.trend, {}, []),
        "plan": (plateau.plan, dict(law="besiroglu2024", budget=1e24), ["--law", "besiroglu2024", "--budget", "1e24"]),
        "returns": (plateau.returns, dict(law="hoffmann2022"), ["--law", "hoffmann2022"]),
        "isoflop": (plateau.isoflop, dict(bootstrap=50), ["--bootstrap", "50"]),
        "routing": (plateau.routing, {}, []),
        "breaks": (plateau.breaks, {}, []),
        "price": (plateau.price, dict(flops=5.76e23, serve_tokens=1e12, params=70e9),
                  ["--flops", "5.76e23", "--serve-tokens", "1e12", "--params", "70e9"]),
        "mix": (plateau.mix, dict(target="fw22", ai_share=0.3), ["--target", "fw22", "--ai-share", "0.3"]),
    }
    for command, (function, options, args) in cases.items():
        with _any_warnings():
            result = function(**options)
        assert result.document == cli(command, *args), command
        assert result.schema.startswith(f"plateau.{command}/")
    check = plateau.check(starts=50)
    predictions = check.frame("laws.predictions")
    assert set(predictions.law) == {law["law"] for law in check.document["laws"]}
    assert "tasks" in plateau.downstream(bootstrap=50).frames
    curve = plateau.mix().frame("answer.curve")
    assert set(curve.columns) == {"ai_token_value", "cost_of_not_filtering", "loss", "share"} and len(curve) == 62


def test_predict_with_published_constants_is_the_cli():
    result = plateau.predict(points={"N": 70e9, "D": 1.4e12}, law="hoffmann2022")
    assert result.document == cli("predict", "--law", "hoffmann2022", "--at", "N=70e9,D=1.4e12")
    assert result.frame("predictions")["predicted"].tolist() == [result.document["predictions"][0]["predicted"]]


def test_report_displays_inline_and_saves(tmp_path):
    report = plateau.report(LONG, **LOG_OPTIONS, bootstrap=0, starts=200)
    page = tmp_path / "cli.html"
    subprocess.run([plateau.binary(), "report", LONG, *LOG_ARGS, "--starts", "200", "-o", str(page)],
                   capture_output=True, check=True)
    assert report.html == page.read_text(encoding="utf-8")  # the same page, to the byte
    assert report.html.startswith("<!DOCTYPE html>")
    assert report._repr_html_().startswith("<iframe srcdoc=")
    path = report.save(tmp_path / "report.html")
    assert open(path, encoding="utf-8").read() == report.html


def test_notebook_display():
    fit = plateau.fit(LONG, **LOG_OPTIONS)
    shown = fit._repr_html_()
    assert "<table" in shown and "chinchilla" in shown and "alpha" in shown


class _any_warnings:
    """Records and ignores warnings (commands on the bundled data warn as they should)."""

    def __enter__(self):
        import warnings

        self._context = warnings.catch_warnings()
        self._context.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        return self._context.__exit__(*exc)


def test_explore_is_the_cli_page(tmp_path):
    page = plateau.explore(law="besiroglu2024", budget=1e24, serve_tokens="5T")
    cli = tmp_path / "whatif.html"
    subprocess.run([plateau.binary(), "explore", "--law", "besiroglu2024", "--budget", "1e24", "--serve-tokens", "5T",
                    "-o", str(cli)], check=True, capture_output=True)
    assert page.html == cli.read_text(encoding="utf-8")  # the same page, to the byte
    assert '<script type="application/json" id="plateau-data">' in page.html
