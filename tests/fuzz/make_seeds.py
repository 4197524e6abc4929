#!/usr/bin/python3
"""Writes the seed corpora of tests/fuzz/corpus/ (run from anywhere; numpy
writes the NPY seeds). Model seeds are real model files, written by
`smrt fit` when --smrt BIN is given. Re-running rewrites the seeds and
leaves the crash reproducers (files named crash-*) alone.

  /usr/bin/python3 tests/fuzz/make_seeds.py --smrt build/smrt
"""
import argparse
import io
import json
import os
import struct
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
from smrt_cli import run_smrt  # noqa: E402
CORPUS = os.path.join(HERE, "corpus")
DELIM = {",": 0, ";": 1, "\t": 2, "|": 3}


def write(target, name, data):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


def npy(array, version=None):
    buf = io.BytesIO()
    if version is None:
        np.save(buf, array)
    else:
        np.lib.format.write_array(buf, array, version=version)
    return buf.getvalue()


def csv_seeds():
    tables = {
        "basic": (",", "a,b,label\n1,2,0\n3,4,1\n5,6,0\n"),
        "semicolon": (";", "id;x;label\n1;0.5;yes\n2;1e-50;no\n3;16777217;yes\n"),
        "tab": ("\t", "x\ty\tlabel\n1.5\t-2\tcat\n0\t3\tdog\n"),
        "quoted": (",", '"a","b,c","label"\n"1","2","x"\n"3","4","y ""z"""\n'),
        "crlf": (",", "a,label\r\n1,0\r\n2,1\r\n"),
        "label_first": ("|", "label|f1|f2\n0|1|2\n1|3|4\n"),
        "labels_mixed": (",", "x,label\n1,0\n2,0.0\n3,1.0\n4,01\n5,+1\n"),
        "bad_values": (",", "x,label\nnan,0\ninf,1\n,0\nabc,1\n"),
        "ragged": (",", "a,b,label\n1,2\n3,4,5,6\n"),
        "bom": (",", "\ufeffa,label\n1,0\n2,1\n"),
        "no_label": (",", "a,b\n1,2\n"),
        "empty": (",", ""),
        "header_only": (",", "a,label\n"),
    }
    for name, (delim, text) in tables.items():
        write("csv", name, bytes([DELIM[delim]]) + text.encode("utf-8"))
    # Far-off columns read with a shift (byte 0, bits 2-3: per column, common).
    far = "t,x,label\n1700000000.5,0.1,0\n1700000037.25,-3,1\n1699999911,2.5,0\n16777217,1,1\n"
    write("csv", "shift_per_column", bytes([DELIM[","] | 4]) + far.replace("16777217", "1700000001").encode())
    write("csv", "shift_common", bytes([DELIM[","] | 8]) + "a,b,label\n1000,1002,0\n1001,1004,1\n".encode())
    write("csv", "utf16", bytes([0]) + "a,label\n1,0\n".encode("utf-16"))
    write("csv", "nul", bytes([0]) + b"a,label\n1\x00,0\n")


