#pragma once
// The SMRT notebook's training parameters, declared once (name, default,
// range, doc) for every neural method: AutoEncoder, VariationalAutoEncoder,
// SMRT and the GAN samplers built on this layer.

#include <vector>

#include "smrt/core/params.h"
#include "smrt/nn/options.h"  // not optimizer.h / trainer.h: no LibTorch here

namespace smrt::nn {

/// learning_function, learning_rate, n_epochs, batch_size, min_change,
/// early_stopping, verbose, display_step, clip, gclip_min, gclip_max,
/// l2_penalty, with the notebook's defaults.
std::vector<ParamSpec> training_param_specs();

struct TrainingParams {
  OptimizerOptions optimizer;
  TrainOptions train;

  /// Reads the values declared by training_param_specs(); errors name the
  /// parameter, the value and what is allowed.
  static TrainingParams from(const ParamValues& values);
};

/// early_stopping accepts the notebook's booleans and a patience:
/// False/0 -> 0, True -> 1, N -> N.
int64_t parse_early_stopping(const std::string& text);

}  // namespace smrt::nn
