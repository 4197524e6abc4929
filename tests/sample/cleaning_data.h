#pragma once
// Small labelled tables shared by the sampler tests: different kinds of data
// (binary, multi-class, overlapping, duplicate rows, 20 features), tables
// written out row by row, and their JSON form for the imbalanced-learn side.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "smrt/core/dataset.h"

namespace smrt::testing {

struct NamedData {
  std::string name;
  Dataset data;
};

/// Blobs per class: `centre[c]` shifts every feature, rows of classes are
/// interleaved (not grouped). Labels are the integers in `labels`.
Dataset blobs(const std::vector<int64_t>& labels, const std::vector<int>& counts, const std::vector<double>& centre,
              int n_cols, uint64_t seed);

/// A table of these rows (all of one width) and integer labels.
Dataset table(const std::vector<std::vector<float>>& rows, const std::vector<int64_t>& labels);

/// Four data sets: binary overlapping 2-D; three classes in 4-D; binary with
/// duplicate rows (some with the other class's label); three classes in 20-D
/// whose minority is labelled 0.
std::vector<NamedData> cleaning_datasets();

/// {"X": [[...]], "y": [...]} with the original labels.
nlohmann::json to_json(const Dataset& d);

}  // namespace smrt::testing
