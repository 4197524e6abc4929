"""Over-sampling followed by cleaning (SMOTEENN, SMOTETomek), on smrt's C++ core."""
from ._estimator import class_name_of, make_sampler_class, methods_of

__all__ = []
for _info in methods_of(("combine",)):
    _name = class_name_of(_info)
    globals()[_name] = make_sampler_class(_info, _name, __name__)
    __all__.append(_name)
