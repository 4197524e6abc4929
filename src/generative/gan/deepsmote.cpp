#include "smrt/generative/deepsmote.h"

#include <algorithm>

#include "smrt/core/class_index.h"
#include "smrt/core/error.h"
#include "smrt/core/warnings.h"
#include "smrt/generative/gan_training.h"
#include "smrt/nn/layers.h"
#include "smrt/nn/runtime.h"
#include "smrt/sample/over/smote_base.h"

namespace smrt::generative {

/// Encoder: 4x4 stride-2 convolutions (batch normalisation after every one
/// but the first when arch.batch_norm, as in the paper's and DCGAN's
/// networks) -> LeakyReLU -> Linear to the latent code. Decoder: the GAN
/// family's generator (Linear -> transposed convolutions -> sigmoid) fed
/// with codes instead of noise.
struct DeepSmote::Net : torch::nn::Module {
  Net(const GanArchitecture& a, torch::Generator gen) {
    const auto& ch = a.channels;
    int64_t in = a.image.channels;
    for (size_t i = 0; i < ch.size(); ++i) {
      torch::nn::Conv2d conv(torch::nn::Conv2dOptions(in, ch[i], 4).stride(2).padding(1));
      nn::init_weight(conv->weight, in * 16, ch[i] * 16, nn::LayerType::Gaussian, gen);
      nn::init_bias(conv->bias, nn::BiasStrategy::Zeros);
      encoder->push_back(conv);
      if (a.batch_norm && i > 0) encoder->push_back(torch::nn::BatchNorm2d(ch[i]));
      encoder->push_back(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)));
      in = ch[i];
    }
    encoder->push_back(torch::nn::Flatten());
    const int64_t factor = int64_t{1} << ch.size();
    const int64_t encoded = ch.back() * (a.image.height / factor) * (a.image.width / factor);
    torch::nn::Linear to_code(encoded, a.latent_dim);
    nn::init_weight(to_code->weight, encoded, a.latent_dim, nn::LayerType::Xavier, gen);
    nn::init_bias(to_code->bias, nn::BiasStrategy::Zeros);
    encoder->push_back(to_code);
    register_module("encoder", encoder);
    decoder = register_module("decoder", ImageGenerator(a, gen));
    image_shape = {-1, a.image.channels, a.image.height, a.image.width};
  }
  torch::Tensor encode(const torch::Tensor& x) { return encoder->forward(x.reshape(image_shape)); }
  torch::Tensor decode(const torch::Tensor& z) { return decoder->forward(z); }

  /// Recomputes every batch normalisation's running statistics as a plain
  /// average over `images` (encoded, decoded) with the final weights. Eval
  /// mode (the codes, the decoded images) uses them; left as training ends,
  /// they trail the last few updates and mix in the penalty's one-class
  /// batches, and the decoded classes drifted from epoch to epoch.
  void recalibrate_batch_norm(const torch::Tensor& images, int64_t batch_size) {
    std::vector<torch::nn::BatchNormImplBase<1, torch::nn::BatchNorm1dImpl>*> bn1;
    std::vector<torch::nn::BatchNormImplBase<2, torch::nn::BatchNorm2dImpl>*> bn2;
    for (const auto& m : modules(/*include_self=*/false)) {
      if (auto* b = dynamic_cast<torch::nn::BatchNorm1dImpl*>(m.get())) bn1.push_back(b);
      if (auto* b = dynamic_cast<torch::nn::BatchNorm2dImpl*>(m.get())) bn2.push_back(b);
    }
    if (bn1.empty() && bn2.empty()) return;
    auto cumulative = [](auto& layers, c10::optional<double> momentum) {
      for (auto* b : layers) {
        b->options.momentum(momentum);
        if (!momentum) b->reset_running_stats();
      }
    };
    cumulative(bn1, c10::nullopt);  // momentum none: the running statistics become plain averages
    cumulative(bn2, c10::nullopt);
    torch::NoGradGuard no_grad;
    train();
    // Batch normalisation cannot take a chunk of one image: a last single image joins the chunk before.
    const int64_t n = images.size(0);
    for (int64_t lo = 0; lo < n;) {
      int64_t len = std::min(batch_size, n - lo);
      if (n - lo - len == 1) ++len;
      if (len < 2) break;  // a single image in all: nothing to average
      decode(encode(images.narrow(0, lo, len)));
      lo += len;
    }
    cumulative(bn1, 0.1);
    cumulative(bn2, 0.1);
  }

  torch::nn::Sequential encoder;
  ImageGenerator decoder{nullptr};
  std::vector<int64_t> image_shape;
};

