#include "smrt/generative/autoencoder.h"

#include <torch/torch.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <numeric>
#include <optional>

#include "autoencoder_net.h"
#include "smrt/core/dataset.h"
#include "smrt/core/error.h"
#include "smrt/core/memory.h"
#include "smrt/core/rng.h"
#include "smrt/nn/checkpoint.h"
#include "smrt/nn/runtime.h"
#include "smrt/nn/scaler.h"
#include "smrt/nn/trainer.h"

namespace smrt {

// Rows per forward pass outside training: bounds memory on large inputs.
constexpr int64_t kInferenceChunk = 8192;

// The VAE's latent mean and log sigma are linear heads on a wide hidden layer:
// one SGD step moves them by about learning_rate x gradient x |h|^2 (|h|^2 is
// ~225 for 900 sigmoid units), and exp(2 log sigma) in the KL term turns one
// overshoot into inf within a few epochs (the notebook's v_encoder, SGD at
// 0.075, did exactly that: log sigma 14 after the first step). Capping the
// global gradient norm bounds every step; 50 rarely binds once training has
// settled (gradient norms 15-45 on MNIST threes). docs/neural.md.
constexpr double kVaeMaxGradNorm = 50.0;

struct BaseAutoEncoder::Impl {
  AutoEncoderParams params;
  bool variational = false;
  bool fitted = false;
  detail::Architecture arch;
  nn::FeatureScaler scaler;
  mutable detail::AutoEncoderNet net{nullptr};  // eval-mode forward passes in const methods
  std::vector<double> epoch_costs;
  uint64_t seed = 0;
  uint64_t generate_calls = 0;  // generation call k draws from Rng(seed, 1 + k)
  int32_t condition = -1;       // conditional models: the class encoded and generated
  std::vector<std::string> feature_names;  // empty: unknown
  std::map<std::string, std::string> param_text;  // the parameters as given at fit (model file "params"); may be empty
  // The shape of the samples fit was given ({d}, {H, W} or {C, H, W}): what generated rows are shaped
  // to, whatever the network's {C, H, W} (arch.sample_shape).
  std::vector<int64_t> input_shape;
  // The training data's smallest and largest value; unknown (nullopt) in files written before it was kept.
  std::optional<std::array<float, 2>> value_range;

  /// n one-hot rows of `condition` (an undefined tensor for unconditional models).
  torch::Tensor condition_rows(int64_t n) const {
    if (arch.n_conditions == 0) return {};
    auto c = torch::zeros({n, arch.n_conditions}, torch::kFloat32);
    c.select(1, condition).fill_(1.0f);
    return c;
  }
  std::pair<torch::Tensor, torch::Tensor> encode(const torch::Tensor& x) const {
    return net->encode(x, condition_rows(x.size(0)));
  }
  torch::Tensor decode(const torch::Tensor& z) const { return net->decode(z, condition_rows(z.size(0))); }

  std::string name() const { return variational ? "VariationalAutoEncoder" : "AutoEncoder"; }

  void check_fitted() const {
    SMRT_THROW_IF_NOT(Error, fitted, name(), " is not fitted; call fit() or load a model first");
  }
  void check_width(const MatrixView& X, int64_t expected, const char* what) const {
    SMRT_THROW_IF_NOT(DataError, X.n_cols == expected, name(), ": ", what, " has ", X.n_cols,
                      " columns but the model expects ", expected);
  }

  /// Reconstruction cost of a scaled batch, summed over features, mean over rows.
  torch::Tensor reconstruction_cost(const torch::Tensor& out, const torch::Tensor& x) const {
    const double rows = static_cast<double>(x.size(0));
    if (scaler.unit_range()) {
      const double e = params.eps;
      auto p = e > 0 ? out.clamp(e, 1.0 - e) : out;
      return torch::binary_cross_entropy(p, x, {}, torch::Reduction::Sum) / rows;
    }
    return (out - x).pow(2).sum() / rows;
  }

  /// `batch`: scaled rows, then (conditional models) their one-hot classes.
  torch::Tensor loss(const torch::Tensor& batch, torch::Generator& gen) {
    const torch::Tensor x = arch.n_conditions > 0 ? batch.narrow(1, 0, arch.n_features) : batch;
    const torch::Tensor c = arch.n_conditions > 0 ? batch.narrow(1, arch.n_features, arch.n_conditions) : torch::Tensor();
    auto [code, log_sigma] = net->encode(x, c);
    if (!variational) return reconstruction_cost(net->decode(code), x);
    // Reparameterisation: z = mu + e * sigma, e ~ N(0, I) from the model's generator.
    auto noise = at::randn(log_sigma.sizes(), gen, log_sigma.options());
    auto z = code + noise * log_sigma.exp();
    auto kl = -0.5 * (1 + 2 * log_sigma - code.pow(2) - (2 * log_sigma).exp()).sum() / static_cast<double>(x.size(0));
    return reconstruction_cost(net->decode(z, c), x) + kl;
  }

