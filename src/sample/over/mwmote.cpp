#include "smrt/sample/over/mwmote.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "smrt/core/error.h"
#include "smrt/core/threads.h"
#include "smrt/neighbors/knn_params.h"
#include "smrt/sample/over/average_linkage.h"
#include "smrt/sample/over/weighted_draw.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"
#include "../column_distances.h"

namespace smrt {
namespace {

ParamSpec mwmote_float(const std::string& name, const std::string& value, const std::string& doc) {
  ParamSpec p;
  p.name = name;
  p.type = ParamType::Float;
  p.default_value = value;
  p.min = 0.0;
  p.min_exclusive = true;
  p.doc = doc;
  return p;
}

ParamSpec mwmote_optional_int(const std::string& name, const std::string& doc) {
  ParamSpec p = k_neighbors_spec(1, name, doc);
  p.default_value = "None";
  p.nullable = true;
  return p;
}

std::vector<int64_t> mwmote_unique(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace

MWMOTE::MWMOTE(const ParamValues& params)
    : SmoteBase(params, "k1"), k1_(static_cast<int>(params.get_int("k1"))),
      k2_(static_cast<int>(params.get_int("k2"))), k3_(params.get_optional_int("k3")),
      n_clusters_(params.get_optional_int("M")), cf_th_(params.get_float("cf_th")), cmax_(params.get_float("cmax")),
      cp_(params.get_float("cp")) {}

std::vector<ParamSpec> MWMOTE::param_specs() {
  return sampler_params(
      true, {k_neighbors_spec(5, "k1", "Nearest rows (whole table) of a class row; all of other classes: noise."),
             k_neighbors_spec(3, "k2", "Nearest other-class rows of each non-noise row: the borderline majority."),
             mwmote_optional_int("k3", "Nearest (non-noise) class rows of each borderline row: the informative "
                                       "minority (None: half the class's rows, as the paper)."),
             mwmote_optional_int("M", "Clusters of the class (None: merge while clusters are closer than cp x the "
                                      "mean nearest-neighbour distance, as the paper)."),
             mwmote_float("cf_th", "5.0", "Cut-off of the closeness factor (its largest inverse normalised distance)."),
             mwmote_float("cmax", "2.0", "Largest closeness factor (scales every weight alike)."),
             mwmote_float("cp", "3.0", "Clustering threshold, in mean nearest-neighbour distances of the class."),
             knn_param_spec()});
}

// Selection weights of the class rows: Sw(x) = sum over borderline rows y of
// Cf(y, x)^2 / sum_q Cf(y, q), x and q informative. All pairs, as the paper
// (and smote-variants): two passes so neither a matrix nor a thread-count
// dependent sum is needed.
std::vector<double> MWMOTE::weigh(const DataView& data, int32_t c, const std::vector<int64_t>& class_rows,
                                  const Matrix& X_class, const std::vector<int64_t>& filtered) const {
  const std::vector<int64_t> other_rows = data.rows_not_of(c);
  const Matrix X_other = gather_rows(data.X, other_rows);
  const Matrix X_filtered = gather_rows(X_class.view(), filtered);

  // Borderline majority: the k2 nearest other-class rows of each filtered row.
  auto other_index = make_neighbor_index(knn_);
  other_index->fit(X_other.view());
  const int k2 = static_cast<int>(std::min<int64_t>(k2_, X_other.n_rows()));
  const std::vector<int64_t> border = mwmote_unique(other_index->search(X_filtered.view(), k2).indices);

  // Informative minority: the k3 nearest filtered rows of each borderline row.
  const int64_t half = std::max<int64_t>(1, X_class.n_rows() / 2);
  const int k3 = static_cast<int>(std::min<int64_t>(k3_.value_or(half), X_filtered.n_rows()));
  auto filtered_index = make_neighbor_index(knn_);
  filtered_index->fit(X_filtered.view());
  std::vector<int64_t> informative;
  constexpr int64_t kQueryBlock = 1024;  // bounds the k3-wide result when k3 is half the class
  for (int64_t b0 = 0; b0 < static_cast<int64_t>(border.size()); b0 += kQueryBlock) {
    std::vector<int64_t> block(border.begin() + b0,
                               border.begin() + std::min<int64_t>(b0 + kQueryBlock, static_cast<int64_t>(border.size())));
    for (int64_t& i : block) i = other_rows[static_cast<size_t>(i)];
    const Matrix queries = gather_rows(data.X, block);
    const std::vector<int64_t> found = filtered_index->search(queries.view(), k3).indices;
    informative.insert(informative.end(), found.begin(), found.end());
    informative = mwmote_unique(std::move(informative));
  }

  // Rows [0, nb): borderline; [nb, nb + ni): informative.
  std::vector<int64_t> both;
  for (int64_t i : border) both.push_back(other_rows[static_cast<size_t>(i)]);
  const int64_t nb = static_cast<int64_t>(both.size());
  const int64_t ni = static_cast<int64_t>(informative.size());
  for (int64_t i : informative) both.push_back(class_rows[static_cast<size_t>(filtered[static_cast<size_t>(i)])]);
  const ColumnCopy columns(data.X, both);
  const double d = static_cast<double>(data.n_cols());
  const double cf_th = cf_th_, cmax = cmax_;
  // The paper's Cf: min(1 / normalised distance, cf_th) / cf_th x cmax.
  auto closeness = [d, cf_th, cmax](double squared) {
    const double dn = std::sqrt(squared) / d;
    return (dn > 0.0 ? std::min(1.0 / dn, cf_th) : cf_th) / cf_th * cmax;
  };
  std::vector<double> norm(static_cast<size_t>(nb), 0.0);
#pragma omp parallel num_threads(num_threads())
  {
    std::vector<double> sq(static_cast<size_t>(nb + ni));
#pragma omp for schedule(dynamic, 64)
    for (int64_t y = 0; y < nb; ++y) {
      columns.squared_distances(y, nb, sq.data());
      double sum = 0.0;
      for (int64_t x = nb; x < nb + ni; ++x) sum += closeness(sq[static_cast<size_t>(x)]);
      norm[static_cast<size_t>(y)] = sum;
    }
  }
  std::vector<double> weights(static_cast<size_t>(X_class.n_rows()), 0.0);
#pragma omp parallel num_threads(num_threads())
  {
    std::vector<double> sq(static_cast<size_t>(nb + ni));
#pragma omp for schedule(dynamic, 64)
    for (int64_t x = 0; x < ni; ++x) {
      columns.squared_distances(nb + x, 0, sq.data());  // also measures the informative rows: unused
      double sw = 0.0;
      for (int64_t y = 0; y < nb; ++y) {
        const double cf = closeness(sq[static_cast<size_t>(y)]);
        if (norm[static_cast<size_t>(y)] > 0.0) sw += cf * cf / norm[static_cast<size_t>(y)];
      }
      weights[static_cast<size_t>(filtered[static_cast<size_t>(informative[static_cast<size_t>(x)])])] = sw;
    }
  }
  return weights;
}

Resampled MWMOTE::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out = keep_all_rows(data);
  weights_.clear();
  clusters_.clear();
  const auto rows_of = data.class_rows(plan.targeted_classes());
  std::unique_ptr<NeighborIndex> all;
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new == 0) continue;
    const std::string name = msg("class '", classes().name(c), "'");
    const std::vector<int64_t>& class_rows = rows_of[static_cast<size_t>(c)];
    const Matrix X_class = gather_rows(data.X, class_rows);
    const int64_t m = X_class.n_rows();
    // No k1 makes a lone row anything but noise: say so rather than suggest raising k1.
    SMRT_THROW_IF_NOT(DataError, m >= 2, "MWMOTE: ", name, " has a single row, which its noise filter always "
                      "removes (no row of its class can be among its neighbours); use random over-sampling");

