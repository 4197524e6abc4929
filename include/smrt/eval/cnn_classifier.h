#pragma once
// A small CNN for 28 x 28 grey images on LibTorch (built when the nn layer
// is): conv 3x3 (16) - ReLU - max-pool 2 - conv 3x3 (32) - ReLU - max-pool 2 -
// dropout - dense 64 - ReLU - dense n_classes, trained with SGD + momentum on
// cross-entropy (class-weighted for ClassWeight::Balanced). It is a slimmer
// cousin of the cGAN blog's Keras CNN (conv 32 / conv 64 / dense 128), sized
// for a 2-core CPU. Threads follow smrt::num_threads().

#include <cstdint>
#include <memory>

#include "smrt/eval/classifier.h"

namespace smrt::eval {

struct CnnParams {
  int64_t epochs = 8;
  int64_t batch_size = 64;
  double learning_rate = 0.05;
  double momentum = 0.9;
  int64_t channels1 = 16, channels2 = 32, hidden = 64;
  double dropout = 0.25;
  ClassWeight class_weight = ClassWeight::None;
  uint64_t seed = 0;
};

/// True when this build has LibTorch (the CNN can be made).
bool cnn_available();

/// The CNN; a ParameterError when cnn_available() is false.
std::unique_ptr<Classifier> make_cnn(const CnnParams& params);

}  // namespace smrt::eval
