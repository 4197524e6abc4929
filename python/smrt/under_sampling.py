"""Under-samplers and cleaning samplers with imbalanced-learn 0.10's names and parameters
(RandomUnderSampler, TomekLinks, EditedNearestNeighbours, ...), on smrt's C++ core."""
from ._estimator import class_name_of, make_sampler_class, methods_of

__all__ = []
for _info in methods_of(("under", "clean")):
    _name = class_name_of(_info)
    globals()[_name] = make_sampler_class(_info, _name, __name__)
    __all__.append(_name)