  /// Applies `fn` to scaled chunks of X without gradients; gathers the results.
  template <typename Fn>
  torch::Tensor map_chunks(const MatrixView& X, Fn fn) const {
    torch::NoGradGuard no_grad;
    net->eval();
    std::vector<torch::Tensor> parts;
    for (int64_t lo = 0; lo < X.n_rows; lo += kInferenceChunk) {
      const int64_t len = std::min(kInferenceChunk, X.n_rows - lo);
      MatrixView chunk{X.row(lo), len, X.n_cols};
      parts.push_back(fn(scaler.transform(nn::to_tensor(chunk))));
    }
    if (parts.empty()) return torch::Tensor();
    return torch::cat(parts, 0);
  }

  Matrix reconstruct(const MatrixView& X) const {
    auto out = map_chunks(X, [&](const torch::Tensor& x) { return decode(encode(x).first); });
    if (!out.defined()) return Matrix(0, X.n_cols);
    return nn::to_matrix(scaler.inverse_transform(out));
  }

  Matrix decode_latent(const torch::Tensor& z) const {
    torch::NoGradGuard no_grad;
    net->eval();
    std::vector<torch::Tensor> parts;
    for (int64_t lo = 0; lo < z.size(0); lo += kInferenceChunk)
      parts.push_back(decode(z.narrow(0, lo, std::min(kInferenceChunk, z.size(0) - lo))));
    if (parts.empty()) return Matrix(0, arch.n_features);
    const torch::Tensor rows = scaler.inverse_transform(torch::cat(parts, 0));
    // Codes far from the prior (a huge loc or scale, or Z) overflow float32 in
    // the decoder: an error, not rows of inf and NaN.
    SMRT_THROW_IF_NOT(DataError, torch::isfinite(rows).all().item<bool>(), name(),
                      ": decoding gave values beyond float32's range: the latent codes lie too far from the "
                      "prior N(0, 1) (lower generate_args' loc or scale, or the codes given to decode)");
    return nn::to_matrix(rows);
  }

