#pragma once
// The plain option structs of the neural layer (optimiser and training loop),
// without LibTorch: the public headers that only carry parameters
// (training_params.h, and through it generative/autoencoder.h) include this,
// so a file that configures a model does not parse torch/torch.h (about 20 s
// of compile time per file; docs/architecture.md, "Build time").
// optimizer.h and trainer.h hold what needs torch.

#include <cstdint>
#include <string>
#include <vector>

namespace smrt::nn {

enum class LearningFunction { Sgd, Momentum, Nesterov, Adam, RmsProp, Adagrad, Adadelta };

/// "sgd", "momentum", "nesterov", "adam", "rms_prop", "adagrad", "adadelta".
const std::vector<std::string>& learning_function_names();
/// Throws ParameterError naming learning_function and the allowed values.
LearningFunction parse_learning_function(const std::string& name);
std::string to_string(LearningFunction f);

struct OptimizerOptions {
  LearningFunction learning_function = LearningFunction::RmsProp;
  double learning_rate = 0.05;
  /// L2 penalty on `decayed` parameters: adds l2 * w to their gradient, the
  /// gradient of the notebook's l2 * sum(w^2) / 2 term.
  double l2_penalty = 1e-4;  ///< the notebook's DEFAULT_L2
};

struct TrainOptions {
  int64_t n_epochs = 20;
  int64_t batch_size = 128;
  /// 0: off. N >= 1: stop once N epochs in a row changed the cost by at most
  /// min_change (the notebook's early_stopping=True is N = 1).
  int64_t early_stopping = 0;
  double min_change = 1e-3;
  /// 0 silent; 1 progress bar and a summary; 2 also "Epoch: i, cost=..."
  /// every display_step epochs (the notebook's verbose=2).
  int64_t verbose = 0;
  int64_t display_step = 5;
  bool clip = true;  ///< clip each gradient value into [gclip_min, gclip_max]
  double gclip_min = -5.0;
  double gclip_max = 5.0;
  /// > 0: after value clipping, scale every gradient down so that their
  /// global L2 norm is at most this (not a user parameter; the VAE sets it).
  double max_grad_norm = 0.0;
  bool shuffle = true;  ///< new batch order every epoch
  std::string label = "training";
  /// Throws ParameterError naming the first bad value.
  void validate() const;
};

struct TrainHistory {
  std::vector<double> epoch_costs;  ///< mean batch cost per epoch
  std::vector<double> epoch_times;  ///< seconds per epoch
  bool stopped_early = false;
};

}  // namespace smrt::nn
