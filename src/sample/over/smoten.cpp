#include "smrt/sample/over/smoten.h"

#include <algorithm>
#include <cmath>

#include "smrt/core/error.h"
#include "smrt/core/threads.h"
#include "smrt/neighbors/knn_params.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {
namespace {

// Column-wise category codes (sorted distinct values) and, per column and
// code, the distribution of classes among the rows holding it.
struct Categories {
  std::vector<std::vector<float>> levels;          // per column
  std::vector<std::vector<int32_t>> codes;         // per column, per row
  std::vector<std::vector<double>> class_share;    // per column: code * n_classes + class
};

Categories encode(const DataView& data) {
  Categories cat;
  const int64_t n = data.n_rows();
  const int32_t n_classes = data.n_classes;
  for (int64_t j = 0; j < data.n_cols(); ++j) {
    std::vector<float> v(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) v[static_cast<size_t>(i)] = data.X(i, j);
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    std::vector<int32_t> codes(static_cast<size_t>(n));
    std::vector<double> share(v.size() * static_cast<size_t>(n_classes), 0.0);
    for (int64_t i = 0; i < n; ++i) {
      codes[static_cast<size_t>(i)] =
          static_cast<int32_t>(std::lower_bound(v.begin(), v.end(), data.X(i, j)) - v.begin());
      share[static_cast<size_t>(codes[static_cast<size_t>(i)] * n_classes + data.y[i])] += 1.0;
    }
    for (size_t l = 0; l < v.size(); ++l) {
      double total = 0.0;
      for (int32_t c = 0; c < n_classes; ++c) total += share[l * static_cast<size_t>(n_classes) + static_cast<size_t>(c)];
      for (int32_t c = 0; c < n_classes; ++c)
        share[l * static_cast<size_t>(n_classes) + static_cast<size_t>(c)] /= total > 0 ? total : 1.0;
    }
    cat.levels.push_back(std::move(v));
    cat.codes.push_back(std::move(codes));
    cat.class_share.push_back(std::move(share));
  }
  return cat;
}

}  // namespace

std::vector<ParamSpec> SMOTEN::param_specs() { return sampler_params(true, {k_neighbors_spec(), knn_param_spec()}); }

Resampled SMOTEN::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  Resampled out = keep_all_rows(data);
  const Categories cat = encode(data);
  const auto rows_of = data.class_rows(plan.targeted_classes());
  const int64_t d = data.n_cols();
  const int32_t n_classes = data.n_classes;
  const int k = k_neighbors_;
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new == 0) continue;
    const auto& rows = rows_of[static_cast<size_t>(c)];
    const auto m = static_cast<int64_t>(rows.size());
    const std::string name = "class '" + classes().name(c) + "'";
    SMRT_THROW_IF_NOT(ParameterError, m >= k + 1, "k_neighbors=", k, " needs at least ", k + 1, " rows in ", name,
                      ", which has ", m, " (lower k_neighbors)");
    // k + 1 nearest under the value difference metric, itself included.
    std::vector<int64_t> nn(static_cast<size_t>(m * (k + 1)));
    if (n_classes == 2) {
      // With two classes the metric is Euclidean on 2 x P(class 0 | value): use the kNN engine.
      Matrix embedded(m, d);
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < d; ++j)
          embedded(i, j) = static_cast<float>(
              2.0 * cat.class_share[static_cast<size_t>(j)][static_cast<size_t>(cat.codes[static_cast<size_t>(j)][static_cast<size_t>(rows[static_cast<size_t>(i)])] * n_classes)]);
      auto index = make_neighbor_index(knn_);
      index->fit(embedded.view());
      nn = index->search(embedded.view(), k + 1).indices;
    } else {
#pragma omp parallel for schedule(dynamic, 16) num_threads(num_threads())
      for (int64_t i = 0; i < m; ++i) {
        std::vector<std::pair<double, int64_t>> all(static_cast<size_t>(m));
        for (int64_t o = 0; o < m; ++o) {
          double dist = 0.0;
          for (int64_t j = 0; j < d; ++j) {
            const auto& share = cat.class_share[static_cast<size_t>(j)];
            const size_t a = static_cast<size_t>(cat.codes[static_cast<size_t>(j)][static_cast<size_t>(rows[static_cast<size_t>(i)])] * n_classes);
            const size_t b = static_cast<size_t>(cat.codes[static_cast<size_t>(j)][static_cast<size_t>(rows[static_cast<size_t>(o)])] * n_classes);
            double l1 = 0.0;
            for (int32_t cc = 0; cc < n_classes; ++cc) l1 += std::abs(share[a + static_cast<size_t>(cc)] - share[b + static_cast<size_t>(cc)]);
            dist += l1 * l1;
          }
          all[static_cast<size_t>(o)] = {dist, o};
        }
        std::partial_sort(all.begin(), all.begin() + k + 1, all.end());
        for (int q = 0; q <= k; ++q) nn[static_cast<size_t>(i * (k + 1) + q)] = all[static_cast<size_t>(q)].second;
      }
    }
    // Each new row: per column, the most frequent code among a random row's k + 1 neighbours, the smallest on ties.
    const int64_t start = out.synthetic.n_rows();
    out.synthetic.resize_rows(start + n_new);
    out.synthetic_y.resize(static_cast<size_t>(start + n_new), c);
    const uint64_t call_seed = rng.next_u64();
    constexpr int64_t kBlockRows = 8192;
    const int64_t n_blocks = (n_new + kBlockRows - 1) / kBlockRows;
#pragma omp parallel for schedule(static) num_threads(num_threads())
    for (int64_t b = 0; b < n_blocks; ++b) {
      Rng block_rng(call_seed, static_cast<uint64_t>(b));
      std::vector<int64_t> votes;
      for (int64_t i = b * kBlockRows; i < std::min(n_new, (b + 1) * kBlockRows); ++i) {
        const auto base = static_cast<int64_t>(block_rng.below(static_cast<uint64_t>(m)));
        float* dst = out.synthetic.row(start + i);
        for (int64_t j = 0; j < d; ++j) {
          votes.assign(cat.levels[static_cast<size_t>(j)].size(), 0);
          for (int q = 0; q <= k; ++q)
            ++votes[static_cast<size_t>(cat.codes[static_cast<size_t>(j)][static_cast<size_t>(rows[static_cast<size_t>(nn[static_cast<size_t>(base * (k + 1) + q)])])])];
          dst[j] = cat.levels[static_cast<size_t>(j)][static_cast<size_t>(std::max_element(votes.begin(), votes.end()) - votes.begin())];
        }
      }
    }
  }
  return out;
}

void register_smoten(SamplerRegistry& registry) {
  registry.add({"smoten",
                {"SMOTEN"},
                "over",
                "SMOTE-N: SMOTE for purely categorical tables (value difference metric, most frequent values).",
                SMOTEN::param_specs(),
                [](const ParamValues& p) { return std::make_unique<SMOTEN>(p); }});
}

}  // namespace smrt
