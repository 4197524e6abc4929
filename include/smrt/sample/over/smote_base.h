#pragma once
// What the SMOTE family shares (imbalanced-learn's BaseSMOTE): the k nearest
// same-class neighbours of a row, and drawing new rows on the segments
// between a row and one of them. Variants choose which rows, which
// neighbours and how many, through these few helpers.

#include <string>
#include <vector>

#include "smrt/neighbors/neighbor_index.h"
#include "smrt/sample/sampler.h"

namespace smrt {

/// Where new rows come from: base rows, the rows their neighbour indices
/// point into, and the neighbour table (bases.n_rows x k).
struct SampleSource {
  MatrixView bases;
  MatrixView nn_data;
  const int64_t* nn = nullptr;
  int k = 0;
  /// new = base + step * u * (neighbour - base), u uniform in [0, 1).
  /// 1 interpolates; 0.5 stays in the half near the base; < 0 extrapolates away.
  double step = 1.0;
};

class SmoteBase : public Sampler {
 public:
  SamplingType sampling_type() const override { return SamplingType::OverSampling; }

 protected:
  /// Reads `knn` and the neighbour count named `k_name` ("k_neighbors").
  SmoteBase(const ParamValues& params, const std::string& k_name = "k_neighbors");

  /// imbalanced-learn's kneighbors(queries)[:, 1:] on an index fitted on
  /// `fitted`: k + 1 nearest, the first dropped. `what` names the rows in the
  /// error raised when they are fewer than k + 1.
  std::vector<int64_t> nearest(const MatrixView& fitted, const MatrixView& queries, int k, const std::string& what) const;

  /// The same on an index the caller fitted (kept for several searches).
  std::vector<int64_t> nearest(const NeighborIndex& index, const MatrixView& queries, int k) const;
  /// `sklearn_ties`: equal distances settled as imbalanced-learn's
  /// NearestNeighbors() settles them (TieOrder::Sklearn), for the searches
  /// whose neighbours' classes decide counts: ADASYN's weights, the danger
  /// rows of BorderlineSMOTE and SVMSMOTE. Others keep the lowest indices.
  std::unique_ptr<NeighborIndex> fit_index(const MatrixView& fitted, int k, const std::string& what,
                                           const std::string& k_name, bool sklearn_ties = false) const;

  /// SMOTE among `rows` (a class, or a cluster of one): appends n rows
  /// labelled `label`, each on a segment from a uniformly drawn row to one of
  /// its k_neighbors_ nearest others in `rows`. When n is small next to the
  /// rows, only the drawn rows' neighbours are searched.
  void smote_within(const MatrixView& rows, int64_t n, int32_t label, const std::string& what, Rng& rng,
                    Resampled& out) const;

  int k_neighbors_;
  std::string k_name_;
  KnnConfig knn_;
};

/// Neighbour indices without each row's first column (kneighbors(X)[:, 1:]).
std::vector<int64_t> drop_first_column(const KnnResult& r);

/// The output of an over-sampler before it adds rows: every input row kept.
Resampled keep_all_rows(const DataView& data);

/// Appends `n` rows labelled `label`, each from a uniformly drawn base row and
/// one of its k neighbours. Parallel in fixed blocks whose random streams come
/// from one draw of `rng`, so the output is the same for any thread count.
void make_samples(const SampleSource& source, int64_t n, int32_t label, Rng& rng, Resampled& out);

/// As make_samples, but row i starts from base rows[i] (ADASYN's counts).
void make_samples_from_rows(const SampleSource& source, const std::vector<int64_t>& rows, int32_t label, Rng& rng,
                            Resampled& out);

/// A draw from Beta(10, 10) (imbalanced-learn's split between danger and
/// safe rows): G1 / (G1 + G2) with Gamma(10, 1) draws as sums of exponentials.
double beta_10_10(Rng& rng);

/// The k_neighbors spec shared by the family ("k_neighbors", default 5).
ParamSpec k_neighbors_spec(int64_t default_value = 5, const std::string& name = "k_neighbors",
                           const std::string& doc = "Nearest same-class neighbours a new row may be drawn towards.");

}  // namespace smrt
