"""Over-samplers with imbalanced-learn 0.10's names and parameters (SMOTE, ADASYN, ...),
on smrt's C++ core. Generated from the C++ method table: ``smrt list`` shows the same."""
from ._categorical import AllCategoricalInputMixin, CategoricalInputMixin
from ._estimator import ImageInputMixin, SmoothedBootstrapMixin, class_name_of, make_sampler_class, methods_of

_MIXINS = {  # method -> what its X may hold beyond numbers
    "ros": (SmoothedBootstrapMixin,),
    "augment": (ImageInputMixin,),
    "smoten": (AllCategoricalInputMixin,),
    "smotenc": (CategoricalInputMixin,),
}

__all__ = []
for _info in methods_of(("over",)):
    _name = class_name_of(_info)
    globals()[_name] = make_sampler_class(_info, _name, __name__, mixins=_MIXINS.get(_info["name"], ()))
    __all__.append(_name)
