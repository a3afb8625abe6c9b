"""Writes the training-log fixtures of Plateau's log readers (issue 27), once, with real writers.

Run from this folder with tensorboardX, tensorboard and numpy installed:

    python3 generate.py

It writes, for one ladder of eight runs (four sizes x two training lengths) whose losses follow
Hoffmann et al.'s fitted law L = 1.69 + 406.4/N^0.34 + 410.7/D^0.28 (their Approach 3 constants)
at every logged step, with D = step x 2^20 tokens and a small deterministic wobble:

- tensorboard/<run>/events.out.tfevents.*: TensorBoard event files, in the three scalar
  encodings writers use:
  * tensorboardX's add_scalar (simple_value, as PyTorch's SummaryWriter writes by default);
  * a rank-0 float tensor in float_val, as PyTorch's add_scalar(new_style=True) writes it
    (tensorboardX 2.6 has no new_style, so the proto is built here and written through
    tensorboard's own EventFileWriter);
  * a TF2-style tensor (tensor_content bytes), written through EventFileWriter, with a rank-0
    double tensor for the learning rate.
  One run is resumed in a second event file that logs its last step again; every run also logs
  a histogram, which the reader skips.
- long.csv: the same values as one long table (run, step, train/loss, eval/loss, lr).
- wandb_export.csv: the same values as a W&B chart export (Step, then "<run> - <metric>" with
  __MIN/__MAX companions, one row per step of any run, empty where a run has no value).

Float32 values are written in the CSVs as numpy's shortest float32 text, which is what the
event files hold.
"""

import csv
import math
import os
import shutil
import struct
import time

import numpy as np
from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, tensor_shape_pb2, types_pb2
from tensorboard.summary.writer.event_file_writer import EventFileWriter
from tensorboardX import SummaryWriter

TOKENS_PER_STEP = 2**20
E, A, B, ALPHA, BETA = 1.69, 406.4, 410.7, 0.34, 0.28
SIZES = {"70m": 70e6, "160m": 160e6, "410m": 410e6, "1b": 1e9}
RATIOS = {"r10": 10, "r40": 40}
HERE = os.path.dirname(os.path.abspath(__file__))


def loss(n, d, k, shift=0.0):
    return E + shift + A / n**ALPHA + B / d**BETA + 0.002 * math.sin(k)


def runs():
    k = 0
    for size, n in SIZES.items():
        for ratio, r in RATIOS.items():
            name = f"ladder-{size}-{ratio}"
            last = int(round(r * n / TOKENS_PER_STEP))
            steps = sorted({max(1, last * i // 12) for i in range(1, 13)})
            rows = []
            for s in steps:
                k += 1
                d = s * TOKENS_PER_STEP
                rows.append((s, np.float32(loss(n, d, k)), np.float32(loss(n, d, k, 0.05)), 3e-4 * (1 - s / (last + 1))))
            yield name, rows


def tensor_scalar(tag, value, dtype):
    if dtype == "float_val":
        tensor = tensor_pb2.TensorProto(dtype=types_pb2.DT_FLOAT, tensor_shape=tensor_shape_pb2.TensorShapeProto(),
                                        float_val=[value])
    elif dtype == "float":
        tensor = tensor_pb2.TensorProto(dtype=types_pb2.DT_FLOAT, tensor_shape=tensor_shape_pb2.TensorShapeProto(),
                                        tensor_content=struct.pack("<f", value))
    else:
        tensor = tensor_pb2.TensorProto(dtype=types_pb2.DT_DOUBLE, tensor_shape=tensor_shape_pb2.TensorShapeProto(),
                                        tensor_content=struct.pack("<d", value))
    metadata = summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name="scalars"))
    return summary_pb2.Summary.Value(tag=tag, tensor=tensor, metadata=metadata)


def main():
    root = os.path.join(HERE, "tensorboard")
    shutil.rmtree(root, ignore_errors=True)
    table = []
    for index, (name, rows) in enumerate(runs()):
        folder = os.path.join(root, name)
        style = index % 3
        if style > 0:
            writer = EventFileWriter(folder)
            encoding = "float" if style == 2 else "float_val"
            for s, train, evaluation, lr in rows:
                summary = summary_pb2.Summary(value=[tensor_scalar("train/loss", float(train), encoding),
                                                     tensor_scalar("eval/loss", float(evaluation), encoding),
                                                     tensor_scalar("lr", lr if style == 2 else float(np.float32(lr)),
                                                                   "double" if style == 2 else encoding)])
                writer.add_event(event_pb2.Event(wall_time=time.time(), step=s, summary=summary))
            writer.close()
        else:
            writer = SummaryWriter(folder)
            for s, train, evaluation, lr in rows:
                writer.add_scalar("train/loss", float(train), s)
                writer.add_scalar("eval/loss", float(evaluation), s)
                writer.add_scalar("lr", np.float32(lr), s)
                writer.add_histogram("weights", np.linspace(-1, 1, 16), s)
            writer.close()
        if index == 0:
            # A resumed run: a second event file that logs the last step again.
            time.sleep(1.1)
            writer = SummaryWriter(folder)
            s, train, evaluation, lr = rows[-1]
            writer.add_scalar("train/loss", float(train), s)
            writer.close()
        for s, train, evaluation, lr in rows:
            lr_text = repr(lr) if style == 2 else str(np.float32(lr))
            table.append((name, s, str(train), str(evaluation), lr_text))

    with open(os.path.join(HERE, "long.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["run", "step", "train/loss", "eval/loss", "lr"])
        out.writerows(table)

    names = list(dict.fromkeys(r[0] for r in table))
    steps = sorted({r[1] for r in table})
    by = {(r[0], r[1]): r for r in table}
    with open(os.path.join(HERE, "wandb_export.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_ALL)
        header = ["Step"]
        for name in names:
            for metric in ["train/loss", "eval/loss"]:
                header += [f"{name} - {metric}", f"{name} - {metric}__MIN", f"{name} - {metric}__MAX"]
        out.writerow(header)
        for s in steps:
            row = [s]
            for name in names:
                r = by.get((name, s))
                for value in ([r[2], r[3]] if r else ["", ""]):
                    row += [value, value, value]
            out.writerow(row)


if __name__ == "__main__":
    main()
