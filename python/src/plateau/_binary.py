"""Running the `plateau` binary: where it is, how options become arguments, and its errors."""

import json
import os
import subprocess
import sys
import warnings

_HERE = os.path.dirname(os.path.abspath(__file__))


class PlateauError(Exception):
    """The binary stopped with its one-line error (`file:line:column: what — what to do`).

    `message` is that line, `exit_code` the binary's exit status, `command` the arguments given.
    When the problem is in a table the wrapper passed (a DataFrame, a list of dicts), the file is
    named `data` and `row` is the 0-based position of the row it is in.
    """

    def __init__(self, message, exit_code=None, command=None, row=None):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.command = command
        self.row = row


class UsageError(PlateauError):
    """Bad options (exit 64)."""


class DataError(PlateauError):
    """Bad data: a cell, a column, too few runs (exit 65)."""


class OutputError(PlateauError):
    """An output that cannot be created (exit 73) or written (exit 74)."""


class PlateauWarning(UserWarning):
    """A warning of a Plateau document: `code` (`E-not-identified`) and `message`."""

    def __init__(self, code, message):
        super().__init__(f"[{code}] {message}" if code else message)
        self.code = code
        self.message = message


_ERRORS = {64: UsageError, 65: DataError, 73: OutputError, 74: OutputError}


def binary():
    """The `plateau` binary: $PLATEAU_BINARY, else the one this package carries."""
    path = os.environ.get("PLATEAU_BINARY") or os.path.join(_HERE, "_bin", "plateau")
    if not os.path.exists(path):
        raise PlateauError(
            f"no plateau binary at {path} — install the platform wheel (pip install plateau-scaling), "
            "or set PLATEAU_BINARY to a built binary")
    return path


def arguments(options):
    """CLI arguments from keyword options: `serve_tokens=1e12` → `--serve-tokens 1000000000000.0`
    (floats as `repr`, so nothing is rounded).

    True is a flag, False and None are left out, a list or tuple repeats the option, and a dict
    gives `KEY=VALUE` items (`columns={"loss": "train/loss"}` → `--column loss=train/loss`).
    """
    args = []
    for key, value in options.items():
        if value is None or value is False:
            continue
        name = {"columns": "column", "where": "where"}.get(key, key)
        flag = "--" + name.replace("_", "-")
        if value is True:
            args.append(flag)
        elif isinstance(value, dict):
            for k, v in value.items():
                args += [flag, f"{k}={_text(v)}"]
        elif isinstance(value, (list, tuple)):
            for v in value:
                args += [flag, _text(v)]
        else:
            args += [flag, _text(value)]
    return args


def _text(value):
    if isinstance(value, float):
        return repr(value)
    return str(value)


def run(command, args, renames=None):
    """Runs `plateau COMMAND ARGS`, returning stdout; raises the error class of its exit code.

    `renames` maps temporary paths to the names shown in messages (`data`).
    """
    full = [binary(), command] + list(args)
    result = subprocess.run(full, capture_output=True, text=True)
    renames = renames or {}

    def shown(text):
        for path, name in renames.items():
            text = text.replace(path, name)
        return text

    if result.returncode != 0:
        lines = [line for line in shown(result.stderr).splitlines() if line.strip()]
        message = lines[0] if lines else f"plateau {command} stopped with exit {result.returncode}"
        if message.startswith("Error: "):
            message = message[len("Error: "):]
        row = None
        for name in renames.values():
            if name.startswith("<"):  # a saved document (<Fit>), not a table of rows
                continue
            prefix = name + ":"
            if message.startswith(prefix):
                parts = message[len(prefix):].split(":")
                if parts and parts[0].isdigit():
                    row = int(parts[0]) - 1  # JSON Lines: line k holds row k-1
        error = _ERRORS.get(result.returncode, PlateauError)
        raise error(message, exit_code=result.returncode, command=[command] + list(args), row=row)
    return shown(result.stdout)


def document(command, args, renames=None):
    """Runs a command with `--json` and returns its document, issuing its warnings."""
    doc = json.loads(run(command, list(args) + ["--json"], renames))
    for code, message in warning_list(doc):
        warnings.warn(PlateauWarning(code, message), stacklevel=_caller_level())
    return doc


def _caller_level():
    """The stack level of the first caller outside this package, so that a warning points at
    the user's line."""
    frame, level = sys._getframe(1), 1
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _HERE:
        frame, level = frame.f_back, level + 1
    return level


def warning_list(doc):
    """A document's warnings as (code, message) pairs (code None where a document has none)."""
    found = []
    for item in doc.get("warnings", []) if isinstance(doc, dict) else []:
        if isinstance(item, dict):
            found.append((item.get("code"), item.get("message", "")))
        else:
            found.append((None, str(item)))
    return found
