"""Tables in: DataFrames (pandas, polars), Arrow tables, lists of dicts, and paths.

In-memory tables are written for the binary as JSON Lines: every number as Python's shortest
round-trip text (`repr`), so nothing is rounded; NaN and None as absent cells; infinities as
`inf` (which the binary rejects at their cell, as it would in a CSV).
"""

import datetime
import decimal
import json
import math
import os

DATA_NAME = "data"


def prepare(data, folder):
    """A path the binary can read for `data`, and {temporary path: shown name} for messages.

    None stays None (the binary's bundled default). A path is given as it is, except Parquet,
    which is read through pyarrow.
    """
    if data is None:
        return None, {}
    if isinstance(data, (str, os.PathLike)):
        path = os.fspath(data)
        if path.lower().endswith((".parquet", ".pq")):
            return _write(_parquet_records(path), folder, name=os.path.basename(path))
        return path, {}
    return _write(records(data), folder, name=DATA_NAME)


def records(data):
    """Rows of `data` as a list of dicts of plain Python values."""
    module = type(data).__module__.split(".")[0]
    if module == "pandas" and hasattr(data, "to_dict"):
        return _pandas_records(data)
    if module == "polars" and hasattr(data, "to_dicts"):
        return data.to_dicts()
    if module == "pyarrow" and hasattr(data, "to_pylist"):
        return data.to_pylist()
    if isinstance(data, dict):
        columns = list(data)
        lengths = {len(data[c]) for c in columns}
        if len(lengths) > 1:
            raise ValueError("a dict of columns needs columns of one length")
        return [{c: data[c][i] for c in columns} for i in range(lengths.pop() if lengths else 0)]
    if isinstance(data, (list, tuple)) and all(isinstance(row, dict) for row in data):
        return list(data)
    raise TypeError(
        f"cannot read a table from {type(data).__name__}: give a pandas or polars DataFrame, a pyarrow "
        "Table, a list of dicts, a dict of columns, or a path (CSV, TSV, JSON, JSON Lines, Parquet, "
        "a TensorBoard folder)")


def _pandas_records(frame):
    # A named index (a model, a model-and-step MultiIndex) holds data: make it columns.
    index_names = [n for n in frame.index.names if n is not None]
    if index_names:
        frame = frame.reset_index()
    columns = [_column_name(c) for c in frame.columns]
    values = [frame[c].tolist() for c in frame.columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


def _column_name(name):
    if isinstance(name, tuple):
        return " ".join(str(part) for part in name if str(part))
    return str(name)


def _parquet_records(path):
    try:
        import pyarrow.parquet as pq
    except ImportError as error:
        raise ImportError(
            f"reading {path} needs pyarrow, which is not installed — pip install pyarrow "
            "(or pip install 'plateau-scaling[parquet]'), or give the table as CSV") from error
    return pq.read_table(path).to_pylist()


def _plain(value):
    """A value as JSON can hold it without loss."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return value if math.isfinite(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    try:
        import pandas

        if value is pandas.NaT or value is pandas.NA:
            return None
    except ImportError:
        pass
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return _plain(item())
    if hasattr(value, "isoformat"):  # pandas Timestamp
        return value.isoformat()
    return str(value)


def _write(rows, folder, name):
    if not rows:
        raise ValueError("the table has no rows")
    path = os.path.join(folder, name + ".jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps({_column_name(k): _plain(v) for k, v in row.items()}, ensure_ascii=False,
                               allow_nan=False))
            f.write("\n")
    return path, {path: name}


def as_points(points):
    """One point as a dict (`{"N": 70e9, "D": 1.4e12}`) becomes a list of one."""
    if isinstance(points, dict) and not any(isinstance(v, (list, tuple)) for v in points.values()):
        return [points]
    return points


def write_points(points, folder):
    """Points for `predict --points`: a table with a column per input. Returns its path and the
    inputs in the order given."""
    rows = records(as_points(points))
    path, _ = _write(rows, folder, name="points")
    return path, [_column_name(k) for k in rows[0]]