  /// A (n x n_latent) tensor of Normal(loc, scale) draws from the next generation stream.
  torch::Tensor latent_noise(int64_t n, const GenerateArgs& args) {
    args.validate("generate_args");
    Rng rng(seed, 1 + generate_calls++);
    auto z = torch::empty({n, arch.n_latent}, torch::kFloat32);
    float* p = z.data_ptr<float>();
    for (int64_t i = 0; i < n * arch.n_latent; ++i) p[i] = static_cast<float>(args.loc + args.scale * rng.normal());
    return z;
  }
};

BaseAutoEncoder::BaseAutoEncoder(AutoEncoderParams params, bool variational) : impl_(std::make_unique<Impl>()) {
  params.validate(variational);
  impl_->params = std::move(params);
  impl_->variational = variational;
}
BaseAutoEncoder::~BaseAutoEncoder() = default;
BaseAutoEncoder::BaseAutoEncoder(BaseAutoEncoder&&) noexcept = default;
BaseAutoEncoder& BaseAutoEncoder::operator=(BaseAutoEncoder&&) noexcept = default;

namespace {

std::vector<int64_t> normalise_shape(const std::vector<int64_t>& shape, int64_t n_cols, const std::string& owner) {
  if (shape.empty()) return {n_cols};
  // More axes were refused as "sample_shape of 4 dimensions with 784 values does not describe rows of 784 values".
  if (shape.size() > 3) {
    std::string text;
    for (int64_t s : shape) text += (text.empty() ? "" : " x ") + std::to_string(s);
    throw DataError(msg(owner, ": samples of shape ", text, " have ", shape.size(),
                        " axes; give images as N x H x W or N x C x H x W"));
  }
  int64_t product = 1;
  for (int64_t s : shape) product *= s;
  SMRT_THROW_IF_NOT(DataError, product == n_cols, owner, ": sample_shape of ", shape.size(), " dimensions with ",
                    product, " values does not describe rows of ", n_cols, " values");
  if (shape.size() == 2) return {1, shape[0], shape[1]};
  return shape;
}

/// Dense weights of the network `a` describes (the conv layers, small, left
/// out): a lower bound on its weights. A conv model's dense layers start from
/// the encoded image, which may be smaller than the image.
double dense_weights(const detail::Architecture& a) {
  double w = 0.0;
  double in = static_cast<double>(a.n_features);
  if (a.conv && a.sample_shape.size() == 3 && !a.conv_channels.empty() && a.conv_channels.size() < 16) {
    nn::ConvOptions conv;
    conv.image_shape = a.sample_shape;
    conv.channels = a.conv_channels;
    in = static_cast<double>(conv.encoded_size());
  }
  for (int64_t h : a.hidden) {
    w += (in + 1.0) * static_cast<double>(h);
    in = static_cast<double>(h);
  }
  w *= 2.0;  // the decoder mirrors the encoder
  if (a.variational())  // mean and log-sigma heads, and the decoder's first layer
    w += 3.0 * (static_cast<double>(a.hidden.back()) + 1.0) * static_cast<double>(a.n_latent);
  return w;
}

/// Refuses a network or batch the machine cannot hold, before LibTorch
/// allocates it: n_hidden=100000000 or n_latent_factors=1e9 would otherwise
/// fail deep in its allocator or start a 12 GB allocation.
void check_fit_memory(const detail::Architecture& a, const MatrixView& X, int64_t batch_size, const std::string& name) {
  const double weights = dense_weights(a);
  double widest = static_cast<double>(std::max(a.n_features, a.n_latent));
  for (int64_t h : a.hidden) widest = std::max(widest, static_cast<double>(h));
  // float32 weights, their gradients and two optimiser moments (Adam, RMSprop's
  // one with room to spare); the scaled copy of X; a batch's widest activation
  // kept for the backward pass in a few forms (pre- and post-activation, gradient).
  const double bytes = 4.0 * (4.0 * weights + static_cast<double>(X.n_rows) * static_cast<double>(X.n_cols) +
                              4.0 * static_cast<double>(std::min(batch_size, X.n_rows)) * widest);
  std::string hidden;
  for (int64_t h : a.hidden) hidden += (hidden.empty() ? "" : ",") + std::to_string(h);
  check_memory(bytes, msg(name, " with n_hidden=[", hidden, "]",
                          a.variational() ? msg(" and ", a.n_latent, " latent factors") : std::string(), " (",
                          weights, " weights) on ", X.n_rows, " rows x ", X.n_cols, " features"));
}

/// A conditional VAE's training rows: every class drawn to the same count
/// (the largest class's, at most kMaxRowsPerClass), rows cycled in a shuffled
/// order, so a 37-row class weighs as much as a 744-row one.
constexpr int64_t kMaxRowsPerClass = 32768;

std::vector<int64_t> balanced_rows(const std::vector<int32_t>& class_ids, int32_t n_classes, Rng& rng) {
  std::vector<std::vector<int64_t>> rows(static_cast<size_t>(n_classes));
  for (size_t i = 0; i < class_ids.size(); ++i) rows[static_cast<size_t>(class_ids[i])].push_back(static_cast<int64_t>(i));
  int64_t largest = 0;
  for (const auto& r : rows) largest = std::max<int64_t>(largest, static_cast<int64_t>(r.size()));
  const int64_t per_class = std::min(largest, kMaxRowsPerClass);
  std::vector<int64_t> out;
  for (auto& r : rows) {
    if (r.empty()) continue;
    shuffle(r.data(), static_cast<int64_t>(r.size()), rng);
    for (int64_t k = 0; k < per_class; ++k) out.push_back(r[static_cast<size_t>(k) % r.size()]);
  }
  return out;
}

}  // namespace

int64_t VariationalAutoEncoder::conditional_training_rows(const std::vector<int64_t>& class_counts) {
  int64_t largest = 0, present = 0;
  for (int64_t c : class_counts) {
    largest = std::max(largest, c);
    present += c > 0;
  }
  return present * std::min(largest, kMaxRowsPerClass);
}

BaseAutoEncoder& BaseAutoEncoder::fit(const MatrixView& X, const std::vector<int64_t>& sample_shape) {
  return fit_rows(X, sample_shape, nullptr, 0);
}

VariationalAutoEncoder& VariationalAutoEncoder::fit_conditional(const MatrixView& X,
                                                                const std::vector<int32_t>& class_ids,
                                                                int32_t n_classes,
                                                                const std::vector<int64_t>& sample_shape) {
  SMRT_THROW_IF_NOT(DataError, static_cast<int64_t>(class_ids.size()) == X.n_rows && n_classes >= 1,
                    "VariationalAutoEncoder: fit_conditional needs one class id per row (", class_ids.size(),
                    " ids for ", X.n_rows, " rows)");
  for (int32_t c : class_ids)
    SMRT_THROW_IF_NOT(DataError, c >= 0 && c < n_classes, "VariationalAutoEncoder: class id ", c,
                      " is outside [0, ", n_classes, ")");
  fit_rows(X, sample_shape, &class_ids, n_classes);
  return *this;
}

VariationalAutoEncoder VariationalAutoEncoder::for_class(int32_t class_id) const {
  impl_->check_fitted();
  SMRT_THROW_IF_NOT(ParameterError, impl_->arch.n_conditions > 0, "VariationalAutoEncoder: for_class needs a model "
                    "fitted with fit_conditional");
  SMRT_THROW_IF_NOT(ParameterError, class_id >= 0 && class_id < impl_->arch.n_conditions,
                    "VariationalAutoEncoder: class id ", class_id, " is outside [0, ", impl_->arch.n_conditions, ")");
  VariationalAutoEncoder out = with_generation_seed(impl_->seed);  // the same network and seed, counted from 0
  out.impl_->condition = class_id;
  return out;
}

VariationalAutoEncoder VariationalAutoEncoder::with_generation_seed(uint64_t seed) const {
  impl_->check_fitted();
  VariationalAutoEncoder out(impl_->params);
  *out.impl_ = *impl_;  // shares the network: the weights are read-only from here on
  out.impl_->seed = seed;
  out.impl_->generate_calls = 0;
  return out;
}

int32_t VariationalAutoEncoder::condition() const { return impl_->arch.n_conditions > 0 ? impl_->condition : -1; }

BaseAutoEncoder& BaseAutoEncoder::fit_rows(const MatrixView& X, const std::vector<int64_t>& sample_shape,
                                           const std::vector<int32_t>* class_ids, int32_t n_classes) {
  Impl& m = *impl_;
  const AutoEncoderParams& p = m.params;
  SMRT_THROW_IF_NOT(DataError, X.n_rows >= 1 && X.n_cols >= 1, m.name(), ": fit needs at least one row and column, got ",
                    X.n_rows, " x ", X.n_cols);
  const int64_t total = checked_size(X.n_rows, X.n_cols);
  for (int64_t i = 0; i < total; ++i)
    SMRT_THROW_IF_NOT(DataError, std::isfinite(X.data[i]), m.name(), ": value at row ", i / X.n_cols, ", column ",
                      i % X.n_cols, " is not finite");
  nn::init_torch();
  m.feature_names.clear();  // a refit may see other columns

  detail::Architecture a;
  a.n_features = X.n_cols;
  a.sample_shape = normalise_shape(sample_shape, X.n_cols, m.name());
  const bool image = a.sample_shape.size() == 3;
  a.conv = p.architecture == "conv";
  SMRT_THROW_IF_NOT(ParameterError, !a.conv || image, m.name(),
                    ": architecture=conv needs image data (N x H x W or N x C x H x W); this data is a table of ",
                    X.n_cols, " columns");
  if (a.conv) check_channels_first(sample_shape, m.name());  // a dense network reads no axes
  a.conv_channels = p.conv_channels;
  a.n_conditions = class_ids ? n_classes : 0;
  a.activation = nn::parse_activation(p.activation_function);
  a.layer_type = nn::parse_layer_type(p.layer_type);
  a.bias_strategy = nn::parse_bias_strategy(p.bias_strategy);
  a.keep_prob = p.dropout;
  m.scaler = nn::FeatureScaler::fit(X, image);
  m.input_shape = sample_shape.empty() ? std::vector<int64_t>{X.n_cols} : sample_shape;
  {
    const auto [lo, hi] = std::minmax_element(X.data, X.data + total);  // X is finite (checked above)
    m.value_range = std::array<float, 2>{*lo, *hi};
  }
  a.output_activation = m.scaler.unit_range() ? nn::Activation::Sigmoid : nn::Activation::Identity;
  a.hidden = p.n_hidden;
  if (a.hidden.empty())
    a.hidden = {std::max<int64_t>(2, std::llround(0.6 * static_cast<double>(X.n_cols)))};
  if (m.variational) {
    if (!p.n_latent_factors) a.n_latent = std::max<int64_t>(2, a.hidden.back() / 2);
    else if (*p.n_latent_factors < 1.0)
      a.n_latent = std::max<int64_t>(2, std::llround(*p.n_latent_factors * static_cast<double>(X.n_cols)));
    else a.n_latent = static_cast<int64_t>(*p.n_latent_factors);
  }
  if (a.conv) {
    nn::ConvOptions c;
    c.image_shape = a.sample_shape;
    c.channels = a.conv_channels;
    try {
      c.validate();
    } catch (const ParameterError& e) {
      throw ParameterError(msg(m.name(), ": ", e.what()));
    }
  }

  check_fit_memory(a, X, p.training.train.batch_size, m.name());

  m.seed = resolve_seed(p.random_state);
  Rng rng(m.seed);
  torch::Generator gen = nn::make_generator(rng);
  m.arch = a;
  m.net = detail::AutoEncoderNet(a, gen);
  m.net->train();
  nn::OptimizerOptions opt = p.training.optimizer;
  auto optimizer = nn::make_optimizer(opt, m.net->weights(), m.net->biases());
  nn::TrainOptions train = p.training.train;
  train.label = m.name();
  if (m.variational) train.max_grad_norm = kVaeMaxGradNorm;
  torch::Tensor data = m.scaler.transform(nn::to_tensor(X));
  if (class_ids) {
    Rng draw(m.seed, 0xba1a);
    const std::vector<int64_t> rows = balanced_rows(*class_ids, n_classes, draw);
    auto index = torch::tensor(rows, torch::kLong);
    auto ids = torch::tensor(std::vector<int64_t>(class_ids->begin(), class_ids->end()), torch::kLong);
    data = torch::cat({data.index_select(0, index),
                       torch::one_hot(ids.index_select(0, index), n_classes).to(torch::kFloat32)}, 1);
  }
  data = data.contiguous();
  nn::Trainer trainer(train);
  auto history = trainer.fit(
      data, [&](const torch::Tensor& batch) { return m.loss(batch, gen); }, *optimizer, rng);
  m.epoch_costs = std::move(history.epoch_costs);
  m.generate_calls = 0;
  m.condition = class_ids ? 0 : -1;
  m.fitted = true;
  m.net->eval();
  return *this;
}

Matrix BaseAutoEncoder::feed_forward(const MatrixView& X) const {
  impl_->check_fitted();
  impl_->check_width(X, impl_->arch.n_features, "X");
  return impl_->reconstruct(X);
}

Matrix BaseAutoEncoder::encode(const MatrixView& X) const {
  impl_->check_fitted();
  impl_->check_width(X, impl_->arch.n_features, "X");
  auto out = impl_->map_chunks(X, [&](const torch::Tensor& x) { return impl_->encode(x).first; });
  if (!out.defined()) return Matrix(0, impl_->arch.code_size());
  return nn::to_matrix(out);
}

std::vector<double> BaseAutoEncoder::reconstruction_error(const MatrixView& X) const {
  const Matrix rec = feed_forward(X);
  std::vector<double> out(static_cast<size_t>(X.n_rows), 0.0);
  for (int64_t i = 0; i < X.n_rows; ++i) {
    double sum = 0.0;
    for (int64_t j = 0; j < X.n_cols; ++j) {
      const double diff = static_cast<double>(X(i, j)) - rec(i, j);
      sum += diff * diff;
    }
    out[static_cast<size_t>(i)] = sum / static_cast<double>(X.n_cols);
  }
  return out;
}

bool BaseAutoEncoder::is_fitted() const { return impl_->fitted; }
const std::vector<double>& BaseAutoEncoder::epoch_costs() const { return impl_->epoch_costs; }
uint64_t BaseAutoEncoder::seed() const { return impl_->seed; }
int64_t BaseAutoEncoder::n_features() const { return impl_->arch.n_features; }
const std::vector<int64_t>& BaseAutoEncoder::sample_shape() const { return impl_->arch.sample_shape; }
const std::vector<int64_t>& BaseAutoEncoder::input_shape() const { return impl_->input_shape; }
std::optional<std::array<float, 2>> BaseAutoEncoder::value_range() const { return impl_->value_range; }
const AutoEncoderParams& BaseAutoEncoder::params() const { return impl_->params; }
const std::vector<std::string>& BaseAutoEncoder::feature_names() const { return impl_->feature_names; }

std::map<std::string, std::string> BaseAutoEncoder::param_text() const {
  impl_->check_fitted();
  const Impl& m = *impl_;
  if (!m.param_text.empty()) return m.param_text;
  // Not given (a model SMRT fitted, or a file without them): what the network shows.
  ParamMap shown{{"n_hidden", m.arch.hidden},
                 {"activation_function", nn::to_string(m.arch.activation)},
                 {"layer_type", nn::to_string(m.arch.layer_type)},
                 {"bias_strategy", nn::to_string(m.arch.bias_strategy)},
                 {"dropout", m.arch.keep_prob},
                 {"architecture", std::string(m.arch.conv ? "conv" : "dense")},
                 {"learning_function", nn::to_string(m.params.training.optimizer.learning_function)}};
  if (m.arch.conv) shown["conv_channels"] = m.arch.conv_channels;
  if (m.variational) {
    shown["n_latent_factors"] = m.arch.n_latent;
    shown["eps"] = m.params.eps;
  }
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : shown) out[name] = smrt::param_text(value);
  return out;
}