std::vector<ParamSpec> DeepSmote::param_specs() {
  GanTraining d;
  d.n_epochs = 20;
  d.batch_size = 32;
  d.learning_rate = 2e-4;
  d.beta1 = 0.9;  // the paper's Adam uses the default betas
  std::vector<ParamSpec> own = GanTraining::param_specs(d);
  for (auto p : architecture_param_specs(300, "32,64", 300, true)) {
    if (p.name == "batch_norm")
      p.doc = "Batch normalisation as in the paper's networks: in the encoder after every convolution but the "
              "first, in the decoder after the projection and each hidden transposed convolution; False: none.";
    own.push_back(p);
  }
  own.push_back(k_neighbors_spec(5, "k_neighbors", "Nearest neighbours in the latent space that SMOTE interpolates towards."));
  ParamSpec w;
  w.name = "penalty_weight";
  w.type = ParamType::Float;
  w.default_value = "1";
  w.min = 0.0;
  w.doc = "Weight of the permuted-order penalty (the paper adds it with weight 1).";
  own.push_back(w);
  ParamSpec l;
  l.name = "reconstruction_loss";
  l.type = ParamType::String;
  l.default_value = "bce";
  l.choices = {"mse", "bce", "l1"};
  l.doc = "Loss between an image and its decoding, in the reconstruction and the penalty term: mse (the paper), "
          "bce (binary cross-entropy on pixels scaled into [0, 1]) or l1; bce and l1 blur less.";
  own.push_back(l);
  ParamSpec b;
  b.name = "balance";
  b.type = ParamType::Bool;
  b.default_value = "True";
  b.doc = "Repeat random images of the smaller classes so that every class fills as many reconstruction batches "
          "as the largest (after max_per_class); False: reconstruct the imbalanced set as it is. The penalty "
          "term picks its class uniformly either way.";
  own.push_back(b);
  return image_network_sampler_params(own);
}

DeepSmote::DeepSmote(const ParamValues& p)
    : training_(GanTraining::from(p)),
      max_per_class_(p.get_int("max_per_class")),
      k_neighbors_(p.get_int("k_neighbors")),
      penalty_weight_(p.get_float("penalty_weight")),
      balance_(p.get_bool("balance")),
      loss_(p.get_string("reconstruction_loss")) {
  arch_ = architecture_from(p);
}

void DeepSmote::build(torch::Generator gen) { net_ = std::make_shared<Net>(arch_, gen); }

