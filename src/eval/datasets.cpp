#include "smrt/eval/datasets.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "smrt/core/error.h"
#include "smrt/core/npy_io.h"

namespace smrt::eval {
namespace fs = std::filesystem;
namespace {

Dataset load_images(const std::string& x_path, const std::string& y_path) {
  for (const auto& p : {x_path, y_path})
    SMRT_THROW_IF_NOT(IoError, fs::exists(p), p, ": not found; run `bash scripts/setup` (or `make setup`) to ",
                      "prepare the data sets, or point --data / SMRT_DATA_DIR at them");
  Dataset d = read_npy_dataset(x_path, y_path);
  // Pixels 0..255 -> [0, 1].
  float* x = d.X.data();
  const int64_t n = checked_size(d.n_rows(), d.n_cols());
  float hi = 0;
  for (int64_t i = 0; i < n; ++i) hi = std::max(hi, x[i]);
  if (hi > 1.0f)
    for (int64_t i = 0; i < n; ++i) x[i] /= 255.0f;
  d.npy.reset();  // X is no longer the file's values
  return d;
}

}  // namespace

std::string data_dir(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("SMRT_DATA_DIR"); env && *env) return env;
#ifdef SMRT_SOURCE_DIR
  if (fs::exists(std::string(SMRT_SOURCE_DIR) + "/data")) return std::string(SMRT_SOURCE_DIR) + "/data";
#endif
  return "data";
}

Dataset load_mnist(const std::string& dir) { return load_images(dir + "/mnist/X.npy", dir + "/mnist/y.npy"); }

TrainTest load_fashion_mnist(const std::string& dir) {
  const std::string base = dir + "/fashion-mnist/";
  TrainTest tt{load_images(base + "train_X.npy", base + "train_y.npy"),
               load_images(base + "test_X.npy", base + "test_y.npy")};
  SMRT_THROW_IF_NOT(DataError, tt.train.classes.n_classes() == tt.test.classes.n_classes(), base,
                    ": train has ", tt.train.classes.n_classes(), " classes, test ", tt.test.classes.n_classes());
  return tt;
}

Dataset subset(const Dataset& data, const std::vector<int64_t>& rows) {
  Dataset out;
  out.X = gather_rows(data.X.view(), rows);
  out.y.reserve(rows.size());
  for (int64_t r : rows) out.y.push_back(data.y[static_cast<size_t>(r)]);
  out.classes = data.classes;
  out.feature_names = data.feature_names;
  out.label_name = data.label_name;
  out.sample_shape = data.sample_shape;
  return out;
}

std::vector<std::vector<int64_t>> shuffled_class_rows(const Dataset& data, Rng& rng) {
  auto rows = data.view().class_rows();
  for (auto& r : rows) shuffle(r.data(), static_cast<int64_t>(r.size()), rng);
  return rows;
}

TrainTest make_binary_split(const Dataset& data, const BinarySplitSpec& spec, Rng& rng) {
  const auto min_id = data.classes.find(std::to_string(spec.minority_label));
  const auto maj_id = data.classes.find(std::to_string(spec.majority_label));
  SMRT_THROW_IF_NOT(DataError, min_id && maj_id, "binary split: labels ", spec.minority_label, " and ",
                    spec.majority_label, " must both be in the data (classes: ", data.classes.describe(), ")");
  SMRT_THROW_IF_NOT(ParameterError, spec.imbalance >= 1, "binary split: imbalance=", spec.imbalance, " must be >= 1");
  const auto rows = shuffled_class_rows(data, rng);
  const auto& min_rows = rows[static_cast<size_t>(*min_id)];
  const auto& maj_rows = rows[static_cast<size_t>(*maj_id)];
  const auto n_maj_avail = static_cast<int64_t>(maj_rows.size()) - spec.test_majority;
  const int64_t n_maj = spec.train_majority > 0 ? spec.train_majority : n_maj_avail;
  const int64_t n_min = n_maj / spec.imbalance;
  SMRT_THROW_IF_NOT(DataError, n_maj <= n_maj_avail && n_maj > 0, "binary split: ", n_maj,
                    " training + ", spec.test_majority, " test rows of ", spec.majority_label, " but the data has ",
                    maj_rows.size());
  SMRT_THROW_IF_NOT(DataError, n_min >= 2 && n_min + spec.test_minority <= static_cast<int64_t>(min_rows.size()),
                    "binary split: ", n_min, " training + ", spec.test_minority, " test rows of ",
                    spec.minority_label, " but the data has ", min_rows.size());

  // Two classes, ids in label order, as ClassIndex::of_integers sorts them.
  const bool min_first = spec.minority_label < spec.majority_label;
  auto pick = [&](int64_t n_min_rows, int64_t min_off, int64_t n_maj_rows, int64_t maj_off) {
    Dataset d;
    d.X = Matrix(n_min_rows + n_maj_rows, data.n_cols());
    d.sample_shape = data.sample_shape;
    d.label_name = data.label_name;
    d.classes = ClassIndex::of_integers({std::min(spec.minority_label, spec.majority_label),
                                         std::max(spec.minority_label, spec.majority_label)});
    int64_t out = 0;
    auto copy = [&](const std::vector<int64_t>& src, int64_t off, int64_t n, int32_t id) {
      for (int64_t i = 0; i < n; ++i, ++out) {
        const float* r = data.X.row(src[static_cast<size_t>(off + i)]);
        std::copy(r, r + data.n_cols(), d.X.row(out));
        d.y.push_back(id);
      }
    };
    copy(min_rows, min_off, n_min_rows, min_first ? 0 : 1);
    copy(maj_rows, maj_off, n_maj_rows, min_first ? 1 : 0);
    return d;
  };
  return {pick(n_min, spec.test_minority, n_maj, spec.test_majority),
          pick(spec.test_minority, 0, spec.test_majority, 0)};
}

Dataset reduce_classes(const Dataset& data, const std::vector<int32_t>& reduced, int64_t keep, int64_t others,
                       Rng& rng) {
  const auto rows = shuffled_class_rows(data, rng);
  std::vector<int64_t> picked;
  for (int32_t c = 0; c < data.classes.n_classes(); ++c) {
    const auto& r = rows[static_cast<size_t>(c)];
    const bool is_reduced = std::find(reduced.begin(), reduced.end(), c) != reduced.end();
    const int64_t n = is_reduced ? keep : (others > 0 ? others : static_cast<int64_t>(r.size()));
    SMRT_THROW_IF_NOT(DataError, n <= static_cast<int64_t>(r.size()), "cutting class ", data.classes.name(c),
                      " to ", n, " rows, but it has ", r.size());
    picked.insert(picked.end(), r.begin(), r.begin() + n);
  }
  std::sort(picked.begin(), picked.end());
  return subset(data, picked);
}

}  // namespace smrt::eval