void BaseAutoEncoder::set_param_text(std::map<std::string, std::string> text) { impl_->param_text = std::move(text); }

void BaseAutoEncoder::set_feature_names(std::vector<std::string> names) {
  impl_->check_fitted();
  SMRT_THROW_IF_NOT(ParameterError, names.empty() || static_cast<int64_t>(names.size()) == n_features(),
                    impl_->name(), ": ", names.size(), " feature names for ", n_features(), " features");
  impl_->feature_names = std::move(names);
}

std::string BaseAutoEncoder::to_bytes() const {
  impl_->check_fitted();
  const Impl& m = *impl_;
  nlohmann::json header;
  header["class"] = m.name();
  header["architecture"] = m.arch.to_json();
  header["scaling"] = m.scaler.to_json();
  header["eps"] = m.params.eps;
  header["seed"] = std::to_string(m.seed);
  header["generate_calls"] = m.generate_calls;
  header["epoch_costs"] = m.epoch_costs;
  header["learning_function"] = nn::to_string(m.params.training.optimizer.learning_function);
  if (m.arch.n_conditions > 0) header["condition"] = m.condition;
  if (!m.feature_names.empty()) header["feature_names"] = m.feature_names;
  if (!m.param_text.empty()) header["params"] = m.param_text;
  header["input_shape"] = m.input_shape;
  if (m.value_range) header["value_range"] = {(*m.value_range)[0], (*m.value_range)[1]};
  return nn::model_bytes(header, *m.net);
}

