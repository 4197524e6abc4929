#pragma once
// The judge of the GAN acceptance check: a CNN trained on the full real
// Fashion-MNIST training set that labels generated images. It is the cGAN
// blog's Keras CNN (conv 32 - conv 64 - dense 128, each conv 3x3 + ReLU +
// max-pool 2, dropout 0.25), trained with Adam. Training takes minutes on a
// 2-core CPU, so the weights are cached in a file and reused when the file
// exists (delete it, or change epochs / seed, to retrain).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "smrt/core/dataset.h"

namespace smrt::bench {

struct JudgeOptions {
  int64_t epochs = 4;
  int64_t batch_size = 64;
  double learning_rate = 1e-3;
  uint64_t seed = 1;
};

class FashionJudge {
 public:
  /// Loads the weights from `cache_path` when it exists, else trains on
  /// `train` (28 x 28 images in [0, 1]) and writes them there.
  FashionJudge(const std::string& cache_path, const Dataset& train, const JudgeOptions& options);
  ~FashionJudge();

  /// Class ids of the rows (28 x 28 images in [0, 1]).
  std::vector<int32_t> predict(const MatrixView& X) const;
  /// True when the weights came from the cache file.
  bool from_cache() const { return from_cache_; }

 private:
  struct Net;
  std::shared_ptr<Net> net_;
  bool from_cache_ = false;
};

/// The cache file name for these options under `dir`.
std::string judge_cache_path(const std::string& dir, const JudgeOptions& options);

}  // namespace smrt::bench
