#include "smrt/nn/optimizer.h"

#include "smrt/core/error.h"

namespace smrt::nn {
namespace optim = torch::optim;

const std::vector<std::string>& learning_function_names() {
  static const std::vector<std::string> names{"sgd", "momentum", "nesterov", "adam", "rms_prop", "adagrad", "adadelta"};
  return names;
}

LearningFunction parse_learning_function(const std::string& name) {
  const auto& names = learning_function_names();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<LearningFunction>(i);
  if (name == "rmsprop") return LearningFunction::RmsProp;
  std::string allowed;
  for (const auto& n : names) allowed += (allowed.empty() ? "" : ", ") + n;
  throw ParameterError(msg("learning_function='", name, "' is not allowed; use one of {", allowed, "}"));
}

std::string to_string(LearningFunction f) { return learning_function_names()[static_cast<size_t>(f)]; }

namespace {

/// Re-seats `params` as views of one contiguous buffer, and their gradients
/// as views of one gradient buffer that autograd accumulates into in place.
/// Returns a tensor over the whole buffer whose grad() is the gradient
/// buffer: an optimiser (and clipping) then runs a handful of kernels for all
/// parameters instead of a handful per parameter, which is most of the cost
/// of a step for small networks.
torch::Tensor flatten(const std::vector<torch::Tensor>& params) {
  torch::NoGradGuard no_grad;
  int64_t total = 0;
  for (const auto& p : params) {
    SMRT_ASSERT(p.is_contiguous() && p.scalar_type() == torch::kFloat32, "flatten: float32 contiguous parameters only");
    total += p.numel();
  }
  auto flat = torch::empty({total}, torch::kFloat32);
  auto grad = torch::zeros({total}, torch::kFloat32);
  int64_t offset = 0;
  for (auto p : params) {
    const int64_t n = p.numel();
    flat.narrow(0, offset, n).copy_(p.reshape({-1}));
    std::vector<int64_t> strides(static_cast<size_t>(p.dim()), 1);
    for (int64_t d = p.dim() - 2; d >= 0; --d)
      strides[static_cast<size_t>(d)] = strides[static_cast<size_t>(d + 1)] * p.size(d + 1);
    const auto sizes = p.sizes().vec();
    p.set_(flat.storage(), offset, sizes, strides);
    p.mutable_grad() = grad.narrow(0, offset, n).view(sizes);
    offset += n;
  }
  flat.set_requires_grad(true);
  flat.mutable_grad() = grad;
  return flat;
}

template <typename Options>
std::vector<optim::OptimizerParamGroup> groups(const Options& with_decay, const Options& without,
                                               std::vector<torch::Tensor> decayed, std::vector<torch::Tensor> plain) {
  std::vector<optim::OptimizerParamGroup> out;
  if (!decayed.empty()) out.emplace_back(std::vector<torch::Tensor>{flatten(decayed)}, std::make_unique<Options>(with_decay));
  if (!plain.empty()) out.emplace_back(std::vector<torch::Tensor>{flatten(plain)}, std::make_unique<Options>(without));
  return out;
}

}  // namespace

std::unique_ptr<optim::Optimizer> make_optimizer(const OptimizerOptions& o, std::vector<torch::Tensor> decayed,
                                                 std::vector<torch::Tensor> plain) {
  SMRT_THROW_IF_NOT(ParameterError, o.learning_rate > 0.0, "learning_rate=", o.learning_rate, " must be > 0");
  SMRT_THROW_IF_NOT(ParameterError, o.l2_penalty >= 0.0, "l2_penalty=", o.l2_penalty, " must be >= 0");
  const double lr = o.learning_rate, l2 = o.l2_penalty;
  switch (o.learning_function) {
    case LearningFunction::Sgd:
    case LearningFunction::Momentum:
    case LearningFunction::Nesterov: {
      auto base = optim::SGDOptions(lr);
      if (o.learning_function != LearningFunction::Sgd) base.momentum(0.9);
      if (o.learning_function == LearningFunction::Nesterov) base.nesterov(true);
      auto decay = base;
      decay.weight_decay(l2);
      return std::make_unique<optim::SGD>(groups(decay, base, std::move(decayed), std::move(plain)), base);
    }
    case LearningFunction::Adam: {
      auto base = optim::AdamOptions(lr);
      auto decay = base;
      decay.weight_decay(l2);
      return std::make_unique<optim::Adam>(groups(decay, base, std::move(decayed), std::move(plain)), base);
    }
    case LearningFunction::RmsProp: {
      auto base = optim::RMSpropOptions(lr).alpha(0.9).eps(1e-10);
      auto decay = base;
      decay.weight_decay(l2);
      return std::make_unique<optim::RMSprop>(groups(decay, base, std::move(decayed), std::move(plain)), base);
    }
    case LearningFunction::Adagrad: {
      auto base = optim::AdagradOptions(lr).initial_accumulator_value(0.1);
      auto decay = base;
      decay.weight_decay(l2);
      return std::make_unique<optim::Adagrad>(groups(decay, base, std::move(decayed), std::move(plain)), base);
    }
    case LearningFunction::Adadelta: {
      auto base = AdadeltaOptions(lr);
      auto decay = base;
      decay.weight_decay(l2);
      return std::make_unique<Adadelta>(groups(decay, base, std::move(decayed), std::move(plain)), base);
    }
  }
  SMRT_ASSERT(false, "unhandled learning function");
  return nullptr;
}

Adadelta::Adadelta(std::vector<optim::OptimizerParamGroup> param_groups, AdadeltaOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<AdadeltaOptions>(defaults)) {}

torch::Tensor Adadelta::step(LossClosure closure) {
  torch::NoGradGuard no_grad;
  torch::Tensor loss;
  if (closure) {
    at::AutoGradMode enable_grad(true);
    loss = closure();
  }
  for (auto& group : param_groups_) {
    const auto& o = static_cast<const AdadeltaOptions&>(group.options());
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      auto grad = p.grad();
      if (o.weight_decay() != 0.0) grad = grad.add(p, o.weight_decay());
      auto& st = state_[p.unsafeGetTensorImpl()];
      if (!st.first.defined()) {
        st.first = torch::zeros_like(p);
        st.second = torch::zeros_like(p);
      }
      auto& square_avg = st.first;
      auto& acc_delta = st.second;
      square_avg.mul_(o.rho()).addcmul_(grad, grad, 1.0 - o.rho());
      auto delta = acc_delta.add(o.eps()).sqrt_().div_(square_avg.add(o.eps()).sqrt_()).mul_(grad);
      acc_delta.mul_(o.rho()).addcmul_(delta, delta, 1.0 - o.rho());
      p.add_(delta, -o.lr());
    }
  }
  return loss;
}

}  // namespace smrt::nn