    // Noise: rows whose k1 nearest rows of the table are all of other classes.
    const int k1 = static_cast<int>(std::min<int64_t>(k1_, data.n_rows() - 1));
    if (!all) all = fit_index(data.X, k1, "the input", "k1");
    const std::vector<int64_t> nn = nearest(*all, X_class.view(), k1);
    std::vector<int64_t> filtered;
    for (int64_t i = 0; i < m; ++i)
      for (int j = 0; j < k1; ++j)
        if (data.y[nn[static_cast<size_t>(i * k1 + j)]] == c) {
          filtered.push_back(i);
          break;
        }
    SMRT_THROW_IF_NOT(DataError, !filtered.empty(), "MWMOTE: every row of ", name, " has only other-class rows among its k1=",
                      k1, " nearest neighbours (all noise); raise k1 or use SMOTE");

    std::vector<double>& weights = weights_[c] = weigh(data, c, class_rows, X_class, filtered);
    double total = 0.0;
    for (double w : weights) total += w;
    SMRT_THROW_IF_NOT(DataError, total > 0.0 && std::isfinite(total), "MWMOTE: the selection weights of ", name,
                      " are all 0 or not finite (distances overflow?)");

    // Clusters of the whole class: M of them, or (the paper) merged while
    // closer than cp x the filtered rows' mean nearest-neighbour distance.
    double threshold = n_clusters_ ? std::numeric_limits<double>::infinity() : 0.0;
    if (!n_clusters_ && filtered.size() >= 2) {
      const Matrix X_filtered = gather_rows(X_class.view(), filtered);
      auto index = make_neighbor_index(knn_);
      index->fit(X_filtered.view());
      const KnnResult nearest_other = index->search_self(1);
      double sum = 0.0;
      for (float v : nearest_other.distances) sum += v;
      threshold = cp_ * sum / static_cast<double>(filtered.size());
    }
    std::vector<int32_t>& cluster = clusters_[c] =
        cut_dendrogram(average_linkage(X_class.view()), m, threshold, n_clusters_);
    int32_t n_cluster_ids = 0;
    for (int32_t id : cluster) n_cluster_ids = std::max(n_cluster_ids, id + 1);
    std::vector<std::vector<int64_t>> members(static_cast<size_t>(n_cluster_ids));
    for (int64_t i = 0; i < m; ++i) members[static_cast<size_t>(cluster[static_cast<size_t>(i)])].push_back(i);

