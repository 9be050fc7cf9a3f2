#!/usr/bin/env python3
"""Reads a Tussle safetensors file with NumPy only (no safetensors package) and checks it.

Usage: read_checkpoint.py FILE.safetensors [NAME=FILE.npy ...]

Parses the format independently of Tussle's Java reader (8-byte little-endian header length,
JSON header, raw little-endian data), checks that the data section is covered exactly, compares
each NAME against the .npy file Tussle exported for it (loaded with numpy.load, which checks
the .npy writer too), and prints a JSON summary {name: {"dtype", "shape", "sum"}, "__metadata__": {...}}
for the Java test to compare with its own values. Exits non-zero on any mismatch.
"""
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": np.dtype("<f4"), "F64": np.dtype("<f8")}


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    metadata = header.pop("__metadata__", {})
    tensors = {}
    covered = 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        begin, end = info["data_offsets"]
        assert begin == covered, f"{name}: starts at {begin}, expected {covered}"
        covered = end
        dtype = DTYPES[info["dtype"]]
        arr = np.frombuffer(data[begin:end], dtype=dtype).reshape(info["shape"])
        tensors[name] = arr
    assert covered == len(data), f"data section has {len(data)} bytes, tensors cover {covered}"
    return tensors, metadata


def main(argv):
    tensors, metadata = read(argv[1])
    for pair in argv[2:]:
        name, npy = pair.split("=", 1)
        expected = np.load(npy)
        actual = tensors[name]
        assert expected.dtype == actual.dtype, f"{name}: dtype {actual.dtype} vs npy {expected.dtype}"
        assert expected.shape == actual.shape, f"{name}: shape {actual.shape} vs npy {expected.shape}"
        assert np.array_equal(expected, actual), f"{name}: values differ from {npy}"
    summary = {name: {"dtype": str(a.dtype), "shape": list(a.shape), "sum": float(a.astype(np.float64).sum())}
               for name, a in tensors.items()}
    summary["__metadata__"] = metadata
    print(json.dumps(summary))


if __name__ == "__main__":
    main(sys.argv)
