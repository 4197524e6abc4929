#include "smrt/generative/deepsmote.h"

#include <algorithm>

#include "smrt/core/error.h"
#include "smrt/nn/conv.h"
#include "smrt/nn/runtime.h"

namespace smrt::generative {

/// Encoder: ConvEncoder -> Linear to the latent code. Decoder: Linear ->
/// LeakyReLU -> ConvDecoder -> sigmoid. Codes are registered as buffers so
/// they travel in the model file.
struct DeepSmote::Net : torch::nn::Module {
  Net(const GanArchitecture& a, torch::Generator gen) {
    nn::ConvOptions o;
    o.image_shape = {a.image.channels, a.image.height, a.image.width};
    o.channels = a.channels;
    o.activation = nn::Activation::LeakyRelu;
    o.output_activation = nn::Activation::Sigmoid;
    o.layer_type = nn::LayerType::Gaussian;
    encoder = register_module("encoder", nn::ConvEncoder(o, gen));
    to_code = register_module("to_code", torch::nn::Linear(o.encoded_size(), a.latent_dim));
    from_code = register_module("from_code", torch::nn::Linear(a.latent_dim, o.encoded_size()));
    decoder = register_module("decoder", nn::ConvDecoder(o, gen));
    nn::init_weight(to_code->weight, o.encoded_size(), a.latent_dim, nn::LayerType::Xavier, gen);
    nn::init_weight(from_code->weight, a.latent_dim, o.encoded_size(), nn::LayerType::Xavier, gen);
    nn::init_bias(to_code->bias, nn::BiasStrategy::Zeros);
    nn::init_bias(from_code->bias, nn::BiasStrategy::Zeros);
  }
  torch::Tensor encode(const torch::Tensor& x) { return to_code->forward(encoder->forward(x)); }
  torch::Tensor decode(const torch::Tensor& z) {
    return decoder->forward(torch::leaky_relu(from_code->forward(z), 0.2));
  }

