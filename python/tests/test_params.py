"""Each class's parameters, defaults and allowed values are the C++ declarations'."""
import inspect
import numbers

import numpy as np
import pytest
from sklearn.base import clone

import smrt
from smrt import _core, _params
from smrt import _versions as smrt_versions
from smrt._compat import COMPAT
from smrt.autoencode import AutoEncoder, VariationalAutoEncoder
from smrt._estimator import class_name_of

from conftest import sampler_classes

# The Python-side defaults that differ from the declarations (docs/python.md).
PYTHON_DEFAULTS = {"verbose": 0, "rule": smrt_versions.NCR_RULE}  # rule: NCR, the installed imbalanced-learn's


def _declared(cls):
    if cls in (AutoEncoder, VariationalAutoEncoder):
        return _core.autoencoder_params(cls._kind)
    return [m for m in _core.methods() if class_name_of(m) == cls.__name__][0]["params"]


ALL = list(sampler_classes().values()) + [AutoEncoder, VariationalAutoEncoder]


def test_every_method_has_a_class():
    names = {class_name_of(m) for m in _core.methods()}
    assert names == set(sampler_classes())


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_signature_is_the_declaration(cls):
    specs = _declared(cls)
    signature = inspect.signature(cls.__init__).parameters
    compat = COMPAT.get(cls.__name__)
    expected = [s["name"] for s in specs] + ["n_threads"] + (list(compat.defaults) if compat else [])
    assert list(signature)[1:] == expected
    for spec in specs:
        default = signature[spec["name"]].default
        assert default == PYTHON_DEFAULTS.get(spec["name"], _params.parse_default(spec)), spec["name"]
    assert cls.__doc__.count("\n    ") >= len(specs)  # one doc line per parameter at least
    for spec in specs:
        assert spec["name"] + " : " in cls.__doc__


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_constraints_are_the_declaration(cls):
    """Every numeric bound and choice list is enforced on the Python side as in C++."""
    from smrt._versions import Interval, StrOptions

    compat = COMPAT.get(cls.__name__)
    overrides = compat.overrides if compat else {}  # also take a scikit-learn object (see _compat.py)
    for spec in _declared(cls):
        constraints = cls._parameter_constraints[spec["name"]]
        if spec["name"] in ("sampling_strategy", "random_state", "prefit_estimators") or spec["name"] in overrides:
            continue
        if spec["type"] in ("int", "float"):
            interval = [c for c in constraints if isinstance(c, Interval)][0]
            lo = spec["min"] if spec["min"] is not None and np.isfinite(spec["min"]) else None
            hi = spec["max"] if spec["max"] is not None and np.isfinite(spec["max"]) else None
            assert interval.left == lo and interval.right == hi, spec["name"]
        if spec["choices"]:
            options = [c for c in constraints if isinstance(c, StrOptions)][0]
            assert options.options == set(spec["choices"])
        assert (None in constraints) == (spec["nullable"] or spec["default"] == "None"), spec["name"]


def _out_of_range(spec):
    if spec["type"] == "int" and spec["min"] is not None and np.isfinite(spec["min"]):
        return int(spec["min"]) - 1
    if spec["type"] == "float" and spec["min"] is not None and np.isfinite(spec["min"]):
        return spec["min"] - (0 if spec["min_exclusive"] else 0.5)
    if spec["choices"]:
        return "not-a-choice"
    return None


@pytest.mark.parametrize("name", sorted(sampler_classes()), ids=str)
def test_python_and_cpp_refuse_the_same_values(name, tabular):
    """A value outside the declaration is a ValueError from Python's check and from C++ alike."""
    cls = sampler_classes()[name]
    X, y = tabular
    for spec in _declared(cls):
        bad = _out_of_range(spec)
        if bad is None or spec["name"] in ("random_state",):
            continue
        est = cls(**{spec["name"]: bad})
        with pytest.raises(ValueError, match=spec["name"]):
            est.fit_resample(X, y)
        with pytest.raises(smrt.ParameterError, match=spec["name"]):
            _core.Sampler(cls._smrt_method, {spec["name"]: _params.to_text(bad)})


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_clone_and_get_params(cls):
    est = cls()
    params = est.get_params()
    again = clone(est).get_params()
    assert params.keys() == again.keys()
    for key in params:
        assert params[key] is again[key] or params[key] == again[key]


@pytest.mark.parametrize("name", sorted(sampler_classes()), ids=str)
def test_imblearn_param_validation(name):
    """imbalanced-learn's own check: a constraint per parameter, and a ValueError in its format for a
    value of the wrong type or outside every constraint."""
    import warnings

    from imblearn.utils.estimator_checks import check_param_validation

    from conftest import make

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_param_validation(name, make(name))


def test_sampling_strategy_true_is_one_as_in_imblearn():
    """A bool passes the float constraint (imbalanced-learn 0.10's too, a bool being a number), and
    imbalanced-learn reads True as 1.0; smrt gave pybind11's raw TypeError."""
    import imblearn.over_sampling as io
    from smrt.over_sampling import SMOTE

    rng = np.random.RandomState(0)
    X, y = rng.randn(90, 2), np.array([0] * 60 + [1] * 30)
    _, y_res = SMOTE(sampling_strategy=True, random_state=0).fit_resample(X, y)
    _, y_ref = io.SMOTE(sampling_strategy=True, random_state=0).fit_resample(X, y)
    assert np.bincount(y_res).tolist() == np.bincount(y_ref).tolist() == [60, 60]
    with pytest.raises(smrt.ParameterError, match="sampling_strategy"):
        from smrt._estimator import ClassKeys, strategy_text

        strategy_text(object(), y, ClassKeys(y))


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.__name__)
def test_docstring_defaults_are_the_python_defaults(cls):
    """help(ConditionalGAN) said verbose default=1 while get_params() gives 0."""
    import re

    params = cls().get_params()
    for spec in _declared(cls):
        line = re.search(r"^%s : .*, default=(.*)$" % spec["name"], cls.__doc__, re.M)
        assert line, spec["name"]
        value = params[spec["name"]]
        shown = line.group(1)
        if spec["name"] in PYTHON_DEFAULTS:
            assert shown == str(PYTHON_DEFAULTS[spec["name"]]) == str(value)
        else:
            assert shown == spec["default"]


def test_a_bool_for_a_number_parameter_is_its_number_as_in_imblearn():
    """A bool passes an int or float constraint (a bool is a number), and imbalanced-learn 0.10 then uses
    True as 1; smrt sent the text 'True', which the C++ declaration refused ("'True' is not an integer")."""
    import imblearn.under_sampling as iu
    from sklearn.datasets import make_classification

    from smrt.over_sampling import SMOTE
    from smrt.under_sampling import ClusterCentroids, EditedNearestNeighbours, NearMiss

    X, y = make_classification(n_samples=300, n_features=4, weights=[0.85, 0.15], random_state=0)
    for ours, one in ((SMOTE(k_neighbors=True, random_state=0), SMOTE(k_neighbors=1, random_state=0)),
                      (ClusterCentroids(tol=True, random_state=0), ClusterCentroids(tol=1.0, random_state=0))):
        np.testing.assert_array_equal(ours.fit_resample(X, y)[0], one.fit_resample(X, y)[0])
    # ENN and NearMiss keep imbalanced-learn's rows
    for ours, theirs in ((EditedNearestNeighbours(n_neighbors=True), iu.EditedNearestNeighbours(n_neighbors=True)),
                         (NearMiss(version=True), iu.NearMiss(version=True))):
        np.testing.assert_array_equal(ours.fit_resample(X, y)[0], theirs.fit_resample(X, y)[0])
