#include "smrt/generative/cgan.h"

#include "smrt/core/error.h"
#include "smrt/nn/runtime.h"

namespace smrt::generative {

std::vector<ParamSpec> ConditionalGan::param_specs() {
  GanTraining d;
  d.n_epochs = 40;
  d.batch_size = 32;
  std::vector<ParamSpec> own = GanTraining::param_specs(d);
  for (auto& p : architecture_param_specs(64, "32,64", 300, true)) own.push_back(p);
  ParamSpec repeat;
  repeat.name = "minority_repeat";
  repeat.type = ParamType::Int;
  repeat.default_value = "3";
  repeat.min = 1.0;
  repeat.doc = "Repeat each targeted class's images k times before GAN training (the blog's second experiment "
               "used 50 to match the majority); 1 trains on the imbalanced set as it is. The default 3 with "
               "max_per_class=300 balances 100-image classes.";
  own.push_back(repeat);
  ParamSpec loss;
  loss.name = "loss";
  loss.type = ParamType::String;
  loss.default_value = "gan";
  loss.choices = gan_loss_names();
  loss.doc = "Adversarial loss (gan: non-saturating, as the Keras example).";
  own.push_back(loss);
  own.push_back(label_smoothing_spec(0.1));
  own.push_back(ema_decay_spec(0.999));
  return image_network_sampler_params(own);
}

ConditionalGan::ConditionalGan(const ParamValues& p)
    : training_(GanTraining::from(p)),
      loss_{parse_gan_loss(p.get_string("loss")), p.get_float("label_smoothing")},
      max_per_class_(p.get_int("max_per_class")),
      minority_repeat_(p.get_int("minority_repeat")),
      ema_decay_(p.get_float("ema_decay")) {
  arch_ = architecture_from(p);
}

void ConditionalGan::fit(const DataView& data, const std::vector<int32_t>& targeted,
                         const std::vector<std::string>& class_names, Rng& rng) {
  nn::init_torch();
  describe_data(data, class_names);
  arch_.n_labels = data.n_classes;
  validate_architecture(training_.batch_size);
  check_fit_memory(arch_, data.n_rows(), training_.batch_size, "cgan");

  std::vector<int64_t> rows = capped_rows(data, max_per_class_, rng);
  if (minority_repeat_ > 1) {
    std::vector<int64_t> extra;
    for (int64_t r : rows)
      if (std::find(targeted.begin(), targeted.end(), data.y[r]) != targeted.end())
        for (int64_t k = 1; k < minority_repeat_; ++k) extra.push_back(r);
    rows.insert(rows.end(), extra.begin(), extra.end());
  }
  // Images and their one-hot labels travel together through the shuffles.
  const auto table = torch::cat({unit_images(data, rows, range_), one_hot_labels(data, rows)}, 1);

  auto gen = nn::make_generator(rng);
  ImageGenerator live(arch_, gen);
  GeneratorAverage average(live, ema_decay_, gen);
  ImageDiscriminator discriminator(arch_, gen);
  auto g_opt = training_.adam(live->parameters());
  auto d_opt = training_.adam(discriminator->parameters());
  const auto options = training_.train_options("cgan");
  train_with_average(live, discriminator, g_opt, d_opt, loss_, table, arch_.n_labels, average, gen, options, rng);
  generator_ = average.result();
}

Matrix ConditionalGan::generate(int32_t c, int64_t n, Rng& rng) {
  SMRT_THROW_IF_NOT(Error, !generator_.is_empty(), "cgan: generate() before fit()");
  SMRT_THROW_IF_NOT(ParameterError, c >= 0 && c < arch_.n_labels, "cgan: class id ", c, " is not one of the ",
                    arch_.n_labels, " classes the model was trained on");
  auto label = torch::zeros({arch_.n_labels});
  label[c] = 1.0f;
  return sample_generator(generator_, arch_.latent_dim, n, label, range_, rng);
}

std::vector<int32_t> ConditionalGan::classes() const {
  std::vector<int32_t> out;
  for (int32_t c = 0; c < static_cast<int32_t>(arch_.n_labels); ++c) out.push_back(c);
  return out;
}

std::string ConditionalGan::to_bytes() const {
  SMRT_THROW_IF_NOT(Error, !generator_.is_empty(), "cgan: save() before fit()");
  nlohmann::json header = write_common_header();
  header["loss"] = to_string(loss_.loss);
  return nn::model_bytes(header, *generator_);
}

std::unique_ptr<ImageModel> ConditionalGan::load(const nn::ModelFile& file) {
  std::unique_ptr<ConditionalGan> m(new ConditionalGan());
  m->read_common_header(file, /*conditional=*/true);
  m->loss_.loss = parse_gan_loss(file.header.at("loss").get<std::string>());
  file.expect_weights(generator_weights(m->arch_), "a cgan generator");
  Rng rng(0);
  m->generator_ = ImageGenerator(m->arch_, nn::make_generator(rng));
  file.load_into(*m->generator_);
  return m;
}

}  // namespace smrt::generative
