"""Parameters declared once, in C++: Python defaults, checks and docstrings.

Every method's parameter table comes from the C++ library (``_core.methods()``,
the same table ``smrt list`` prints). This module turns one table into what
scikit-learn expects of an estimator: an explicit ``__init__`` signature with
the declared defaults, ``_parameter_constraints`` for imbalanced-learn's
parameter validation, and a numpydoc docstring. Values go back to C++ as the
text the declarations read, where they are checked once more.
"""
import json
import numbers
from collections.abc import Mapping

import numpy as np

from ._versions import Interval, StrOptions

# Parameters every Python class has besides the declared ones.
N_THREADS_DOC = (
    "Threads for this estimator's calls (None: the process setting, by default SMRT_NUM_THREADS, "
    "else OMP_NUM_THREADS, else the CPUs this process may run on). Results do not depend on it."
)


def parse_default(spec):
    """The Python value of a declared default ("None", "5", "0.5", "[64,32]")."""
    text = spec["default"]
    kind = spec["type"]
    if text == "None":
        return None
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "bool":
        return text.lower() in ("true", "1", "yes", "on")
    if kind in ("int list", "float list"):
        items = [t.strip() for t in text.strip("[]()").split(",") if t.strip()]
        cast = int if kind == "int list" else float
        return tuple(cast(t) for t in items)
    if text in ("True", "False"):  # a text parameter that also takes a bool (early_stopping: False, True or N)
        return text == "True"
    return text


def to_text(value, spec=None):
    """A Python value as the text the C++ declarations read."""
    if value is None:
        return "None"
    if isinstance(value, (bool, np.bool_)):
        # A bool passes an int / float constraint (it is a number), and imbalanced-learn then uses it as
        # 1 or 0: an int / float parameter gets the number (as sampling_strategy=True is 1.0).
        if spec is not None and spec["type"] == "int":
            return str(int(value))
        if spec is not None and spec["type"] == "float":
            return repr(float(value))
        return "True" if value else "False"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, np.ndarray)):
        return "[" + ",".join(to_text(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return json.dumps({str(k): v for k, v in value.items()})
    name = spec["name"] if spec else "parameter"
    raise TypeError("%s: %r cannot be passed to smrt" % (name, value))


def constraints(spec):
    """imbalanced-learn / scikit-learn constraints for one declared parameter."""
    kind = spec["type"]
    lo, hi = spec["min"], spec["max"]
    if spec["min_exclusive"] and spec["max_exclusive"]:
        closed = "neither"
    elif spec["min_exclusive"]:
        closed = "right"
    elif spec["max_exclusive"]:
        closed = "left"
    else:
        closed = "both"
    if lo is not None and np.isinf(lo):
        lo = None
    if hi is not None and np.isinf(hi):
        hi = None
    # scikit-learn's intervals are open where a bound is missing.
    if lo is None:
        closed = "right" if closed in ("both", "right") else "neither"
    if hi is None:
        closed = "left" if closed in ("both", "left") else "neither"
    if kind == "int":
        lo = None if lo is None else int(np.ceil(lo))
        hi = None if hi is None else int(np.floor(hi))
        out = [Interval(numbers.Integral, lo, hi, closed=closed)]
    elif kind == "float":
        out = [Interval(numbers.Real, lo, hi, closed=closed)]
    elif kind == "bool":
        out = ["boolean"]
    elif kind in ("int list", "float list"):
        out = ["array-like", numbers.Real]
    elif spec["choices"]:
        out = [StrOptions(set(spec["choices"]))]
    else:
        out = [str, numbers.Real]
    if spec["nullable"] or spec["default"] == "None":
        out.append(None)
    return out


def default_text(spec, value):
    """A parameter's Python default as its docstring shows it: the declaration's text, unless the
    Python class's default differs from it (verbose: 0 in Python where a GAN declares 1)."""
    declared = parse_default(spec)
    if value is declared or (type(value) is type(declared) and value == declared):
        return spec["default"]
    return to_text(value, spec)


def docstring(summary, specs, extra, see_also="", defaults=None):
    """A numpydoc docstring from the declarations (and the Python-only extras). `defaults`: the Python
    class's defaults by name, where they may differ from the declared ones."""
    lines = [summary, "", "Parameters", "----------"]
    python_types = {  # what Python passes where the CLI passes text
        "sampling_strategy": "str, float, dict {label: count}, list of labels or callable(y) -> dict",
        "random_state": "int, RandomState or None",
        "prefit_estimators": "dict {label: fitted VariationalAutoEncoder}, str or None",
        "categorical_features": "array-like of int, bool (a mask) or column labels, 'auto' or None",
    }
    for spec in specs:
        allowed = python_types.get(spec["name"], spec["allowed"])
        default = spec["default"] if defaults is None or spec["name"] not in defaults \
            else default_text(spec, defaults[spec["name"]])
        lines.append("%s : %s, default=%s" % (spec["name"], allowed, default))
        lines.append("    " + spec["doc"])
    for name, (allowed, default, doc) in extra.items():
        lines.append("%s : %s, default=%s" % (name, allowed, default))
        lines.append("    " + doc)
    if see_also:
        lines += ["", "Notes", "-----", see_also]
    return "\n".join(lines) + "\n"


def make_init(names_defaults):
    """An explicit ``__init__(self, *, a=..., b=...)`` (scikit-learn reads its signature)."""
    args = ", ".join("%s=_defaults[%r]" % (n, n) for n, _ in names_defaults)
    body = "".join("    self.%s = %s\n" % (n, n) for n, _ in names_defaults) or "    pass\n"
    source = "def __init__(self, *, %s):\n%s" % (args, body) if args else "def __init__(self):\n" + body
    namespace = {"_defaults": dict(names_defaults)}
    exec(source, namespace)  # noqa: S102 - generated from the declaration table
    return namespace["__init__"]