def npy_seeds():
    X = np.arange(12, dtype=np.float32).reshape(6, 2)
    singles = {
        "f4": X, "f8": X.astype(np.float64), "u1": X.astype(np.uint8), "i8": X.astype(np.int64),
        "be_f4": X.astype(">f4"), "fortran": np.asfortranarray(X), "bool": X > 3,
        "unicode": np.array(["a", "bc", "def"]), "images": np.zeros((2, 1, 3, 3), np.float32),
        "scalar": np.float32(1.0), "empty": np.zeros((0, 2), np.float32), "f2": X.astype(np.float16),
    }
    for name, a in singles.items():
        write("npy", name, b"\x00" + npy(a))
    write("npy", "v2", b"\x00" + npy(X, version=(2, 0)))
    write("npy", "v3", b"\x00" + npy(X, version=(3, 0)))
    write("npy", "nan", b"\x00" + npy(np.array([[np.nan, 1]], np.float32)))

    def pair(name, x, y, mode=1):
        xb = npy(x)
        write("npy", "pair_" + name, bytes([mode]) + struct.pack("<H", len(xb)) + xb + npy(y))
    y = np.array([0, 0, 0, 1, 1, 2])
    pair("ints", X, y)
    pair("strings", X.astype(np.float64), np.array(["a", "a", "b", "b", "b", "c"]))
    pair("column", X.astype(np.int32), y.reshape(6, 1))
    pair("images", np.zeros((6, 2, 2), np.uint8), y)
    pair("mismatch", X, y[:5])
    pair("float_labels", X, y.astype(np.float64))
    # Far-off columns read with a shift (byte 0, bits 1-2: per column, common).
    far = 1.7e9 + np.array([[0.5, 1], [37.25, -3], [-89, 2.5], [1, 1], [12, 0], [-3, 7]])
    pair("shift_f8", far, y, mode=1 | 2)
    pair("shift_i8", (far * 1000).astype(np.int64), y, mode=1 | 2)
    pair("shift_common", 1000 + X.astype(np.float64), y, mode=1 | 4)


def strategy_seeds():
    texts = ["auto", "minority", "majority", "not minority", "not majority", "all", "0.5", "1",
             "balance_ratio:0.7", "a:100,b:200", '{"a": 10, "b": 3}', "[a,b]", '["a"]',
             "-1:300,2:5", "2:0", "[2,5]", "fraud:500,fraud:600", "",
             "{}", "[]", "[ ]", "{ }"]  # empty map / list: no class targeted
    for i, t in enumerate(texts):
        for mode in (0x0c, 0x1d, 0x1e):  # (over, under, clean) x (4 classes) x (ints, text)
            write("strategy", "s%02d_%02x" % (i, mode), bytes([mode, 10, 50, 200, 30]) + t.encode())


def params_seeds(smrt):
    lines = ["k_neighbors=3\nsampling_strategy=auto", "n_neighbors=5\nkind_sel=mode", "version=2",
             "categorical_features=[0,1]", "sampling_strategy=0.5\nrandom_state=7", "replacement=true",
             "n_neighbors=[64,", "k_neighbors=1e9", "bogus=1", "=3", "k_neighbors"]
    for method in range(24):
        write("params", "m%02d" % method, bytes([method]) + lines[method % len(lines)].encode())
    every = ["i=5\nf=0.25\nb=yes\ns=b\nil=[1,2,3]\nfl=(0.5, 1.5)\noi=None\nof=-1",
             "il=64,,32", "il=[[64]]", "f=0", "oi=1.5", "fl=None"]
    for j, text in enumerate(every):
        write("params", "every_%d" % j, bytes([255]) + text.encode())


def split_model(data):
    """A model file's JSON header and weights (magic, u32 version, u64 header length, header, u64 weights length)."""
    fixed = len(b"SMRTMODEL\n") + 4 + 8
    n = struct.unpack_from("<Q", data, fixed - 8)[0]
    return json.loads(data[fixed:fixed + n]), data[:fixed - 8], data[fixed + n + 8:]


def with_header(data, header):
    """The model file with another header (the weights and their checksum kept)."""
    _, head, payload = split_model(data)
    text = json.dumps(header, separators=(",", ":"), sort_keys=True).encode()
    return head + struct.pack("<Q", len(text)) + text + struct.pack("<Q", len(payload)) + payload


def header_variants(name, data, variants):
    """Seeds of `data` with header fields replaced (None: the field removed), reframed (byte 0 = 1)."""
    for suffix, fields in variants.items():
        header = split_model(data)[0]
        for key, value in fields.items():
            if value is None:
                header.pop(key, None)
            else:
                header[key] = value
        write("model", "%s_%s" % (name, suffix), b"\x01" + with_header(data, header))


