#include "smrt/generative/gan_training.h"

#include <algorithm>
#include <cstring>

#include "smrt/core/error.h"
#include "smrt/nn/runtime.h"
#include "smrt/sample/sampler.h"

namespace smrt::generative {
namespace {

ParamSpec spec(const std::string& name, ParamType type, const std::string& value, const std::string& doc,
               std::optional<double> min = std::nullopt, bool min_exclusive = false) {
  ParamSpec p = make_param_spec(name, type, value, doc);
  p.min = min;
  p.min_exclusive = min_exclusive;
  return p;
}

}  // namespace

std::vector<ParamSpec> GanTraining::param_specs(const GanTraining& d) {
  auto beta = [](const std::string& name, double value, const std::string& doc) {
    ParamSpec p = spec(name, ParamType::Float, msg(value), doc, 0.0);
    p.max = 1.0;
    p.max_exclusive = true;
    return p;
  };
  return {
      spec("n_epochs", ParamType::Int, msg(d.n_epochs), "Passes over the training images.", 1.0),
      spec("batch_size", ParamType::Int, msg(d.batch_size), "Images per update.", 1.0),
      spec("learning_rate", ParamType::Float, msg(d.learning_rate), "Adam step size (both networks).", 0.0, true),
      beta("beta1", d.beta1, "Adam's first-moment decay."),
      beta("beta2", d.beta2, "Adam's second-moment decay."),
      spec("verbose", ParamType::Int, msg(d.verbose),
           "0 silent; 1 a progress bar with the losses; 2 also a line per epoch.", 0.0),
  };
}

GanTraining GanTraining::from(const ParamValues& v) {
  GanTraining t;
  t.n_epochs = v.get_int("n_epochs");
  t.batch_size = v.get_int("batch_size");
  t.learning_rate = v.get_float("learning_rate");
  t.beta1 = v.get_float("beta1");
  t.beta2 = v.get_float("beta2");
  t.verbose = v.get_int("verbose");
  return t;
}

nn::TrainOptions GanTraining::train_options(const std::string& label) const {
  nn::TrainOptions o;
  o.n_epochs = n_epochs;
  o.batch_size = batch_size;
  o.verbose = verbose;
  o.display_step = 1;
  o.clip = false;  // Adam normalises the step; GAN recipes do not clip
  o.label = label;
  return o;
}

torch::optim::Adam GanTraining::adam(std::vector<torch::Tensor> params) const {
  return torch::optim::Adam(std::move(params), torch::optim::AdamOptions(learning_rate).betas({beta1, beta2}));
}

std::vector<ParamSpec> architecture_param_specs(int64_t latent_dim, const std::string& channels,
                                                int64_t max_per_class, std::optional<bool> batch_norm) {
  std::vector<ParamSpec> specs{
      spec("latent_dim", ParamType::Int, msg(latent_dim), "Size of the noise (or latent) vector.", 1.0),
      spec("channels", ParamType::IntList, channels,
           "Convolution filters per level, full resolution first; each level halves height and width "
           "(4x4 kernels, stride 2), so both must divide by 2^levels.",
           1.0),
      spec("max_per_class", ParamType::Int, msg(max_per_class),
           "Train on at most this many images of each class (a random subset; 0: all). Bounds the training time "
           "on large majority classes.",
           0.0),
  };
  if (batch_norm)
    specs.push_back(spec("batch_norm", ParamType::Bool, *batch_norm ? "True" : "False",
                         "Batch normalisation in the generator after the projection and each hidden transposed "
                         "convolution (DCGAN); False: the nn layer's plain ConvDecoder."));
  return specs;
}

GanArchitecture architecture_from(const ParamValues& v) {
  GanArchitecture a;
  a.latent_dim = v.get_int("latent_dim");
  a.channels = v.get_int_list("channels");
  a.batch_norm = v.values().count("batch_norm") > 0 && v.get_bool("batch_norm");
  SMRT_THROW_IF_NOT(ParameterError, !a.channels.empty() && a.channels.size() <= 4, v.owner(),
                    ": channels must list 1 to 4 levels, got ", a.channels.size());
  for (int64_t c : a.channels)
    SMRT_THROW_IF_NOT(ParameterError, c >= 1, v.owner(), ": channels must be positive, got ", c);
  return a;
}

std::vector<int64_t> capped_rows(const DataView& data, int64_t max_per_class, Rng& rng) {
  std::vector<int64_t> out;
  for (auto rows : data.class_rows()) {
    const auto n = static_cast<int64_t>(rows.size());
    if (max_per_class > 0 && n > max_per_class) {
      shuffle(rows.data(), n, rng);
      rows.resize(static_cast<size_t>(max_per_class));
      std::sort(rows.begin(), rows.end());
    }
    out.insert(out.end(), rows.begin(), rows.end());
  }
  return out;
}

std::vector<int64_t> balanced_rows(const DataView& data, std::vector<int64_t> rows, Rng& rng) {
  std::vector<std::vector<int64_t>> of_class(static_cast<size_t>(data.n_classes));
  for (int64_t r : rows) of_class[static_cast<size_t>(data.y[r])].push_back(r);
  size_t largest = 0;
  for (const auto& own : of_class) largest = std::max(largest, own.size());
  for (const auto& own : of_class)
    for (size_t i = own.size(); !own.empty() && i < largest; ++i) rows.push_back(own[rng.below(own.size())]);
  return rows;
}

torch::Tensor unit_images(const DataView& data, const std::vector<int64_t>& rows, const ValueRange& range) {
  const auto n = static_cast<int64_t>(rows.size());
  auto t = torch::empty({n, data.n_cols()}, torch::kFloat32);
  float* out = t.data_ptr<float>();
  for (int64_t i = 0; i < n; ++i)
    std::memcpy(out + i * data.n_cols(), data.X.row(rows[static_cast<size_t>(i)]),
                static_cast<size_t>(data.n_cols()) * sizeof(float));
  return to_unit(t, range);
}

torch::Tensor one_hot_labels(const DataView& data, const std::vector<int64_t>& rows) {
  const auto n = static_cast<int64_t>(rows.size());
  auto t = torch::zeros({n, data.n_classes}, torch::kFloat32);
  auto acc = t.accessor<float, 2>();
  for (int64_t i = 0; i < n; ++i) acc[i][data.y[rows[static_cast<size_t>(i)]]] = 1.0f;
  return t;
}

ParamSpec label_smoothing_spec(double default_value) {
  ParamSpec p = spec("label_smoothing", ParamType::Float, msg(default_value),
                     "One-sided label smoothing (Salimans et al. 2016): the discriminator scores real images against "
                     "1 - s rather than 1 (gan, lsgan, dragan), which keeps it from over-confidence.",
                     0.0);
  p.max = 0.5;
  return p;
}

ParamSpec ema_decay_spec(double default_value) {
  ParamSpec p = spec("ema_decay", ParamType::Float, msg(default_value),
                     "Images are drawn by a moving average of the generator's weights with this decay per update "
                     "(smoother, cleaner images than the last weights); 0: the last weights.",
                     0.0);
  p.max = 1.0;
  p.max_exclusive = true;
  return p;
}

std::vector<ParamSpec> image_network_sampler_params(std::vector<ParamSpec> own) {
  std::vector<ParamSpec> specs = sampler_params(true, std::move(own));
  for (auto& p : specs)
    if (p.name == "random_state")
      p.doc = "Seed of the random draws; the same seed and thread count give the same images (the networks' "
              "convolutions sum in an order that depends on the thread count).";
  return specs;
}

nn::StepLosses adversarial_step(ImageGenerator& generator, ImageDiscriminator& discriminator,
                                torch::optim::Optimizer& g_opt, torch::optim::Optimizer& d_opt,
                                const AdversarialLoss& loss, const torch::Tensor& real, const torch::Tensor& labels,
                                torch::Generator& gen, const nn::TrainOptions& options) {
  const int64_t n = real.size(0);
  // Batch normalisation cannot train on a single image: skip a last batch of one.
  if (n < 2 && generator->architecture().batch_norm) return {0.0, 0.0};
  auto critic = [&](const torch::Tensor& x) { return discriminator->forward(x, labels); };

  // Discriminator: real against a detached fake batch.
  const auto z = torch::randn({n, generator->latent_dim()}, gen);
  const auto fake = generator->forward(z, labels);
  d_opt.zero_grad();
  const auto d_loss = discriminator_loss(loss.loss, critic, real, fake.detach(), gen, 10.0, loss.label_smoothing);
  nn::apply_gradients(d_loss, d_opt, options);

  // Generator: make the discriminator score the same fakes as real.
  g_opt.zero_grad();
  const auto g_loss = generator_loss(loss.loss, critic(fake));
  nn::apply_gradients(g_loss, g_opt, options);
  return {d_loss.item<double>(), g_loss.item<double>()};
}

nn::AdversarialHistory train_with_average(ImageGenerator& generator, ImageDiscriminator& discriminator,
                                          torch::optim::Optimizer& g_opt, torch::optim::Optimizer& d_opt,
                                          const AdversarialLoss& loss, const torch::Tensor& table,
                                          int64_t n_label_columns, GeneratorAverage& average, torch::Generator& gen,
                                          const nn::TrainOptions& options, Rng& rng) {
  const int64_t d = table.size(1) - n_label_columns;
  return nn::train_adversarial(
      table, options,
      [&](const torch::Tensor& batch) {
        const torch::Tensor labels = n_label_columns > 0 ? batch.narrow(1, d, n_label_columns) : torch::Tensor();
        const auto losses =
            adversarial_step(generator, discriminator, g_opt, d_opt, loss, batch.narrow(1, 0, d), labels, gen, options);
        average.update();
        return losses;
      },
      rng);
}

Matrix sample_generator(ImageGenerator& generator, int64_t latent_dim, int64_t n, const torch::Tensor& labels_of_one,
                        const ValueRange& range, Rng& rng) {
  torch::NoGradGuard no_grad;
  generator->eval();
  auto gen = nn::make_generator(rng);
  // One noise draw for all n images, so the output does not depend on chunking.
  const auto z = torch::randn({n, latent_dim}, gen);
  std::vector<torch::Tensor> parts;
  const int64_t chunk = 512;
  for (int64_t lo = 0; lo < n; lo += chunk) {
    const int64_t len = std::min(chunk, n - lo);
    torch::Tensor labels;
    if (labels_of_one.defined()) labels = labels_of_one.reshape({1, -1}).expand({len, -1});
    parts.push_back(generator->forward(z.narrow(0, lo, len), labels));
  }
  generator->train();
  if (parts.empty()) return Matrix(0, generator->n_outputs());
  return nn::to_matrix(from_unit(torch::cat(parts, 0), range));
}

}  // namespace smrt::generative
