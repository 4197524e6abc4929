#include "smrt/sample/under/neighbourhood_cleaning_rule.h"

#include <algorithm>

#include "smrt/core/error.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {

namespace {

constexpr const char* kRule012 = "imblearn-0.12";
constexpr const char* kRule010 = "imblearn-0.10";

NeighbourhoodCleaningRule::Rule parse_rule(const std::string& text) {
  if (text == kRule012) return NeighbourhoodCleaningRule::Rule::Imblearn012;
  if (text == kRule010) return NeighbourhoodCleaningRule::Rule::Imblearn010;
  throw ParameterError(msg("rule='", text, "' is not valid; allowed: ", kRule012, ", ", kRule010));
}

}  // namespace

std::vector<ParamSpec> NeighbourhoodCleaningRule::param_specs() {
  ParamSpec rule;
  rule.name = "rule";
  rule.type = ParamType::String;
  rule.default_value = kRule012;
  rule.choices = {kRule012, kRule010};
  rule.doc =
      "imbalanced-learn's rule: 'imblearn-0.12' (0.12 and later) cleans around the minority rows that a "
      "KNeighborsClassifier(n_neighbors) on all rows misclassifies (the row itself among its neighbours, ties to "
      "the smallest label), in classes larger than threshold_cleaning x the minority's size; 'imblearn-0.10' "
      "around those whose neighbours fail kind_sel, in classes larger than threshold_cleaning x all rows.";
  ParamSpec kind_sel = kind_sel_param();
  kind_sel.doc = "Rule 'imblearn-0.10' only: a minority row is well surrounded when 'all' its neighbours have a "
                 "true label (0.10's test), or when their 'mode' is its class.";
  ParamSpec threshold;
  threshold.name = "threshold_cleaning";
  threshold.type = ParamType::Float;
  threshold.default_value = "0.5";
  threshold.min = 0.0;
  threshold.min_exclusive = true;
  threshold.doc = "Only classes larger than this many times the minority class's size (rule 'imblearn-0.12') or "
                  "this fraction of all rows (rule 'imblearn-0.10', where it must be below 1) lose the minority "
                  "rows' neighbours.";
  return sampler_params(false, {positive_int_param("n_neighbors", 3, "Neighbours that judge each row."), kind_sel,
                                threshold, rule, knn_param_spec()});
}

NeighbourhoodCleaningRule::NeighbourhoodCleaningRule(const ParamValues& params)
    : Sampler(params),
      n_neighbors_(static_cast<int>(params.get_int("n_neighbors"))),
      rule_(parse_rule(params.get_string("rule"))),
      kind_sel_(parse_kind_sel(params.get_string("kind_sel"))),
      threshold_cleaning_(params.get_float("threshold_cleaning")),
      knn_(params.get_string("knn")) {
  // imbalanced-learn >= 0.12 has no kind_sel: a 'mode' that would be ignored is a mistake.
  SMRT_THROW_IF_NOT(ParameterError, rule_ == Rule::Imblearn010 || kind_sel_ == KindSel::All,
                    "kind_sel='mode' is imbalanced-learn 0.10's (rule='", kRule010, "'); rule='", kRule012,
                    "' judges a minority row by a kNN classifier's prediction and has no kind_sel");
  SMRT_THROW_IF_NOT(ParameterError, rule_ == Rule::Imblearn012 || threshold_cleaning_ < 1.0,
                    "threshold_cleaning=", threshold_cleaning_, " must be in (0, 1) with rule='", kRule010,
                    "' (a fraction of all rows); only rule='", kRule012, "' takes larger values");
}