def model_seeds(smrt):
    with tempfile.TemporaryDirectory() as tmp:
        X = np.random.default_rng(0).normal(size=(40, 3)).astype(np.float32)
        y = np.array([0] * 30 + [1] * 10)
        np.save(os.path.join(tmp, "X.npy"), X)
        np.save(os.path.join(tmp, "y.npy"), y)
        for method, extra in (("vae", ["-p", "n_latent_factors=2"]), ("autoencoder", [])):
            out = os.path.join(tmp, method + ".smrt")
            run_smrt(smrt, ["fit", os.path.join(tmp, "X.npy"), "--labels", os.path.join(tmp, "y.npy"),
                            "--method", method, "-o", out, "-p", "n_epochs=1", "-p", "n_hidden=[4]"] + extra,
                     check=True)
            data = open(out, "rb").read()
            write("model", method, b"\x00" + data)
            write("model", method + "_reframed", b"\x01" + data)
            if method == "vae":  # input_shape and value_range (files before them had neither)
                header_variants(method, data, {
                    "legacy": {"input_shape": None, "value_range": None},
                    "shape_2d": {"input_shape": [1, 3]}, "shape_4d": {"input_shape": [1, 1, 1, 3]},
                    "shape_wrong": {"input_shape": [4]}, "shape_zero": {"input_shape": [0, 3]},
                    "shape_negative": {"input_shape": [-1, -3]}, "shape_empty": {"input_shape": []},
                    "shape_float": {"input_shape": [3.0]}, "shape_huge": {"input_shape": [1e30]},
                    "shape_text": {"input_shape": "3"}, "shape_overflow": {"input_shape": [2 ** 62, 2 ** 62, 3]},
                    "range_reversed": {"value_range": [1.0, -1.0]}, "range_one": {"value_range": [0.5]},
                    "range_null": {"value_range": [None, 1.0]}, "range_huge": {"value_range": [-1e39, 1e39]},
                    "range_text": {"value_range": "0,1"},
                    "range_point": {"value_range": [2.0, 2.0]},
                })
        imgs = np.random.default_rng(0).random((30, 8, 8)).astype(np.float32)
        np.save(os.path.join(tmp, "I.npy"), imgs)
        np.save(os.path.join(tmp, "Iy.npy"), np.array([0] * 20 + [1] * 10))
        out = os.path.join(tmp, "cgan.smrt")
        run_smrt(smrt, ["fit", os.path.join(tmp, "I.npy"), "--labels", os.path.join(tmp, "Iy.npy"),
                        "--method", "cgan", "-o", out, "-p", "n_epochs=1", "-p", "channels=[4,8]",
                        "-p", "latent_dim=4", "-p", "batch_size=16"], check=True)
        # VAEs fitted on (n, 8, 8) images, dense and convolutional: input_shape [8, 8], the network's [1, 8, 8].
        for name, extra in (("vae_images", []), ("vae_conv", ["-p", "architecture=conv", "-p", "conv_channels=[2,4]"])):
            out_vae = os.path.join(tmp, name + ".smrt")
            run_smrt(smrt, ["fit", os.path.join(tmp, "I.npy"), "--labels", os.path.join(tmp, "Iy.npy"), "--method",
                            "vae", "-o", out_vae, "-p", "n_epochs=1", "-p", "n_hidden=[4]", "-p", "n_latent_factors=2"]
                     + extra, check=True)
            data = open(out_vae, "rb").read()
            write("model", name, b"\x00" + data)
            header_variants(name, data, {
                "legacy": {"input_shape": None, "value_range": None}, "shape_3d": {"input_shape": [1, 8, 8]},
                "shape_flat": {"input_shape": [64]}, "shape_transposed": {"input_shape": [4, 16]},
                "shape_wrong": {"input_shape": [8, 9]},
            })
        write("model", "cgan", b"\x00" + open(out, "rb").read())
        write("model", "cgan_reframed", b"\x01" + open(out, "rb").read())
    write("model", "not_a_model", b"\x00hello")
    write("model", "truncated", b"\x00SMRTMODEL\n\x01\x00\x00\x00\xff")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--smrt", help="the CLI, for the model seeds")
    args = ap.parse_args()
    csv_seeds()
    npy_seeds()
    strategy_seeds()
    params_seeds(args.smrt)
    if args.smrt:
        model_seeds(args.smrt)