void BaseAutoEncoder::save(const std::string& path) const { nn::write_model_bytes(path, to_bytes()); }

AutoEncoder::AutoEncoder(AutoEncoderParams params) : BaseAutoEncoder(std::move(params), false) {}
VariationalAutoEncoder::VariationalAutoEncoder(AutoEncoderParams params) : BaseAutoEncoder(std::move(params), true) {}

std::unique_ptr<BaseAutoEncoder> load_autoencoder(const std::string& path) {
  return load_autoencoder(nn::read_model(path));
}

namespace {

/// What a file without "input_shape" generates: its network shape, a single channel dropped ({1, H, W} ->
/// {H, W}), as `smrt generate` and Python wrote such files' rows before the shape fit was given was kept.
std::vector<int64_t> legacy_input_shape(const std::vector<int64_t>& network_shape) {
  if (network_shape.size() == 3 && network_shape[0] == 1) return {network_shape[1], network_shape[2]};
  return network_shape;
}

}  // namespace

std::unique_ptr<BaseAutoEncoder> load_autoencoder(const nn::ModelFile& file) {
  const std::string& path = file.path;
  const std::string cls = file.header.value("class", std::string("?"));
  std::unique_ptr<BaseAutoEncoder> model;
  if (cls == "AutoEncoder") model = std::make_unique<AutoEncoder>();
  else if (cls == "VariationalAutoEncoder") model = std::make_unique<VariationalAutoEncoder>();
  else throw IoError(msg(path, ": the file holds a ", cls, ", not an AutoEncoder or VariationalAutoEncoder"));
  auto& m = *model->impl_;
  try {
    m.arch = detail::Architecture::from_json(file.header.at("architecture"));
    m.scaler = nn::FeatureScaler::from_json(file.header.at("scaling"));
    m.params.eps = file.header.at("eps").get<double>();
    // Whole decimal digits only: std::stoull threw std::invalid_argument past the
    // catch below on a mangled seed (model fuzz target, corpus/model/crash-seed-not-a-number).
    const std::string seed = file.header.at("seed").get<std::string>();
    const auto [end, ec] = std::from_chars(seed.data(), seed.data() + seed.size(), m.seed);
    SMRT_THROW_IF_NOT(IoError, ec == std::errc() && end == seed.data() + seed.size() && !seed.empty(), path,
                      ": the model header's seed '", seed, "' is not a whole number below 2^64");
    m.generate_calls = nn::whole_numbers(file.header.at("generate_calls"), "generate_calls", false).get<uint64_t>();
    m.epoch_costs = file.header.at("epoch_costs").get<std::vector<double>>();
    if (m.arch.n_conditions > 0)
      m.condition = nn::whole_numbers(file.header.at("condition"), "condition", false).get<int32_t>();
    if (file.header.contains("feature_names"))
      m.feature_names = file.header.at("feature_names").get<std::vector<std::string>>();
    if (file.header.contains("learning_function"))
      m.params.training.optimizer.learning_function =
          nn::parse_learning_function(file.header.at("learning_function").get<std::string>());
    m.input_shape = file.header.contains("input_shape")
                        ? nn::whole_numbers(file.header.at("input_shape"), "input_shape", true).get<std::vector<int64_t>>()
                        : legacy_input_shape(m.arch.sample_shape);
    if (file.header.contains("value_range")) {
      const auto r = file.header.at("value_range").get<std::vector<float>>();
      SMRT_THROW_IF_NOT(IoError, r.size() == 2 && std::isfinite(r[0]) && std::isfinite(r[1]) && r[0] <= r[1], path,
                        ": the model header's value_range is not a range of two finite values");
      m.value_range = std::array<float, 2>{r[0], r[1]};
    }
    if (file.header.contains("params")) {  // checked as a fit would check them (files before 0.16 have none)
      m.param_text = file.header.at("params").get<std::map<std::string, std::string>>();
      ParamValues::resolve(cls, AutoEncoderParams::specs(m.variational), m.param_text);
    }
  } catch (const nlohmann::json::exception& e) {
    throw IoError(msg(path, ": the model header is incomplete (", e.what(), ")"));
  } catch (const ParameterError& e) {
    throw IoError(msg(path, ": the model header is invalid (", e.what(), ")"));
  } catch (const IoError& e) {  // the architecture's and the scaling's own checks, which do not know the file
    const std::string what = e.what();
    if (what.rfind(path + ": ", 0) == 0) throw;
    throw IoError(msg(path, ": ", what));
  }
  // The fields against each other, before anything is built or shaped from them.
  SMRT_THROW_IF_NOT(IoError, m.arch.variational() == m.variational, path, ": header class ", cls,
                    " does not match its architecture");
  file.expect_sample_shape(m.arch.sample_shape, {1, 3}, static_cast<double>(m.arch.n_features), "the model header's",
                           msg("rows of its n_features ", m.arch.n_features, " values"));
  {
    std::string text;
    double product = 1.0;  // a double: a damaged header's sizes may overflow int64
    for (int64_t s : m.input_shape) {
      text += (text.empty() ? "" : ", ") + std::to_string(s);
      product *= s >= 1 ? static_cast<double>(s) : std::nan("");
    }
    SMRT_THROW_IF_NOT(IoError, m.input_shape.size() >= 1 && m.input_shape.size() <= 3 &&
                                   product == static_cast<double>(m.arch.n_features),
                      path, ": the model header's input_shape [", text, "] does not describe rows of its n_features ",
                      m.arch.n_features, " values");
  }
  if (m.arch.conv) {
    nn::ConvOptions conv;
    conv.image_shape = m.arch.sample_shape;
    conv.channels = m.arch.conv_channels;
    try {
      conv.validate();
    } catch (const ParameterError& e) {
      throw IoError(msg(path, ": the model header's convolutional architecture is invalid (", e.what(), ")"));
    }
  }
  SMRT_THROW_IF_NOT(IoError, m.arch.n_conditions == 0 || (m.condition >= 0 && m.condition < m.arch.n_conditions),
                    path, ": the model header's condition ", m.condition, " is not a class of its ",
                    m.arch.n_conditions);
  SMRT_THROW_IF_NOT(IoError, m.feature_names.empty() || static_cast<int64_t>(m.feature_names.size()) == m.arch.n_features,
                    path, ": the header names ", m.feature_names.size(), " features but the architecture has ",
                    m.arch.n_features);
  SMRT_THROW_IF_NOT(IoError, m.scaler.n_features() == m.arch.n_features, path, ": scaling covers ",
                    m.scaler.n_features(), " features but the architecture has ", m.arch.n_features);
  file.expect_weights(dense_weights(m.arch), "a " + cls);
  nn::init_torch();
  Rng rng(0);
  try {
    m.net = detail::AutoEncoderNet(m.arch, nn::make_generator(rng));
  } catch (const c10::Error& e) {  // what the checks above let through
    const std::string what = e.what_without_backtrace();
    throw IoError(msg(path, ": the header describes a network that cannot be built (", what.substr(0, what.find('\n')),
                      ")"));
  }
  file.load_into(*m.net);
  m.net->eval();
  m.fitted = true;
  return model;
}

