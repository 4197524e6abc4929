#include "smrt/sample/under/neighbourhood.h"

#include <algorithm>

#include "smrt/core/error.h"
#include "smrt/neighbors/knn_params.h"
#include "smrt/sample/under/certain_keeps.h"

namespace smrt {

ParamSpec positive_int_param(const std::string& name, int64_t default_value, const std::string& doc) {
  ParamSpec p;
  p.name = name;
  p.type = ParamType::Int;
  p.default_value = std::to_string(default_value);
  p.min = 1;
  p.doc = doc;
  return p;
}

ParamSpec kind_sel_param() {
  ParamSpec p;
  p.name = "kind_sel";
  p.type = ParamType::String;
  p.default_value = "all";
  p.choices = {"all", "mode"};
  p.doc = "'all': a row stays only if all its neighbours share its class; 'mode': if most of them do.";
  return p;
}

std::unique_ptr<NeighborIndex> make_sampler_index(const std::string& knn) {
  KnnConfig config = knn_config_from_text(knn);
  config.tie_order = TieOrder::Sklearn;
  return make_neighbor_index(config);
}

KindSel parse_kind_sel(const std::string& text) {
  if (text == "all") return KindSel::All;
  if (text == "mode") return KindSel::Mode;
  throw ParameterError(msg("kind_sel='", text, "' is not valid; allowed: all, mode"));
}

RowSubset RowSubset::of(const DataView& parent, const std::vector<int64_t>& rows) {
  RowSubset s;
  s.X = gather_rows(parent.X, rows);
  s.y.reserve(rows.size());
  for (int64_t r : rows) s.y.push_back(parent.y[r]);
  s.origin = rows;
  s.n_classes = parent.n_classes;
  return s;
}

DataView RowSubset::view() const {
  DataView v;
  v.X = X.view();
  v.y = y.data();
  v.n_classes = n_classes;
  v.sample_shape = {X.n_cols()};
  return v;
}

std::vector<int64_t> RowSubset::to_parent(const std::vector<int64_t>& rows) const {
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (int64_t r : rows) out.push_back(origin[static_cast<size_t>(r)]);
  return out;
}

std::vector<bool> targeted_mask(const SamplingPlan& plan) {
  std::vector<bool> mask(static_cast<size_t>(plan.n_classes()), false);
  for (int32_t c : plan.targeted_classes()) mask[static_cast<size_t>(c)] = true;
  return mask;
}

int32_t first_seen_minority(const DataView& data) {
  const auto counts = data.class_counts();
  int64_t smallest = -1;
  for (int64_t n : counts)
    if (n > 0 && (smallest < 0 || n < smallest)) smallest = n;
  for (int64_t i = 0; i < data.n_rows(); ++i)
    if (counts[static_cast<size_t>(data.y[i])] == smallest) return data.y[i];
  SMRT_ASSERT(false, "no rows");
  return 0;
}

std::vector<int64_t> rows_of_classes(const DataView& data, const std::vector<bool>& which) {
  const auto by_class = data.class_rows();
  std::vector<int64_t> rows;
  for (int32_t c = 0; c < data.n_classes; ++c)
    if (which[static_cast<size_t>(c)]) rows.insert(rows.end(), by_class[static_cast<size_t>(c)].begin(), by_class[static_cast<size_t>(c)].end());
  return rows;
}

KnnResult neighbours_of_rows(const NeighborIndex& index, const DataView& data, const std::vector<int64_t>& query_rows,
                             int k, const std::string& owner, int estimator_k, KnnResult* all_hits) {
  SMRT_THROW_IF_NOT(ParameterError, static_cast<int64_t>(k) + 1 <= data.n_rows(), owner, "=", k, " needs at least ", k + 1,
                    " rows (each row and its neighbours), but the data has ", data.n_rows());
  KnnResult out;
  out.n_queries = static_cast<int64_t>(query_rows.size());
  out.k = k;
  if (all_hits) *all_hits = KnnResult{out.n_queries, k + 1, {}, {}};
  if (query_rows.empty()) return out;
  const Matrix queries = gather_rows(data.X, query_rows);
  const KnnResult hits = estimator_k > 0 ? index.search_as(queries.view(), k + 1, SklearnCall{estimator_k, false})
                                          : index.search(queries.view(), k + 1);
  const bool drop_self_anywhere = index.engine() != "exact";
  out.indices.resize(static_cast<size_t>(out.n_queries) * static_cast<size_t>(k));
  out.distances.resize(out.indices.size());
  for (int64_t q = 0; q < out.n_queries; ++q) {
    const int64_t* nn = hits.neighbors(q);
    const float* dist = hits.dists(q);
    // Which of the k + 1 hits to drop: the first (scikit-learn), or for an
    // approximate search the row itself wherever it is (else the last).
    int skip = 0;
    if (drop_self_anywhere) {
      skip = k;
      for (int j = 0; j <= k; ++j)
        if (nn[j] == query_rows[static_cast<size_t>(q)]) {
          skip = j;
          break;
        }
    }
    int64_t* dst = out.indices.data() + q * k;
    float* dst_dist = out.distances.data() + q * k;
    for (int j = 0, o = 0; j <= k; ++j) {
      if (j == skip) continue;
      dst[o] = nn[j];
      dst_dist[o++] = dist[j];
    }
  }
  if (all_hits) *all_hits = hits;
  return out;
}

namespace {

// Does the row of class `own` keep its place given the classes of its neighbours?
bool neighbours_agree(const int64_t* nn, int k, const int32_t* y, int32_t own, KindSel kind, std::vector<int>& votes) {
  if (kind == KindSel::All) {
    for (int j = 0; j < k; ++j)
      if (y[nn[j]] != own) return false;
    return true;
  }
  return mode_of_neighbours(nn, k, y, votes) == own;
}

}  // namespace

namespace {

// scikit-learn picks its search strategy from the number of query rows
// (parallel_on_X above 4 x 256 x threads, see src/neighbors/exact_index.cpp),
// and the strategy decides the order of equidistant neighbours. When the
// shortcut leaves fewer rows to search than imblearn queries, pad them back
// over that line with repeats of the first row so the order stays imblearn's.
// `threads` is the index's own setting (KnnConfig::sklearn_threads), never
// this machine's cores: the output must not depend on the machine.
void keep_sklearn_strategy(std::vector<int64_t>& queries, size_t n_imblearn_queries, int threads) {
  const size_t line = 4 * 256 * static_cast<size_t>(std::max(1, threads));
  if (queries.empty() || n_imblearn_queries <= line || queries.size() > line) return;
  queries.resize(line + 1, queries.front());
}

}  // namespace

std::vector<int64_t> edited_nearest_neighbours(const DataView& data, const std::vector<bool>& targeted, int n_neighbors,
                                               KindSel kind, const std::string& engine, const NeighborIndex* fitted) {
  const auto by_class = data.class_rows();
  std::vector<uint8_t> keep(static_cast<size_t>(data.n_rows()), 0);
  std::unique_ptr<NeighborIndex> own_index;
  const NeighborIndex* index = fitted;
  // One search per targeted class, as imblearn queries each class's rows.
  for (int32_t c = 0; c < data.n_classes; ++c) {
    if (!targeted[static_cast<size_t>(c)]) continue;
    const auto& rows = by_class[static_cast<size_t>(c)];
    SMRT_THROW_IF_NOT(ParameterError, static_cast<int64_t>(n_neighbors) + 1 <= data.n_rows(), "n_neighbors=", n_neighbors,
                      " needs at least ", n_neighbors + 1, " rows (each row and its neighbours), but the data has ",
                      data.n_rows());
    // Rows of a large class that surely keep their place need no full search
    // (with either engine: the shortcut's answers are exact).
    std::vector<uint8_t> sure;
    if (certain_keeps_pay_off(static_cast<int64_t>(rows.size()), data.n_rows()))
      sure = certainly_kept(data, c, rows, n_neighbors);
    std::vector<int64_t> queries;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!sure.empty() && sure[i]) keep[static_cast<size_t>(rows[i])] = 1;
      else queries.push_back(rows[i]);
    }
    if (queries.empty()) continue;
    const size_t n_real = queries.size();
    const KnnConfig config = knn_config_from_text(engine);
    if (config.engine == "exact") keep_sklearn_strategy(queries, rows.size(), config.sklearn_threads);
    if (!index) {
      own_index = make_sampler_index(engine);
      own_index->fit(data.X);
      index = own_index.get();
    }
    const KnnResult nn = neighbours_of_rows(*index, data, queries, n_neighbors, "n_neighbors");
#pragma omp parallel if (n_real > 20000)
    {
      std::vector<int> votes(static_cast<size_t>(data.n_classes), 0);
#pragma omp for schedule(static)
      for (int64_t q = 0; q < static_cast<int64_t>(n_real); ++q) {
        const int64_t row = queries[static_cast<size_t>(q)];
        keep[static_cast<size_t>(row)] = neighbours_agree(nn.neighbors(q), n_neighbors, data.y, c, kind, votes) ? 1 : 0;
      }
    }
  }
  // In class order: untargeted classes whole, targeted ones filtered.
  std::vector<int64_t> kept;
  for (int32_t c = 0; c < data.n_classes; ++c)
    for (int64_t r : by_class[static_cast<size_t>(c)])
      if (!targeted[static_cast<size_t>(c)] || keep[static_cast<size_t>(r)]) kept.push_back(r);
  return kept;
}

