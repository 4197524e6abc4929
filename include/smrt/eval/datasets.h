#pragma once
// The image data sets the protocols use, as `scripts/setup` prepares them:
//   data/mnist/X.npy (uint8 N x 28 x 28, ~1,000 per digit) and y.npy (int64)
//   data/fashion-mnist/{train,test}_{X,y}.npy (60,000 / 10,000 images)
// Pixels are scaled to [0, 1] (the SMRT notebook's MNIST was scaled so).

#include <cstdint>
#include <string>
#include <vector>

#include "smrt/core/dataset.h"
#include "smrt/core/rng.h"

namespace smrt::eval {

/// The data folder: `given` if not empty, else $SMRT_DATA_DIR, else the
/// source tree's data/ when it exists, else ./data.
std::string data_dir(const std::string& given = "");

/// MNIST digits; an IoError says to run scripts/setup when files are missing.
Dataset load_mnist(const std::string& dir);

struct TrainTest {
  Dataset train, test;
};

/// Fashion-MNIST's own train / test split.
TrainTest load_fashion_mnist(const std::string& dir);

/// The rows of `data` at `rows`, keeping classes, names and sample shape.
Dataset subset(const Dataset& data, const std::vector<int64_t>& rows);

/// Row indices of each class id, shuffled with `rng`.
std::vector<std::vector<int64_t>> shuffled_class_rows(const Dataset& data, Rng& rng);

/// Two classes of `data` (by label value) as a new binary data set whose ids
/// follow label order (minority 3 vs majority 8: 3 -> id 0, 8 -> id 1).
/// Training: `train_majority` majority rows and train_majority / imbalance
/// minority rows; test: `test_majority` and `test_minority` other rows.
struct BinarySplitSpec {
  int64_t minority_label = 3;
  int64_t majority_label = 8;
  int64_t imbalance = 20;        ///< training majority : minority
  int64_t train_majority = 0;    ///< 0: every majority row not held out for testing
  int64_t test_majority = 200;
  int64_t test_minority = 50;
};
TrainTest make_binary_split(const Dataset& data, const BinarySplitSpec& spec, Rng& rng);

/// Training rows of each class in `reduced` cut to `keep` rows (a random
/// subset), other classes cut to `others` rows (0: all kept).
Dataset reduce_classes(const Dataset& data, const std::vector<int32_t>& reduced, int64_t keep, int64_t others,
                       Rng& rng);

}  // namespace smrt::eval
