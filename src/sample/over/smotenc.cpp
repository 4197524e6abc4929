#include "smrt/sample/over/smotenc.h"

#include <algorithm>
#include <cmath>

#include "smrt/core/error.h"
#include "smrt/core/threads.h"
#include "smrt/neighbors/knn_params.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"

namespace smrt {
namespace {

constexpr int64_t kBlockRows = 8192;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// imbalanced-learn's minority: Counter(y) order is first appearance; min keeps the first of equal counts.
int32_t first_minority(const DataView& data) {
  const auto counts = data.class_counts();
  std::vector<int64_t> first_seen(counts.size(), -1);
  for (int64_t i = 0; i < data.n_rows(); ++i)
    if (first_seen[static_cast<size_t>(data.y[i])] < 0) first_seen[static_cast<size_t>(data.y[i])] = i;
  int32_t best = -1;
  for (int32_t c = 0; c < static_cast<int32_t>(counts.size()); ++c) {
    if (counts[static_cast<size_t>(c)] == 0) continue;
    if (best < 0 || counts[static_cast<size_t>(c)] < counts[static_cast<size_t>(best)] ||
        (counts[static_cast<size_t>(c)] == counts[static_cast<size_t>(best)] &&
         first_seen[static_cast<size_t>(c)] < first_seen[static_cast<size_t>(best)]))
      best = c;
  }
  return best;
}

}  // namespace

SMOTENC::SMOTENC(const ParamValues& params) : SmoteBase(params) {
  SMRT_THROW_IF_NOT(ParameterError, !params.is_none("categorical_features"),
                    "SMOTENC needs categorical_features: the indices of the categorical columns, e.g. "
                    "categorical_features=0,3");
  categorical_ = params.get_int_list("categorical_features");
}

std::vector<ParamSpec> SMOTENC::param_specs() {
  ParamSpec cat;
  cat.name = "categorical_features";
  cat.type = ParamType::IntList;
  cat.default_value = "None";
  cat.nullable = true;
  // What each front end takes: the CLI reads names itself (tools/smrt/cmd_resample.cpp), Python
  // (smrt/_categorical.py) also masks, DataFrame labels, 'auto' and, as imbalanced-learn >= 0.11, negative indices.
  cat.allowed_text = "int list, column names or None";
  cat.doc = "The categorical columns: 0-based indices (e.g. 0,3) or, for CSV input, column names (e.g. color,size). "
            "Python also takes a boolean mask, a DataFrame's column labels, 'auto' (a DataFrame's category-dtype "
            "columns) and, with imbalanced-learn >= 0.11, negative indices counting from the end. Required; at "
            "least one column must stay continuous.";
  return sampler_params(true, {cat, k_neighbors_spec(), knn_param_spec()});
}

Resampled SMOTENC::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  const int64_t d = data.n_cols();
  std::vector<char> is_cat(static_cast<size_t>(d), 0);
  for (int64_t j : categorical_) {
    SMRT_THROW_IF_NOT(ParameterError, j >= 0 && j < d, "categorical_features: index ", j,
                      " is out of range; indices must be between 0 and ", d - 1);
    is_cat[static_cast<size_t>(j)] = 1;
  }
  std::vector<int64_t> cont, cats;
  for (int64_t j = 0; j < d; ++j) (is_cat[static_cast<size_t>(j)] ? cats : cont).push_back(j);
  SMRT_THROW_IF_NOT(ParameterError, !cont.empty(),
                    "categorical_features: every column is categorical; SMOTENC needs some continuous columns "
                    "(use SMOTEN for purely categorical data)");

  // Half the median standard deviation of the continuous columns in the minority class.
  const auto rows_of = data.class_rows();
  const auto& minority = rows_of[static_cast<size_t>(first_minority(data))];
  std::vector<double> stds;
  for (int64_t j : cont) {
    double mean = 0.0, sq = 0.0;
    for (int64_t r : minority) mean += data.X(r, j);
    mean /= static_cast<double>(minority.size());
    for (int64_t r : minority) sq += (data.X(r, j) - mean) * (data.X(r, j) - mean);
    stds.push_back(std::sqrt(sq / static_cast<double>(minority.size())));
  }
  const double half_median_std = median(stds) / 2.0;

