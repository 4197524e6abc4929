#pragma once
// The three protocols of issue 6, each built from the seed documents:
//   a  SMRT notebook: MNIST 3 (minority) vs 8, ratio sweep, logistic regression
//   b  cGAN blog: Fashion-MNIST, three classes cut to 100 images, a CNN
//   c  SMate paper: Fashion-MNIST, one class cut to 10%, a full-data reference
// Quick versions (the demo's) use fewer seeds, ratios, images and epochs;
// every size is listed in the experiment's settings, so the report shows it.

#include <string>
#include <vector>

#include "smrt/eval/experiment.h"
#include "smrt/eval/param_overrides.h"

namespace smrt::eval {

enum class Scale { Tiny, Quick, Full };  ///< Tiny: seconds, for tests
const char* to_string(Scale s);

struct ProtocolOptions {
  Scale scale = Scale::Full;
  int seeds = 0;            ///< 0: the scale's default (5 for Full)
  std::string data_dir;     ///< empty: data_dir()
  uint64_t base_seed = 0;
  /// Sampler parameters set on top of the scale's budget (--param METHOD.key=value).
  std::vector<ParamOverride> params;
  /// Only these methods (--methods): table labels (any case) or sampler names; empty: all.
  std::vector<std::string> methods;
  /// Image protocols (b, c) between quick and full: training images per
  /// untouched class (c: per class before the cut) and CNN epochs; 0: the scale's.
  int64_t per_class = 0;
  int64_t cnn_epochs = 0;
};

Experiment protocol_a(const ProtocolOptions& options);
Experiment protocol_b(const ProtocolOptions& options);
Experiment protocol_c(const ProtocolOptions& options);
/// By id: "a", "b" or "c"; anything else is a ParameterError.
Experiment make_protocol(const std::string& id, const ProtocolOptions& options);

/// The classifier the image protocols use: the small CNN when this build
/// has LibTorch, else logistic regression (the settings say which).
std::string image_classifier_name();

}  // namespace smrt::eval
