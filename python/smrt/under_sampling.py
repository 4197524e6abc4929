"""Under-samplers and cleaning samplers with imbalanced-learn 0.10's names and parameters
(RandomUnderSampler, TomekLinks, EditedNearestNeighbours, ...), on smrt's C++ core."""
from ._estimator import FloatOutputMixin, RowPickerMixin, class_name_of, make_sampler_class, methods_of

_MIXINS = {  # method -> how its X or its output differ from the default
    "rus": (RowPickerMixin,),
    "cluster_centroids": (FloatOutputMixin,),
}

__all__ = []
for _info in methods_of(("under", "clean")):
    _name = class_name_of(_info)
    globals()[_name] = make_sampler_class(_info, _name, __name__, mixins=_MIXINS.get(_info["name"], ()))
    __all__.append(_name)