    // Each new row: an informative row drawn by weight, then a random member
    // of its cluster (perhaps itself) and a uniform point between the two.
    const WeightedDraw draw(weights);
    const int64_t d = data.n_cols();
    if (out.synthetic.n_rows() == 0 && out.synthetic.n_cols() != d) out.synthetic = Matrix(0, d);
    const int64_t start = out.synthetic.n_rows();
    out.synthetic.resize_rows(start + n_new);
    out.synthetic_y.resize(static_cast<size_t>(start + n_new), c);
    for (int64_t r = 0; r < n_new; ++r) {
      const int64_t x = draw(rng);
      const auto& mates = members[static_cast<size_t>(cluster[static_cast<size_t>(x)])];
      const int64_t mate = mates[static_cast<size_t>(rng.below(mates.size()))];
      const double gap = rng.uniform();
      const float* a = X_class.row(x);
      const float* b = X_class.row(mate);
      float* dst = out.synthetic.row(start + r);
      for (int64_t j = 0; j < d; ++j)
        dst[j] = static_cast<float>(static_cast<double>(a[j]) + gap * (static_cast<double>(b[j]) - a[j]));
    }
  }
  return out;
}

void register_mwmote(SamplerRegistry& registry) {
  registry.add({"mwmote",
                {"MWMOTE"},
                "over",
                "MWMOTE: rows near other classes drawn by majority-based weights, new rows inside their cluster.",
                MWMOTE::param_specs(),
                [](const ParamValues& p) { return std::make_unique<MWMOTE>(p); }});
}

}  // namespace smrt
