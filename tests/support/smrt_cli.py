"""The one way the Python scripts under tests/ run the smrt binary, as
run_smrt() in test_support.h does for the C++ tests: `smrt -q ARGS` with
SMRT_NUM_THREADS=2 (the reference thread count), output captured as text.

    sys.path.insert(0, os.path.join(HERE, "..", "support"))
    from smrt_cli import run_smrt
"""
import os
import subprocess


def run_smrt(smrt, args, env=None, check=False, timeout=120):
    """Runs `smrt -q ARGS`; `env` adds variables. With `check`, a failure raises
    RuntimeError with smrt's message."""
    full_env = dict(os.environ, SMRT_NUM_THREADS="2", **(env or {}))
    r = subprocess.run([smrt, "-q"] + [str(a) for a in args], capture_output=True, text=True, errors="replace",
                       env=full_env, timeout=timeout)
    if check and r.returncode != 0:
        raise RuntimeError("smrt %s failed with status %d:\n%s" % (" ".join(map(str, args)), r.returncode, r.stderr))
    return r
