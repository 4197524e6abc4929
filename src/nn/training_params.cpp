#include "smrt/nn/training_params.h"

#include "smrt/core/class_index.h"
#include "smrt/core/error.h"

namespace smrt::nn {
namespace {

constexpr auto& spec = make_param_spec;  // short name for the tables below

}  // namespace

int64_t parse_early_stopping(const std::string& text) {
  if (text == "True" || text == "true") return 1;
  if (text == "False" || text == "false" || text == "None") return 0;
  auto v = parse_int64(text);
  SMRT_THROW_IF_NOT(ParameterError, v && *v >= 0, "early_stopping='", text,
                    "' is not allowed; use True, False or a number of epochs >= 0");
  return *v;
}

std::vector<ParamSpec> training_param_specs() {
  std::vector<ParamSpec> out;
  auto lf = spec("learning_function", ParamType::String, "rms_prop",
                 "Optimiser: sgd, momentum (0.9), nesterov (0.9), adam, rms_prop (decay 0.9), adagrad, adadelta.");
  lf.choices = learning_function_names();
  out.push_back(lf);
  auto lr = spec("learning_rate", ParamType::Float, "0.05", "Step size of the optimiser.");
  lr.min = 0.0;
  lr.min_exclusive = true;
  out.push_back(lr);
  auto epochs = spec("n_epochs", ParamType::Int, "20", "Full passes over the training rows.");
  epochs.min = 1;
  out.push_back(epochs);
  auto batch = spec("batch_size", ParamType::Int, "128", "Rows per gradient step.");
  batch.min = 1;
  out.push_back(batch);
  auto change = spec("min_change", ParamType::Float, "0.001",
                     "Early stopping: an epoch whose cost moved by at most this much counts as converged.");
  change.min = 0.0;
  out.push_back(change);
  out.push_back(spec("early_stopping", ParamType::String, "False",
                     "False, True (stop at the first converged epoch) or N (stop after N converged epochs in a "
                     "row); see min_change."));
  auto verbose = spec("verbose", ParamType::Int, "0",
                      "0 silent, 1 progress bar with the cost, 2 also 'Epoch: i, cost=...' every display_step.");
  verbose.min = 0;
  out.push_back(verbose);
  auto step = spec("display_step", ParamType::Int, "5", "Epochs between cost lines when verbose >= 2.");
  step.min = 1;
  out.push_back(step);
  out.push_back(spec("clip", ParamType::Bool, "True", "Clip every gradient value into [gclip_min, gclip_max]."));
  out.push_back(spec("gclip_min", ParamType::Float, "-5.0", "Lower gradient clipping bound (with clip)."));
  out.push_back(spec("gclip_max", ParamType::Float, "5.0", "Upper gradient clipping bound (with clip)."));
  auto l2 = spec("l2_penalty", ParamType::Float, "0.0001",
                 "L2 penalty l2 * sum(w^2) / 2 on the weights (not biases); None turns it off.");
  l2.min = 0.0;
  l2.nullable = true;
  out.push_back(l2);
  return out;
}

TrainingParams TrainingParams::from(const ParamValues& v) {
  TrainingParams p;
  p.optimizer.learning_function = parse_learning_function(v.get_string("learning_function"));
  p.optimizer.learning_rate = v.get_float("learning_rate");
  p.optimizer.l2_penalty = v.get_optional_float("l2_penalty").value_or(0.0);
  // 0: chosen by the caller from the data size (SMRT's n_epochs=None).
  p.train.n_epochs = v.is_none("n_epochs") ? 0 : v.get_int("n_epochs");
  p.train.batch_size = v.get_int("batch_size");
  p.train.min_change = v.get_float("min_change");
  p.train.early_stopping = parse_early_stopping(v.get_string("early_stopping"));
  p.train.verbose = v.get_int("verbose");
  p.train.display_step = v.get_int("display_step");
  p.train.clip = v.get_bool("clip");
  p.train.gclip_min = v.get_float("gclip_min");
  p.train.gclip_max = v.get_float("gclip_max");
  try {
    if (p.train.n_epochs != 0) p.train.validate();
  } catch (const ParameterError& e) {
    throw ParameterError(msg(v.owner(), ": ", e.what()));
  }
  return p;
}

}  // namespace smrt::nn