AutoEncoder AutoEncoder::load(const std::string& path) {
  nn::read_model(path).expect_class("AutoEncoder");
  auto model = load_autoencoder(path);
  return std::move(static_cast<AutoEncoder&>(*model));
}

VariationalAutoEncoder VariationalAutoEncoder::load(const std::string& path) {
  nn::read_model(path).expect_class("VariationalAutoEncoder");
  auto model = load_autoencoder(path);
  return std::move(static_cast<VariationalAutoEncoder&>(*model));
}

Matrix VariationalAutoEncoder::generate(int64_t n, const GenerateArgs& args) {
  impl_->check_fitted();
  SMRT_THROW_IF_NOT(ParameterError, n >= 0, "generate: n=", n, " must be >= 0");
  // The latent draws, the decoded rows and their copy as a Matrix.
  const double per_row = 4.0 * static_cast<double>(impl_->arch.n_latent + 2 * impl_->arch.n_features);
  check_memory(static_cast<double>(n) * per_row,
               msg("generate: n=", n, " rows of ", impl_->arch.n_features, " features"));
  return impl_->decode_latent(impl_->latent_noise(n, args));
}

namespace {

/// Latent means and log sigmas of X's rows (eval mode, in chunks).
template <typename Impl>
std::pair<torch::Tensor, torch::Tensor> posterior(const Impl& m, const MatrixView& X, int64_t chunk) {
  torch::NoGradGuard no_grad;
  m.net->eval();
  std::vector<torch::Tensor> means, sigmas;
  for (int64_t lo = 0; lo < X.n_rows; lo += chunk) {
    MatrixView part{X.row(lo), std::min(chunk, X.n_rows - lo), X.n_cols};
    auto [mu, ls] = m.encode(m.scaler.transform(nn::to_tensor(part)));
    means.push_back(mu);
    sigmas.push_back(ls);
  }
  if (means.empty()) return {};
  return {torch::cat(means, 0), torch::cat(sigmas, 0)};
}

}  // namespace

