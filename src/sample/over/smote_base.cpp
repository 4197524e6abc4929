#include "smrt/sample/over/smote_base.h"

#include <algorithm>
#include <cmath>

#include "smrt/core/error.h"
#include "smrt/core/synthetic_destination.h"
#include "smrt/core/threads.h"
#include "smrt/neighbors/knn_params.h"

namespace smrt {
namespace {

constexpr int64_t kBlockRows = 8192;  // rows per random stream when generating

}  // namespace

SmoteBase::SmoteBase(const ParamValues& params, const std::string& k_name)
    : Sampler(params), k_neighbors_(static_cast<int>(params.get_int(k_name))), k_name_(k_name),
      knn_(knn_config_from(params)) {}

std::unique_ptr<NeighborIndex> SmoteBase::fit_index(const MatrixView& fitted, int k, const std::string& what,
                                                    const std::string& k_name, bool sklearn_ties) const {
  SMRT_THROW_IF_NOT(ParameterError, fitted.n_rows >= int64_t{k} + 1, k_name, "=", k, " needs at least ", k + 1,
                    " rows in ", what, ", which has ", fitted.n_rows, " (lower ", k_name, ")");
  KnnConfig config = knn_;
  if (sklearn_ties) config.tie_order = TieOrder::Sklearn;
  auto index = make_neighbor_index(config);
  index->fit(fitted);
  return index;
}

std::vector<int64_t> drop_first_column(const KnnResult& r) {
  const int k = r.k - 1;
  std::vector<int64_t> nn(static_cast<size_t>(r.n_queries * k));
  for (int64_t q = 0; q < r.n_queries; ++q)
    for (int j = 0; j < k; ++j) nn[static_cast<size_t>(q * k + j)] = r.neighbors(q)[j + 1];
  return nn;
}

std::vector<int64_t> SmoteBase::nearest(const NeighborIndex& index, const MatrixView& queries, int k) const {
  return drop_first_column(index.search(queries, k + 1));
}

std::vector<int64_t> SmoteBase::nearest(const MatrixView& fitted, const MatrixView& queries, int k,
                                        const std::string& what) const {
  return nearest(*fit_index(fitted, k, what, k_name_), queries, k);
}

void SmoteBase::smote_within(const MatrixView& rows, int64_t n, int32_t label, const std::string& what, Rng& rng,
                             Resampled& out) const {
  if (n <= 0) return;
  const int k = k_neighbors_;
  if (2 * n >= rows.n_rows) {  // most rows will be drawn: one search of them all
    const std::vector<int64_t> nn = nearest(rows, rows, k, what);
    make_samples({rows, rows, nn.data(), k, 1.0}, n, label, rng, out);
    return;
  }
  // Few new rows (a small share of a cluster, say): draw the bases first and
  // search only theirs. kneighbors of a fitted row, as for all rows at once.
  std::vector<int64_t> bases(static_cast<size_t>(n));
  for (auto& b : bases) b = static_cast<int64_t>(rng.below(static_cast<uint64_t>(rows.n_rows)));
  std::vector<int64_t> drawn = bases;
  std::sort(drawn.begin(), drawn.end());
  drawn.erase(std::unique(drawn.begin(), drawn.end()), drawn.end());
  const auto index = fit_index(rows, k, what, k_name_);
  const Matrix queries = gather_rows(rows, drawn);
  const std::vector<int64_t> found = nearest(*index, queries.view(), k);
  std::vector<int64_t> nn(static_cast<size_t>(rows.n_rows * k), -1);  // rows never drawn keep -1
  for (size_t u = 0; u < drawn.size(); ++u)
    std::copy(found.begin() + static_cast<std::ptrdiff_t>(u * k), found.begin() + static_cast<std::ptrdiff_t>((u + 1) * k),
              nn.begin() + drawn[u] * k);
  make_samples_from_rows({rows, rows, nn.data(), k, 1.0}, bases, label, rng, out);
}

Resampled keep_all_rows(const DataView& data) {
  Resampled out;
  out.sample_indices.resize(static_cast<size_t>(data.n_rows()));
  for (int64_t i = 0; i < data.n_rows(); ++i) out.sample_indices[static_cast<size_t>(i)] = i;
  out.synthetic = Matrix(0, data.n_cols());
  int64_t capacity = 0;  // the caller's output, when it gave one
  if (float* room = SyntheticDestinationScope::claim(data.n_cols(), &capacity)) out.synthetic.use_buffer(room, capacity);
  return out;
}

namespace {

// Fills out rows [start, start + n); base_of(i, rng) picks row i's base.
template <typename BaseOf>
void generate(const SampleSource& s, int64_t n, int32_t label, Rng& rng, Resampled& out, BaseOf base_of) {
  if (n <= 0) return;
  SMRT_ASSERT(s.k >= 1 && s.bases.n_rows >= 1, "no rows to sample from");
  const int64_t d = s.bases.n_cols;
  if (out.synthetic.n_rows() == 0 && out.synthetic.n_cols() != d) out.synthetic = Matrix(0, d);  // keeps a reservation
  const int64_t start = out.synthetic.n_rows();
  out.synthetic.resize_rows(start + n);
  out.synthetic_y.resize(static_cast<size_t>(start + n), label);
  const uint64_t call_seed = rng.next_u64();  // one draw: later calls get other streams
  const int64_t n_blocks = (n + kBlockRows - 1) / kBlockRows;
#pragma omp parallel for schedule(static) num_threads(num_threads())
  for (int64_t b = 0; b < n_blocks; ++b) {
    Rng block_rng(call_seed, static_cast<uint64_t>(b));
    const int64_t end = std::min(n, (b + 1) * kBlockRows);
    for (int64_t i = b * kBlockRows; i < end; ++i) {
      const int64_t base = base_of(i, block_rng);
      const int64_t col = static_cast<int64_t>(block_rng.below(static_cast<uint64_t>(s.k)));
      const double gap = s.step * block_rng.uniform();
      const float* x = s.bases.row(base);
      const float* nn = s.nn_data.row(s.nn[base * s.k + col]);
      float* dst = out.synthetic.row(start + i);
      for (int64_t j = 0; j < d; ++j)
        dst[j] = static_cast<float>(static_cast<double>(x[j]) + gap * (static_cast<double>(nn[j]) - x[j]));
    }
  }
}

}  // namespace

void make_samples(const SampleSource& source, int64_t n, int32_t label, Rng& rng, Resampled& out) {
  const auto n_bases = static_cast<uint64_t>(source.bases.n_rows);
  generate(source, n, label, rng, out, [n_bases](int64_t, Rng& r) { return static_cast<int64_t>(r.below(n_bases)); });
}

void make_samples_from_rows(const SampleSource& source, const std::vector<int64_t>& rows, int32_t label, Rng& rng,
                            Resampled& out) {
  generate(source, static_cast<int64_t>(rows.size()), label, rng, out,
           [&rows](int64_t i, Rng&) { return rows[static_cast<size_t>(i)]; });
}

double beta_10_10(Rng& rng) {
  auto gamma10 = [&rng] {
    double sum = 0.0;
    for (int i = 0; i < 10; ++i) sum -= std::log1p(-rng.uniform());  // Exp(1) from 1 - u in (0, 1]
    return sum;
  };
  const double a = gamma10();
  return a / (a + gamma10());
}

ParamSpec k_neighbors_spec(int64_t default_value, const std::string& name, const std::string& doc) {
  ParamSpec p;
  p.name = name;
  p.type = ParamType::Int;
  p.default_value = std::to_string(default_value);
  p.min = 1;
  p.doc = doc;
  return p;
}

}  // namespace smrt