std::vector<bool> NeighbourhoodCleaningRule::misjudged(const NeighborIndex& index, const DataView& data,
                                                       const std::vector<int64_t>& rows, const KnnResult& hoods,
                                                       const KnnResult& hits, int32_t minority) const {
  std::vector<bool> out(rows.size(), false);
  std::vector<int> votes(static_cast<size_t>(data.n_classes), 0);
  auto mode_of = [&](const int64_t* hood, int k) { return mode_of_neighbours(hood, k, data.y, votes); };
  if (rule_ == Rule::Imblearn012) {
    // KNeighborsClassifier(n_neighbors).fit(X, y).predict(X[rows]): the row itself is one of the voters.
    // Where the (n_neighbors + 1)-th hit is strictly farther than the n_neighbors-th, every exact search
    // finds those first n_neighbors hits as the voters; only a tie there needs predict's own search.
    const int k = n_neighbors_;
    auto decided = [&](size_t q) {
      const float* dist = hits.dists(static_cast<int64_t>(q));
      return dist[k - 1] < dist[k];
    };
    std::vector<int64_t> tied;
    for (size_t q = 0; q < rows.size(); ++q) {
      if (decided(q)) out[q] = mode_of(hits.neighbors(static_cast<int64_t>(q)), k) != minority;
      else tied.push_back(rows[q]);
    }
    if (tied.empty()) return out;
    const Matrix queries = gather_rows(data.X, tied);
    const KnnResult voters = index.search_as(queries.view(), k, SklearnCall{k, true});
    for (size_t q = 0, t = 0; q < rows.size(); ++q)
      if (!decided(q)) out[q] = mode_of(voters.neighbors(static_cast<int64_t>(t++)), k) != minority;
    return out;
  }
  // imblearn 0.10 tests numpy truth values of the labels for kind_sel='all'.
  const ClassIndex& labels = classes();
  auto truthy = [&](int32_t c) {
    return labels.kind() == ClassIndex::Kind::String ? !labels.name(c).empty() : labels.float_value(c) != 0;
  };
  for (size_t q = 0; q < rows.size(); ++q) {
    const int64_t* hood = hoods.neighbors(static_cast<int64_t>(q));
    bool judged_right = true;
    if (kind_sel_ == KindSel::Mode) {
      judged_right = mode_of(hood, n_neighbors_) == minority;
    } else {
      for (int j = 0; j < n_neighbors_; ++j) judged_right = judged_right && truthy(data.y[hood[j]]);
    }
    out[q] = !judged_right;
  }
  return out;
}

Resampled NeighbourhoodCleaningRule::resample(const DataView& data, const SamplingPlan& plan, Rng& /*rng*/) {
  const int64_t n = data.n_rows();
  const auto targeted = targeted_mask(plan);
  std::vector<bool> removed(static_cast<size_t>(n), true);

  auto index = make_sampler_index(knn_);
  index->fit(data.X);
  // A1: what ENN with a majority vote removes.
  for (int64_t r : edited_nearest_neighbours(data, targeted, n_neighbors_, KindSel::Mode, knn_, index.get()))
    removed[static_cast<size_t>(r)] = false;

  // A2: neighbours (in large targeted classes) of badly surrounded minority rows.
  const auto counts = data.class_counts();
  const int32_t minority = first_seen_minority(data);
  const double base = rule_ == Rule::Imblearn012 ? static_cast<double>(counts[static_cast<size_t>(minority)])
                                                 : static_cast<double>(n);
  std::vector<bool> cleanable(counts.size(), false);
  for (size_t c = 0; c < counts.size(); ++c)
    cleanable[c] = targeted[c] && static_cast<double>(counts[c]) > base * threshold_cleaning_;
  std::vector<bool> is_minority(counts.size(), false);
  is_minority[static_cast<size_t>(minority)] = true;
  const auto minority_rows = rows_of_classes(data, is_minority);
  // kneighbors(X[minority], n_neighbors + 1)[:, 1:]: of a NearestNeighbors(n_neighbors + 1) in 0.10, of the
  // KNeighborsClassifier(n_neighbors) in 0.12 (whose n_neighbors picks scikit-learn's algorithm).
  KnnResult hits;
  const KnnResult hoods = neighbours_of_rows(*index, data, minority_rows, n_neighbors_, "n_neighbors",
                                             rule_ == Rule::Imblearn012 ? n_neighbors_ : 0, &hits);
  const std::vector<bool> wrong = misjudged(*index, data, minority_rows, hoods, hits, minority);
  for (int64_t q = 0; q < hoods.n_queries; ++q) {
    if (!wrong[static_cast<size_t>(q)]) continue;
    const int64_t* hood = hoods.neighbors(q);
    for (int j = 0; j < n_neighbors_; ++j)
      if (cleanable[static_cast<size_t>(data.y[hood[j]])]) removed[static_cast<size_t>(hood[j])] = true;
  }
  Resampled out;
  out.sample_indices = unflagged_rows(removed);
  return out;
}

void register_neighbourhood_cleaning_rule(SamplerRegistry& registry) {
  registry.add({"ncr",
                {"NeighbourhoodCleaningRule", "neighbourhood_cleaning_rule"},
                "clean",
                "Neighbourhood cleaning rule: ENN plus the large-class neighbours of badly surrounded minority rows.",
                NeighbourhoodCleaningRule::param_specs(),
                [](const ParamValues& p) { return std::make_unique<NeighbourhoodCleaningRule>(p); }});
}

}  // namespace smrt