std::vector<bool> tomek_links(const DataView& data, const std::vector<bool>& targeted, const std::string& engine) {
  const int64_t n = data.n_rows();
  SMRT_THROW_IF_NOT(DataError, n >= 2, "TomekLinks needs at least 2 rows, got ", n);
  const auto counts = data.class_counts();
  const auto largest = static_cast<int32_t>(std::max_element(counts.begin(), counts.end()) - counts.begin());
  auto index = make_sampler_index(engine);
  index->fit(data.X);

  // nearest[i]: scikit-learn's kneighbors(X, 2)[i, 1], for the rows searched.
  std::vector<int64_t> nearest(static_cast<size_t>(n), -1);
  auto search = [&](const std::vector<int64_t>& rows) {
    const KnnResult r = neighbours_of_rows(*index, data, rows, 1, "TomekLinks (one neighbour)");
    for (size_t q = 0; q < rows.size(); ++q) nearest[static_cast<size_t>(rows[q])] = r.neighbors(static_cast<int64_t>(q))[0];
  };
  // A link joins two classes, so one end is outside the largest class.
  std::vector<int64_t> first;
  for (int64_t i = 0; i < n; ++i)
    if (data.y[i] != largest) first.push_back(i);
  search(first);
  std::vector<bool> wanted(static_cast<size_t>(n), false);
  std::vector<int64_t> second;
  for (int64_t i : first) {
    const int64_t j = nearest[static_cast<size_t>(i)];
    if (data.y[j] == largest && !wanted[static_cast<size_t>(j)]) {
      wanted[static_cast<size_t>(j)] = true;
      second.push_back(j);
    }
  }
  std::sort(second.begin(), second.end());
  search(second);

  std::vector<bool> links(static_cast<size_t>(n), false);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t j = nearest[static_cast<size_t>(i)];
    if (j < 0 || !targeted[static_cast<size_t>(data.y[i])] || data.y[j] == data.y[i]) continue;
    if (nearest[static_cast<size_t>(j)] == i) links[static_cast<size_t>(i)] = true;
  }
  return links;
}