Matrix VariationalAutoEncoder::generate_from_sample(const MatrixView& X, const GenerateArgs& args) {
  impl_->check_fitted();
  impl_->check_width(X, impl_->arch.n_features, "X");
  auto [mean, log_sigma] = posterior(*impl_, X, kInferenceChunk);
  if (!mean.defined()) return Matrix(0, impl_->arch.n_features);
  auto noise = impl_->latent_noise(X.n_rows, args);
  return impl_->decode_latent(mean + noise * log_sigma.exp());
}

Matrix VariationalAutoEncoder::generate_from_class_rows(const MatrixView& X, int32_t rows_class,
                                                        const GenerateArgs& args) {
  impl_->check_fitted();
  impl_->check_width(X, impl_->arch.n_features, "X");
  SMRT_THROW_IF_NOT(ParameterError, impl_->arch.n_conditions > 0 && rows_class >= 0 &&
                                        rows_class < impl_->arch.n_conditions,
                    "VariationalAutoEncoder: generate_from_class_rows needs a conditional model and a class id in [0, ",
                    impl_->arch.n_conditions, "), got ", rows_class);
  Impl as_rows_class = *impl_;
  as_rows_class.condition = rows_class;
  auto [mean, log_sigma] = posterior(as_rows_class, X, kInferenceChunk);
  if (!mean.defined()) return Matrix(0, impl_->arch.n_features);
  auto noise = impl_->latent_noise(X.n_rows, args);
  return impl_->decode_latent(mean + noise * log_sigma.exp());
}

