"""OpenBLAS's kernels inside a Python process.

Debian's OpenBLAS 0.3.21 may take this project's AVX-512 Xeons for "Prescott"
and run SSE3 kernels, 4-5x below peak, unless OPENBLAS_CORETYPE is set before
the library loads. The CLI restarts itself to set it; a Python process cannot.
So ``import smrt`` sets it when OpenBLAS is not loaded yet (smrt imported
before numpy); otherwise the first neural fit says once what it costs and how
to fix it. Only the neural layers (VAE, GANs) use BLAS: the classical
samplers run on smrt's own kernels and do not care.
"""
import os
import warnings

_decision = "not checked"
_warned = False


def _cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def _preferred_coretype(flags):
    if {"avx512f", "avx512bw", "avx512vl"} <= flags:
        return "SkylakeX"
    if {"avx2", "fma"} <= flags:
        return "Haswell"
    return ""


def _core_fits_cpu(core, flags):
    avx512_core = core in ("SkylakeX", "Cooperlake", "SapphireRapids")
    if {"avx512f", "avx512bw", "avx512vl"} <= flags:
        return avx512_core
    if {"avx2", "fma"} <= flags:
        return avx512_core or core in ("Haswell", "Zen")
    return True


def _openblas_loaded():
    try:
        with open("/proc/self/maps") as f:
            maps = f.read()
    except OSError:
        return True  # cannot tell: do not touch the environment
    return "libopenblas" in maps or "libblas.so" in maps


def prepare():
    """Called by ``import smrt`` before numpy or torch can load OpenBLAS."""
    global _decision
    if os.environ.get("SMRT_NO_BLAS_TUNING") == "1":
        _decision = "left to OpenBLAS (SMRT_NO_BLAS_TUNING=1)"
    elif os.environ.get("OPENBLAS_CORETYPE"):
        _decision = "OPENBLAS_CORETYPE given by the user"
    elif _openblas_loaded():
        _decision = "OpenBLAS was loaded before smrt (numpy imported first): its own choice"
    else:
        want = _preferred_coretype(_cpu_flags())
        if want:
            os.environ["OPENBLAS_CORETYPE"] = want
            _decision = "set by smrt for this CPU before OpenBLAS loaded (%s)" % want
        else:
            _decision = "OpenBLAS's own choice (no wider kernels for this CPU)"


def status():
    """What OpenBLAS runs in this process, and how it was chosen."""
    from . import _core

    s = _core.blas_status()
    s["decision"] = _decision
    s["fits_cpu"] = _core_fits_cpu(s["core"], _cpu_flags()) if s["available"] else True
    return s


def warn_if_slow():
    """Once per process, before neural work: warn when OpenBLAS runs slow kernels."""
    global _warned
    if _warned:
        return
    _warned = True
    s = status()
    if not s["available"] or s["fits_cpu"]:
        return
    from ._estimator import _caller_level  # here, not on top: _estimator loads numpy, which this module precedes

    want = _preferred_coretype(_cpu_flags())
    warnings.warn(
        "OpenBLAS was loaded before smrt and runs its %r kernels on this CPU, "
        "which has wider ones: smrt's neural fits (VAE, GANs) run about 4-5x slower "
        "(the classical samplers are not affected). Import smrt before numpy, or start "
        "Python with OPENBLAS_CORETYPE=%s in the environment." % (s["core"], want),
        RuntimeWarning,
        stacklevel=_caller_level(),
    )
