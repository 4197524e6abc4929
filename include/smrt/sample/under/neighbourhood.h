#pragma once
// Building blocks shared by the neighbourhood samplers (ENN, RENN, AllKNN,
// NCR, TomekLinks, OSS, CNN, NearMiss and the combinations), written once so
// that each sampler file holds only its own rule. Semantics follow
// imbalanced-learn 0.10 including its tie order, so that the same rows are kept.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "smrt/core/dataset.h"
#include "smrt/core/params.h"
#include "smrt/core/sampling_strategy.h"
#include "smrt/neighbors/knn_params.h"
#include "smrt/neighbors/neighbor_index.h"

namespace smrt {

/// An `n_neighbors`-style positive integer parameter.
ParamSpec positive_int_param(const std::string& name, int64_t default_value, const std::string& doc);
/// imbalanced-learn's `kind_sel` ('all' or 'mode').
ParamSpec kind_sel_param();

/// The neighbour index the samplers here use for engine `knn`: exact search
/// orders tied neighbours as scikit-learn does, since imbalanced-learn drops
/// the first hit of kneighbors(X) and with duplicate rows that may not be the
/// row itself.
std::unique_ptr<NeighborIndex> make_sampler_index(const std::string& knn);

enum class KindSel { All, Mode };
KindSel parse_kind_sel(const std::string& text);

/// A copy of some rows of a data set that remembers where each came from,
/// for the samplers that run again on what they kept (RENN, AllKNN, OSS).
struct RowSubset {
  Matrix X;
  std::vector<int32_t> y;
  std::vector<int64_t> origin;  ///< row of the parent for each row here
  int32_t n_classes = 0;

  static RowSubset of(const DataView& parent, const std::vector<int64_t>& rows);
  DataView view() const;
  int64_t n_rows() const { return static_cast<int64_t>(y.size()); }
  /// Parent rows of `rows` (indices into this subset).
  std::vector<int64_t> to_parent(const std::vector<int64_t>& rows) const;
};

/// One flag per class id: is it in the plan's targets.
std::vector<bool> targeted_mask(const SamplingPlan& plan);

/// The minority class as imbalanced-learn's samplers pick it with
/// `min(Counter(y))`: the smallest count, ties to the class seen first in y.
int32_t first_seen_minority(const DataView& data);

/// Rows of each class in row order, for the classes flagged in `which`.
std::vector<int64_t> rows_of_classes(const DataView& data, const std::vector<bool>& which);

/// The k nearest neighbours of `query_rows` (rows of `data`) among all rows,
/// as scikit-learn's kneighbors(X[query_rows], k + 1)[:, 1:]: the first hit
/// (the row itself, or a duplicate of it with a smaller index) is dropped.
/// With the hnsw engine the row itself is dropped wherever it is found.
/// `index` must be fitted on data.X. Throws ParameterError when k + 1 rows
/// are not available; `owner` names the parameter in that message.
/// `estimator_k`: the n_neighbors of the scikit-learn estimator asked (it picks
/// the algorithm, and so the order of ties); 0: k + 1, a NearestNeighbors(k + 1).
/// `hits`, when given, receives the k + 1 hits as searched (before the drop).
KnnResult neighbours_of_rows(const NeighborIndex& index, const DataView& data, const std::vector<int64_t>& query_rows,
                             int k, const std::string& owner, int estimator_k = 0, KnnResult* hits = nullptr);

/// EditedNearestNeighbours: rows of untargeted classes are kept; a row of a
/// targeted class is kept when its n_neighbors nearest neighbours agree with
/// it ('all': each has its class; 'mode': the most frequent class among them,
/// ties to the smallest id, is its class). Kept rows are grouped by class in
/// class order (imbalanced-learn's sample_indices_).
/// `fitted`, when given, is an index of engine `engine` already fitted on
/// data.X (saves a second build when the caller needs one too).
std::vector<int64_t> edited_nearest_neighbours(const DataView& data, const std::vector<bool>& targeted, int n_neighbors,
                                               KindSel kind, const std::string& engine,
                                               const NeighborIndex* fitted = nullptr);

/// TomekLinks: one flag per row, true for a row of a targeted class whose
/// nearest neighbour has another class and has it as nearest neighbour too.
/// Only the rows that can be in a link are searched: every row outside the
/// largest class, then the largest-class rows they point at.
std::vector<bool> tomek_links(const DataView& data, const std::vector<bool>& targeted, const std::string& engine);

/// The rows not flagged, in row order.
std::vector<int64_t> unflagged_rows(const std::vector<bool>& flags);

}  // namespace smrt

namespace smrt {

/// What the repeated editors (RENN, AllKNN) check after each pass, as
/// imbalanced-learn 0.10 does: did a class other than the original minority
/// fall below the original minority count, and did a class vanish.
struct EditingStop {
  bool below_minority = false;
  bool class_removed = false;
};
EditingStop check_editing_stop(const DataView& original, const DataView& current, const std::vector<int64_t>& kept);

/// Targets of a cleaning `strategy` resolved on `data` (a subset's own counts).
std::vector<bool> clean_targets(const SamplingStrategy& strategy, const DataView& data, const ClassIndex& classes);

}  // namespace smrt

namespace smrt {

/// The most frequent class among the classes `y` of the k rows at `hood`,
/// ties to the smallest class id (scipy.stats.mode; KNeighborsClassifier's
/// uniform vote). `votes` holds one counter per class, reused across calls.
int32_t mode_of_neighbours(const int64_t* hood, int k, const int32_t* y, std::vector<int>& votes);

/// A k-nearest-neighbour vote (scikit-learn's KNeighborsClassifier.predict
/// with uniform weights): the most frequent class among each query's k
/// nearest fitted rows, ties to the smallest class id. `fitted_y` holds the
/// class of each row `index` was fitted on.
std::vector<int32_t> knn_vote(const NeighborIndex& index, const std::vector<int32_t>& fitted_y, const MatrixView& queries,
                              int k, int32_t n_classes);

}  // namespace smrt