  nn::ConvEncoder encoder{nullptr};
  torch::nn::Linear to_code{nullptr}, from_code{nullptr};
  nn::ConvDecoder decoder{nullptr};
};

std::vector<ParamSpec> DeepSmote::param_specs() {
  GanTraining d;
  d.n_epochs = 10;
  d.batch_size = 32;
  d.learning_rate = 2e-4;
  d.beta1 = 0.9;  // the paper's Adam uses the default betas
  std::vector<ParamSpec> own = GanTraining::param_specs(d);
  for (auto& p : architecture_param_specs(32, "16,32", 300, std::nullopt)) own.push_back(p);
  ParamSpec k;
  k.name = "k_neighbors";
  k.type = ParamType::Int;
  k.default_value = "5";
  k.min = 1.0;
  k.doc = "Nearest neighbours in the latent space that SMOTE interpolates towards.";
  own.push_back(k);
  ParamSpec w;
  w.name = "penalty_weight";
  w.type = ParamType::Float;
  w.default_value = "1";
  w.min = 0.0;
  w.doc = "Weight of the permuted-order penalty (the paper adds it with weight 1).";
  own.push_back(w);
  return sampler_params(true, own);
}

DeepSmote::DeepSmote(const ParamValues& p)
    : training_(GanTraining::from(p)),
      max_per_class_(p.get_int("max_per_class")),
      k_neighbors_(p.get_int("k_neighbors")),
      penalty_weight_(p.get_float("penalty_weight")) {
  arch_ = architecture_from(p);
}

void DeepSmote::build(torch::Generator gen) { net_ = std::make_shared<Net>(arch_, gen); }

void DeepSmote::fit(const DataView& data, const std::vector<int32_t>& targeted,
                    const std::vector<std::string>& class_names, Rng& rng) {
  nn::init_torch();
  describe_data(data, class_names);
  arch_.n_labels = 0;
  arch_.validate();

  const std::vector<int64_t> rows = capped_rows(data, max_per_class_, rng);
  const torch::Tensor images = unit_images(data, rows, range_);
  // Positions (in `images`) of each class, for the penalty's one-class batches.
  std::vector<std::vector<int64_t>> by_class(static_cast<size_t>(data.n_classes));
  for (size_t i = 0; i < rows.size(); ++i) by_class[static_cast<size_t>(data.y[rows[i]])].push_back(static_cast<int64_t>(i));
  std::vector<int32_t> present;
  for (int32_t c = 0; c < data.n_classes; ++c)
    if (!by_class[static_cast<size_t>(c)].empty()) present.push_back(c);

  auto gen = nn::make_generator(rng);
  build(gen);
  auto opt = training_.adam(net_->parameters());
  const auto options = training_.train_options("deepsmote");
  Rng penalty_rng = rng.fork(rng.next_u64());
  nn::train_adversarial(
      images, options,
      [&](const torch::Tensor& batch) {
        opt.zero_grad();
        const auto reconstruction = torch::mse_loss(net_->decode(net_->encode(batch)), batch);
        // The permuted-order penalty on a batch of one random class.
        auto pos = by_class[static_cast<size_t>(present[penalty_rng.below(present.size())])];
        shuffle(pos.data(), static_cast<int64_t>(pos.size()), penalty_rng);
        pos.resize(std::min(pos.size(), static_cast<size_t>(options.batch_size)));
        const auto x = images.index_select(0, torch::tensor(pos, torch::kInt64));
        torch::Tensor codes;
        {
          torch::NoGradGuard no_grad;
          codes = net_->encode(x);
        }
        const auto penalty = torch::mse_loss(net_->decode(codes.roll(1, 0)), x.roll(1, 0));
        const auto loss = reconstruction + penalty_weight_ * penalty;
        nn::apply_gradients(loss, opt, options);
        return nn::StepLosses{reconstruction.item<double>(), penalty.item<double>()};
      },
      rng, "reconstruction", "penalty");

  // Codes of every image of each targeted class (not only the capped rows).
  torch::NoGradGuard no_grad;
  net_->eval();
  codes_.clear();
  const auto all_rows = data.class_rows();
  for (int32_t c : targeted) {
    const auto& r = all_rows[static_cast<size_t>(c)];
    SMRT_THROW_IF_NOT(DataError, !r.empty(), "deepsmote: class '", class_names_[static_cast<size_t>(c)],
                      "' has no images");
    codes_[c] = net_->encode(unit_images(data, r, range_)).contiguous();
  }
}

Matrix DeepSmote::generate(int32_t c, int64_t n, Rng& rng) {
  const auto it = codes_.find(c);
  SMRT_THROW_IF_NOT(ParameterError, it != codes_.end(), "deepsmote: no latent codes for class id ", c,
                    "; the model was fitted for ", codes_.size(), " targeted class(es)");
  const torch::Tensor& z = it->second;
  const int64_t m = z.size(0);
  const int64_t k = std::min<int64_t>(k_neighbors_, m - 1);
  torch::Tensor neighbours;
  if (k > 0) {
    auto d = torch::cdist(z, z);
    d.fill_diagonal_(std::numeric_limits<float>::infinity());
    neighbours = std::get<1>(d.topk(k, 1, /*largest=*/false)).contiguous();  // (m, k)
  }
  // SMOTE: base code, a random neighbour among its k, a random gap.
  auto out = torch::empty({n, z.size(1)});
  auto zs = z.accessor<float, 2>();
  auto os = out.accessor<float, 2>();
  for (int64_t i = 0; i < n; ++i) {
    const auto base = static_cast<int64_t>(rng.below(static_cast<uint64_t>(m)));
    int64_t other = base;
    if (k > 0) other = neighbours[base][static_cast<int64_t>(rng.below(static_cast<uint64_t>(k)))].item<int64_t>();
    const double gap = rng.uniform();
    for (int64_t j = 0; j < z.size(1); ++j)
      os[i][j] = static_cast<float>(zs[base][j] + gap * (zs[other][j] - zs[base][j]));
  }
  torch::NoGradGuard no_grad;
  net_->eval();
  std::vector<torch::Tensor> parts;
  for (int64_t lo = 0; lo < n; lo += 512) parts.push_back(net_->decode(out.narrow(0, lo, std::min<int64_t>(512, n - lo))));
  if (parts.empty()) return Matrix(0, arch_.image.size());
  return nn::to_matrix(from_unit(torch::cat(parts, 0), range_));
}

std::vector<int32_t> DeepSmote::classes() const {
  std::vector<int32_t> out;
  for (const auto& kv : codes_) out.push_back(kv.first);
  return out;
}

void DeepSmote::save(const std::string& path) const {
  SMRT_THROW_IF_NOT(Error, net_ != nullptr, "deepsmote: save() before fit()");
  // The codes ride along as buffers of a wrapper, next to the weights.
  torch::nn::Module all;
  all.register_module("net", net_);
  std::vector<int32_t> ids;
  for (const auto& [c, z] : codes_) {
    all.register_buffer("codes" + std::to_string(c), z);
    ids.push_back(c);
  }
  nlohmann::json header = write_common_header();
  header["classes"] = ids;
  header["code_rows"] = nlohmann::json::array();
  header["k_neighbors"] = k_neighbors_;
  for (const auto& kv : codes_) header["code_rows"].push_back(kv.second.size(0));
  nn::save_model(path, header, all);
}

std::unique_ptr<ImageModel> DeepSmote::load(const nn::ModelFile& file) {
  std::unique_ptr<DeepSmote> m(new DeepSmote());
  m->read_common_header(file);
  const auto& h = file.header;
  m->k_neighbors_ = h.at("k_neighbors").get<int64_t>();
  Rng rng(0);
  m->build(nn::make_generator(rng));
  torch::nn::Module all;
  all.register_module("net", m->net_);
  const auto ids = h.at("classes").get<std::vector<int32_t>>();
  const auto n_rows = h.at("code_rows").get<std::vector<int64_t>>();
  SMRT_THROW_IF_NOT(IoError, ids.size() == n_rows.size(), file.path, ": classes and code_rows differ in length");
  for (size_t i = 0; i < ids.size(); ++i)
    m->codes_[ids[i]] = all.register_buffer("codes" + std::to_string(ids[i]), torch::zeros({n_rows[i], m->arch_.latent_dim}));
  file.load_into(all);
  return m;
}

}  // namespace smrt::generative