  // Categories of each categorical column (sorted, as OneHotEncoder).
  std::vector<std::vector<float>> levels;
  for (int64_t j : cats) {
    std::vector<float> v(static_cast<size_t>(data.n_rows()));
    for (int64_t i = 0; i < data.n_rows(); ++i) v[static_cast<size_t>(i)] = data.X(i, j);
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    levels.push_back(std::move(v));
  }
  auto level_of = [&](size_t cat, float value) {
    const auto& l = levels[cat];
    return static_cast<int64_t>(std::lower_bound(l.begin(), l.end(), value) - l.begin());
  };
  int64_t width = static_cast<int64_t>(cont.size());
  std::vector<int64_t> offset;
  for (const auto& l : levels) offset.push_back(width), width += static_cast<int64_t>(l.size());

  Resampled out = keep_all_rows(data);
  for (int32_t c : plan.targeted_classes()) {
    const int64_t n_new = plan.n_to_add(c);
    if (n_new == 0) continue;
    const auto& rows = rows_of[static_cast<size_t>(c)];
    const auto m = static_cast<int64_t>(rows.size());
    Matrix encoded(m, width);
    std::fill(encoded.storage().begin(), encoded.storage().end(), 0.0f);
    for (int64_t i = 0; i < m; ++i) {
      for (size_t j = 0; j < cont.size(); ++j) encoded(i, static_cast<int64_t>(j)) = data.X(rows[static_cast<size_t>(i)], cont[j]);
      for (size_t j = 0; j < cats.size(); ++j)
        encoded(i, offset[j] + level_of(j, data.X(rows[static_cast<size_t>(i)], cats[j]))) =
            static_cast<float>(half_median_std);
    }
    const int k = k_neighbors_;
    const auto nn = nearest(encoded.view(), encoded.view(), k, "class '" + classes().name(c) + "'");

    const int64_t start = out.synthetic.n_rows();
    out.synthetic.resize_rows(start + n_new);
    out.synthetic_y.resize(static_cast<size_t>(start + n_new), c);
    const uint64_t call_seed = rng.next_u64();
    const int64_t n_blocks = (n_new + kBlockRows - 1) / kBlockRows;
#pragma omp parallel for schedule(static) num_threads(num_threads())
    for (int64_t b = 0; b < n_blocks; ++b) {
      Rng block_rng(call_seed, static_cast<uint64_t>(b));
      std::vector<int64_t> votes;
      for (int64_t i = b * kBlockRows; i < std::min(n_new, (b + 1) * kBlockRows); ++i) {
        const auto base = static_cast<int64_t>(block_rng.below(static_cast<uint64_t>(m)));
        const auto col = static_cast<int64_t>(block_rng.below(static_cast<uint64_t>(k)));
        const double gap = block_rng.uniform();
        const float* x = data.X.row(rows[static_cast<size_t>(base)]);
        const float* neighbour = data.X.row(rows[static_cast<size_t>(nn[static_cast<size_t>(base * k + col)])]);
        float* dst = out.synthetic.row(start + i);
        for (int64_t j : cont) dst[j] = static_cast<float>(x[j] + gap * (static_cast<double>(neighbour[j]) - x[j]));
        // Each categorical value: the most frequent among the base row's k neighbours, ties at random.
        for (size_t j = 0; j < cats.size(); ++j) {
          votes.assign(levels[j].size(), 0);
          for (int q = 0; q < k; ++q)
            ++votes[static_cast<size_t>(level_of(j, data.X(rows[static_cast<size_t>(nn[static_cast<size_t>(base * k + q)])], cats[j])))];
          const int64_t top = *std::max_element(votes.begin(), votes.end());
          int64_t n_top = std::count(votes.begin(), votes.end(), top);
          auto pick = static_cast<int64_t>(block_rng.below(static_cast<uint64_t>(n_top)));
          for (size_t l = 0; l < votes.size(); ++l)
            if (votes[l] == top && pick-- == 0) {
              dst[cats[j]] = levels[j][l];
              break;
            }
        }
      }
    }
  }
  return out;
}

void register_smotenc(SamplerRegistry& registry) {
  registry.add({"smotenc",
                {"SMOTENC", "smote_nc"},
                "over",
                "SMOTE-NC: SMOTE for tables mixing continuous and categorical columns (categorical_features=...).",
                SMOTENC::param_specs(),
                [](const ParamValues& p) { return std::make_unique<SMOTENC>(p); }});
}

}  // namespace smrt
