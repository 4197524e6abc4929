#include "cleaning_data.h"

#include <cmath>

#include "smrt/core/rng.h"

namespace smrt::testing {

Dataset table(const std::vector<std::vector<float>>& rows, const std::vector<int64_t>& labels) {
  Dataset data;
  data.classes = ClassIndex::from_integers(labels, &data.y);
  data.X = Matrix(static_cast<int64_t>(rows.size()), static_cast<int64_t>(rows[0].size()));
  for (size_t i = 0; i < rows.size(); ++i)
    for (size_t j = 0; j < rows[i].size(); ++j) data.X(static_cast<int64_t>(i), static_cast<int64_t>(j)) = rows[i][j];
  return data;
}

Dataset blobs(const std::vector<int64_t>& labels, const std::vector<int>& counts, const std::vector<double>& centre,
              int n_cols, uint64_t seed) {
  Rng rng(seed);
  std::vector<int64_t> raw;
  std::vector<int> left = counts;
  for (bool more = true; more;) {
    more = false;
    for (size_t c = 0; c < counts.size(); ++c)
      if (left[c] > 0) {
        raw.push_back(labels[c]);
        more = --left[c] > 0 || more;
      }
  }
  Dataset d;
  d.classes = ClassIndex::from_integers(raw, &d.y);
  d.X = Matrix(static_cast<int64_t>(raw.size()), n_cols);
  for (int64_t i = 0; i < d.n_rows(); ++i) {
    size_t c = 0;
    while (labels[c] != raw[static_cast<size_t>(i)]) ++c;
    for (int j = 0; j < n_cols; ++j) d.X(i, j) = static_cast<float>(centre[c] + rng.normal());
  }
  return d;
}

std::vector<NamedData> cleaning_datasets() {
  std::vector<NamedData> out;
  out.push_back({"binary 2-D", blobs({0, 1}, {120, 30}, {0.0, 1.0}, 2, 11)});
  out.push_back({"3 classes 4-D", blobs({0, 1, 2}, {80, 50, 25}, {0.0, 0.8, -0.8}, 4, 12)});
  // Duplicates: copy 20 rows onto later rows; the copies keep or swap the class.
  Dataset dup = blobs({0, 1}, {100, 40}, {0.0, 0.5}, 16, 13);  // > 15 features: scikit-learn's brute force
  Rng rng(99);
  for (int t = 0; t < 20; ++t) {
    const auto src = static_cast<int64_t>(rng.below(70));
    const int64_t dst = 70 + t * 3;
    for (int64_t j = 0; j < dup.n_cols(); ++j) dup.X(dst, j) = dup.X(src, j);
    if (t % 4 == 0) dup.y[static_cast<size_t>(dst)] = 1 - dup.y[static_cast<size_t>(src)];
  }
  out.push_back({"binary with duplicate rows", std::move(dup)});
  out.push_back({"3 classes 20-D, minority labelled 0", blobs({0, 1, 2}, {30, 150, 60}, {0.6, 0.0, -0.4}, 20, 14)});
  // Integer-valued columns: many rows at equal distances (ties everywhere).
  // With <= 15 columns scikit-learn searches a KD-tree, which settles ties
  // in another order than brute force.
  Dataset grid = blobs({0, 1, 2}, {90, 40, 25}, {0.0, 0.7, -0.7}, 3, 15);
  for (int64_t i = 0; i < grid.n_rows(); ++i)
    for (int64_t j = 0; j < grid.n_cols(); ++j) grid.X(i, j) = std::round(1.5f * grid.X(i, j));
  out.push_back({"3 classes 3-D integer grid (ties)", std::move(grid)});
  return out;
}

nlohmann::json to_json(const Dataset& d) {
  nlohmann::json j;
  j["X"] = nlohmann::json::array();
  for (int64_t i = 0; i < d.n_rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (int64_t c = 0; c < d.n_cols(); ++c) row.push_back(static_cast<double>(d.X(i, c)));
    j["X"].push_back(row);
  }
  j["y"] = nlohmann::json::array();
  for (int32_t id : d.y) j["y"].push_back(d.classes.integer_value(id));
  return j;
}

}  // namespace smrt::testing