void DeepSmote::fit(const DataView& data, const std::vector<int32_t>& targeted,
                    const std::vector<std::string>& class_names, Rng& rng) {
  nn::init_torch();
  describe_data(data, class_names);
  arch_.n_labels = 0;
  validate_architecture(training_.batch_size);
  check_fit_memory(arch_, data.n_rows(), training_.batch_size, "deepsmote");

  const std::vector<int64_t> unique = capped_rows(data, max_per_class_, rng);
  // Positions (in `unique`, the first rows of `images`) of each class, for
  // the penalty's one-class batches; balancing appends repeats after them.
  std::vector<std::vector<int64_t>> by_class(static_cast<size_t>(data.n_classes));
  for (size_t i = 0; i < unique.size(); ++i) by_class[static_cast<size_t>(data.y[unique[i]])].push_back(static_cast<int64_t>(i));
  std::vector<int32_t> present;
  for (int32_t c = 0; c < data.n_classes; ++c)
    if (!by_class[static_cast<size_t>(c)].empty()) present.push_back(c);
  const std::vector<int64_t> rows = balance_ ? balanced_rows(data, unique, rng) : unique;
  const torch::Tensor images = unit_images(data, rows, range_);

  auto gen = nn::make_generator(rng);
  build(gen);
  auto opt = training_.adam(net_->parameters());
  const auto options = training_.train_options("deepsmote");
  Rng penalty_rng = rng.fork(rng.next_u64());
  auto distance = [this](const torch::Tensor& decoded, const torch::Tensor& target) {
    if (loss_ == "bce") return torch::binary_cross_entropy(decoded, target);
    if (loss_ == "l1") return torch::l1_loss(decoded, target);
    return torch::mse_loss(decoded, target);
  };
  nn::train_adversarial(
      images, options,
      [&](const torch::Tensor& batch) {
        // Batch normalisation cannot train on a single image: skip a last batch of one.
        if (batch.size(0) < 2 && arch_.batch_norm) return nn::StepLosses{0.0, 0.0};
        opt.zero_grad();
        const auto reconstruction = distance(net_->decode(net_->encode(batch)), batch);
        // The permuted-order penalty on a batch of one random class (none for a class of one image:
        // there is no order to permute).
        auto pos = by_class[static_cast<size_t>(present[penalty_rng.below(present.size())])];
        shuffle(pos.data(), static_cast<int64_t>(pos.size()), penalty_rng);
        pos.resize(std::min(pos.size(), static_cast<size_t>(options.batch_size)));
        torch::Tensor penalty = torch::zeros({}, reconstruction.options());
        if (pos.size() >= 2) {
          const auto x = images.index_select(0, torch::tensor(pos, torch::kInt64));
          torch::Tensor codes;
          {
            torch::NoGradGuard no_grad;
            codes = net_->encode(x);
          }
          penalty = distance(net_->decode(codes.roll(1, 0)), x.roll(1, 0));
        }
        const auto loss = reconstruction + penalty_weight_ * penalty;
        nn::apply_gradients(loss, opt, options);
        return nn::StepLosses{reconstruction.item<double>(), penalty.item<double>()};
      },
      rng, "reconstruction", "penalty");

  net_->recalibrate_batch_norm(images, options.batch_size);
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
  if (m == 1 && n > 0)
    warning(msg("class ", label_text(class_names_[static_cast<size_t>(c)]), " has a single image, so its new images are "
                "copies of it (SMOTE between latent codes needs two); the conditional GAN or SMate draw new ones"));
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

std::string DeepSmote::to_bytes() const {
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
  return nn::model_bytes(header, all);
}

std::unique_ptr<ImageModel> DeepSmote::load(const nn::ModelFile& file) {
  std::unique_ptr<DeepSmote> m(new DeepSmote());
  m->read_common_header(file, /*conditional=*/false);
  const auto& h = file.header;
  m->k_neighbors_ = file.whole_numbers(h.at("k_neighbors"), "k_neighbors", false).get<int64_t>();
  SMRT_THROW_IF_NOT(IoError, m->k_neighbors_ >= 1, file.path, ": the deepsmote model header's k_neighbors is ",
                    m->k_neighbors_, ", not a neighbour count");
  const auto ids = m->read_class_ids(file);
  const auto n_rows = file.whole_numbers(h.at("code_rows"), "code_rows", true).get<std::vector<int64_t>>();
  SMRT_THROW_IF_NOT(IoError, ids.size() == n_rows.size(), file.path, ": classes and code_rows differ in length");
  double codes = 0.0;
  for (size_t i = 0; i < ids.size(); ++i) {
    // generate() draws a base code among a class's rows: a class has at least one.
    SMRT_THROW_IF_NOT(IoError, n_rows[i] >= 1, file.path, ": code_rows holds ", n_rows[i], ", not a row count");
    codes += static_cast<double>(n_rows[i]) * static_cast<double>(m->arch_.latent_dim);
  }
  // The autoencoder's decoder is a generator; its encoder and the codes come on top.
  file.expect_weights(generator_weights(m->arch_) + codes, "a deepsmote autoencoder and its codes");
  Rng rng(0);
  m->build(nn::make_generator(rng));
  torch::nn::Module all;
  all.register_module("net", m->net_);
  for (size_t i = 0; i < ids.size(); ++i)
    m->codes_[ids[i]] = all.register_buffer("codes" + std::to_string(ids[i]), torch::zeros({n_rows[i], m->arch_.latent_dim}));
  file.load_into(all);
  return m;
}

}  // namespace smrt::generative
