"""Under-samplers and cleaning samplers with imbalanced-learn 0.10's names and parameters
(RandomUnderSampler, TomekLinks, EditedNearestNeighbours, ...), on smrt's C++ core."""
from scipy import sparse

from ._estimator import FloatOutputMixin, RowPickerMixin, class_name_of, make_sampler_class, methods_of


class VotingMixin(FloatOutputMixin):
    """ClusterCentroids: voting='auto' is imbalanced-learn's 'hard' for a sparse X (the input's rows nearest
    the centres, which stay sparse) and 'soft' for a dense one (the centres); the C++ core only sees dense
    rows, so the choice is made here, and kept as imbalanced-learn's voting_."""

    _smrt_voting = None  # the resolved voting while _run calls the core; 'auto' (the core's: soft) otherwise

    def _run(self, X, y, keys, resample):
        voting = ("hard" if sparse.issparse(X) else "soft") if self.voting == "auto" else self.voting
        if resample:
            self.voting_ = voting
        self._smrt_voting = voting
        try:
            return super()._run(X, y, keys, resample)
        finally:
            del self._smrt_voting

    def _smrt_param_text(self, y, keys):
        text = super()._smrt_param_text(y, keys)
        if self._smrt_voting is not None:
            text["voting"] = self._smrt_voting
        return text


_MIXINS = {  # method -> how its X or its output differ from the default
    "rus": (RowPickerMixin,),
    "cluster_centroids": (VotingMixin,),
}

__all__ = []
for _info in methods_of(("under", "clean")):
    _name = class_name_of(_info)
    globals()[_name] = make_sampler_class(_info, _name, __name__, mixins=_MIXINS.get(_info["name"], ()))
    __all__.append(_name)