Matrix VariationalAutoEncoder::generate_between(const MatrixView& A, const MatrixView& B, const std::vector<double>& u,
                                                const GenerateArgs& args) {
  impl_->check_fitted();
  impl_->check_width(A, impl_->arch.n_features, "A");
  impl_->check_width(B, impl_->arch.n_features, "B");
  SMRT_THROW_IF_NOT(DataError, A.n_rows == B.n_rows && static_cast<int64_t>(u.size()) == A.n_rows,
                    "generate_between: A, B and u need the same number of rows (", A.n_rows, ", ", B.n_rows, ", ",
                    u.size(), ")");
  auto [mean_a, log_sigma_a] = posterior(*impl_, A, kInferenceChunk);
  if (!mean_a.defined()) return Matrix(0, impl_->arch.n_features);
  auto mean_b = posterior(*impl_, B, kInferenceChunk).first;
  auto weight = torch::empty({A.n_rows, 1}, torch::kFloat32);
  for (int64_t i = 0; i < A.n_rows; ++i) weight[i][0] = static_cast<float>(u[static_cast<size_t>(i)]);
  auto noise = impl_->latent_noise(A.n_rows, args);
  return impl_->decode_latent(mean_a + weight * (mean_b - mean_a) + noise * log_sigma_a.exp());
}

Matrix VariationalAutoEncoder::decode(const MatrixView& Z) const {
  impl_->check_fitted();
  impl_->check_width(Z, impl_->arch.n_latent, "Z");
  return impl_->decode_latent(nn::to_tensor(Z));
}

int64_t VariationalAutoEncoder::n_latent_factors() const { return impl_->arch.n_latent; }

}  // namespace smrt