std::vector<int64_t> unflagged_rows(const std::vector<bool>& flags) {
  std::vector<int64_t> rows;
  for (size_t i = 0; i < flags.size(); ++i)
    if (!flags[i]) rows.push_back(static_cast<int64_t>(i));
  return rows;
}

}  // namespace smrt

namespace smrt {

EditingStop check_editing_stop(const DataView& original, const DataView& current, const std::vector<int64_t>& kept) {
  const auto before = original.class_counts();
  const int32_t minority = first_seen_minority(original);
  std::vector<int64_t> after(before.size(), 0);
  for (int64_t r : kept) ++after[static_cast<size_t>(current.y[r])];
  EditingStop stop;
  for (size_t c = 0; c < before.size(); ++c) {
    if (before[c] > 0 && after[c] == 0) stop.class_removed = true;
    if (after[c] > 0 && static_cast<int32_t>(c) != minority && after[c] < before[static_cast<size_t>(minority)])
      stop.below_minority = true;
  }
  return stop;
}

std::vector<bool> clean_targets(const SamplingStrategy& strategy, const DataView& data, const ClassIndex& classes) {
  return targeted_mask(resolve_sampling_strategy(strategy, data.class_counts(), classes, SamplingType::CleanSampling));
}

}  // namespace smrt

namespace smrt {

int32_t mode_of_neighbours(const int64_t* hood, int k, const int32_t* y, std::vector<int>& votes) {
  std::fill(votes.begin(), votes.end(), 0);
  for (int j = 0; j < k; ++j) ++votes[static_cast<size_t>(y[hood[j]])];
  return static_cast<int32_t>(std::max_element(votes.begin(), votes.end()) - votes.begin());
}

std::vector<int32_t> knn_vote(const NeighborIndex& index, const std::vector<int32_t>& fitted_y, const MatrixView& queries,
                              int k, int32_t n_classes) {
  SMRT_THROW_IF_NOT(ParameterError, k <= index.n_fitted(), "n_neighbors=", k, " exceeds the ", index.n_fitted(),
                    " rows the neighbours are drawn from");
  const KnnResult r = index.search(queries, k);
  std::vector<int32_t> out(static_cast<size_t>(queries.n_rows));
  std::vector<int> votes(static_cast<size_t>(n_classes));
  for (int64_t q = 0; q < queries.n_rows; ++q)
    out[static_cast<size_t>(q)] = mode_of_neighbours(r.neighbors(q), k, fitted_y.data(), votes);
  return out;
}

}  // namespace smrt
