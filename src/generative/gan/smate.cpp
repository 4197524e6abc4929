#include "smrt/generative/smate.h"

#include "smrt/core/class_index.h"
#include "smrt/core/error.h"
#include "smrt/nn/runtime.h"

namespace smrt::generative {
namespace {

ParamSpec int_spec(const std::string& name, int64_t value, double min, const std::string& doc) {
  ParamSpec p;
  p.name = name;
  p.type = ParamType::Int;
  p.default_value = msg(value);
  p.min = min;
  p.doc = doc;
  return p;
}

/// Holds the per-class generators so they save as one module.
struct GeneratorSet : torch::nn::Module {
  explicit GeneratorSet(std::map<int32_t, ImageGenerator>& generators) {
    for (auto& [c, g] : generators) register_module("class" + std::to_string(c), g.ptr());
  }
};

}  // namespace

std::vector<ParamSpec> Smate::param_specs() {
  GanTraining d;
  d.n_epochs = 20;  // pre-training on the majority classes
  d.batch_size = 32;
  std::vector<ParamSpec> own = GanTraining::param_specs(d);
  for (auto& p : architecture_param_specs(64, "32,64", 300, true)) own.push_back(p);
  own.push_back(int_spec("finetune_epochs", 200, 1, "Fine-tuning passes over each targeted class's augmented images."));
  own.push_back(int_spec("n_frozen", 0, 0,
                         "Generator layers kept frozen while fine-tuning, from the first (the projection, then each "
                         "transposed convolution); must leave at least one layer to train. 0: the pre-trained "
                         "weights are only the starting point (a frozen projection kept bags and boots from leaving "
                         "the clothes it was pre-trained on)."));
  own.push_back(int_spec("augment_to", 300, 0,
                         "Grow each targeted class to this many training images by augmentation before fine-tuning "
                         "(0 or fewer than the class has: no augmentation)."));
  ParamSpec loss;
  loss.name = "loss";
  loss.type = ParamType::String;
  loss.default_value = "gan";
  loss.choices = gan_loss_names();
  loss.doc = "Adversarial loss: gan (non-saturating), wgan-gp, lsgan, dragan, hinge.";
  own.push_back(loss);
  own.push_back(label_smoothing_spec(0.1));
  own.push_back(ema_decay_spec(0.999));
  // Before fine-tuning, augmentation keeps to crop and affine by default:
  // mirror images and photometric changes (blur, contrast, noise, multiply)
  // move the images off the class's distribution, and the GAN learns them
  // (Fashion-MNIST's boots all face left; a judge CNN rejects mirrored ones).
  for (auto p : AugmentOptions::param_specs()) {
    for (const char* off : {"flip_p", "blur_p", "contrast_p", "noise_p", "multiply_p"})
      if (p.name == off) p.default_value = "0";
    own.push_back(p);
  }
  return image_network_sampler_params(own);
}

Smate::Smate(const ParamValues& p)
    : pretrain_(GanTraining::from(p)),
      finetune_(pretrain_),
      loss_{parse_gan_loss(p.get_string("loss")), p.get_float("label_smoothing")},
      max_per_class_(p.get_int("max_per_class")),
      n_frozen_(p.get_int("n_frozen")),
      augment_to_(p.get_int("augment_to")),
      ema_decay_(p.get_float("ema_decay")),
      augment_(AugmentOptions::from(p)) {
  arch_ = architecture_from(p);
  finetune_.n_epochs = p.get_int("finetune_epochs");
  const auto n_layers = static_cast<int64_t>(arch_.channels.size()) + 1;
  SMRT_THROW_IF_NOT(ParameterError, n_frozen_ < n_layers, "smate: n_frozen=", n_frozen_, " must leave a layer to train; the generator has ",
                    n_layers, " layers (projection + ", arch_.channels.size(), " transposed convolutions)");
}

void Smate::fit(const DataView& data, const std::vector<int32_t>& targeted,
                const std::vector<std::string>& class_names, Rng& rng) {
  nn::init_torch();
  describe_data(data, class_names);
  const ImageShape shape = arch_.image;
  arch_.n_labels = 0;
  validate_architecture(std::min(pretrain_.batch_size, finetune_.batch_size));
  check_fit_memory(arch_, data.n_rows(), std::max(pretrain_.batch_size, finetune_.batch_size), "smate");
  auto is_targeted = [&](int32_t c) { return std::find(targeted.begin(), targeted.end(), c) != targeted.end(); };

  // 1. Pre-train on the majority classes (every class not being generated).
  std::vector<int64_t> majority;
  for (int64_t r : capped_rows(data, max_per_class_, rng))
    if (!is_targeted(data.y[r])) majority.push_back(r);
  SMRT_THROW_IF_NOT(DataError, !majority.empty(), "smate: every class is targeted, so there is no majority class to "
                    "pre-train on; use a sampling_strategy that leaves at least one class as it is");
  // Before pre-training: batch normalisation skips batches of one image, so a class of one image that
  // augmentation does not grow would keep the pre-trained generator and draw the majority classes' images.
  if (arch_.batch_norm) {
    const std::vector<int64_t> counts = data.class_counts();
    for (int32_t c : targeted)
      SMRT_THROW_IF_NOT(ParameterError, counts[static_cast<size_t>(c)] != 1 || augment_to_ >= 2, "smate: class ",
                        label_text(class_names_[static_cast<size_t>(c)]), " has a single image and augment_to=",
                        augment_to_, " adds none, so its generator cannot be fine-tuned (batch normalisation, "
                        "batch_norm=True, needs two images a batch) and would draw the pre-trained majority classes' "
                        "images; set augment_to to 2 or more (the default is 300), or batch_norm=False");
  }
  auto gen = nn::make_generator(rng);
  ImageGenerator base_g(arch_, gen);
  ImageDiscriminator base_d(arch_, gen);
  {
    GeneratorAverage average(base_g, ema_decay_, gen);
    auto g_opt = pretrain_.adam(base_g->parameters());
    auto d_opt = pretrain_.adam(base_d->parameters());
    const auto options = pretrain_.train_options("smate pre-training");
    train_with_average(base_g, base_d, g_opt, d_opt, loss_, unit_images(data, majority, range_), 0, average, gen,
                       options, rng);
    base_g = average.result();  // fine-tuning starts from the averaged weights
  }

  // 2. Per targeted class: copy, freeze the first layers, fine-tune on augmented images.
  const auto rows_of = data.class_rows();
  generators_.clear();
  for (int32_t c : targeted) {
    std::vector<int64_t> rows = rows_of[static_cast<size_t>(c)];
    SMRT_THROW_IF_NOT(DataError, !rows.empty(), "smate: class '", class_names_[static_cast<size_t>(c)], "' has no images");
    torch::Tensor images = unit_images(data, rows, range_);
    const auto n_real = static_cast<int64_t>(rows.size());
    if (augment_to_ > n_real) {
      std::vector<int64_t> sources(static_cast<size_t>(augment_to_ - n_real));
      for (auto& s : sources) s = rows[rng.below(rows.size())];
      const Rng stream = rng.fork(rng.next_u64());
      const Matrix extra = augment_rows(data.X, sources, shape, augment_, range_, stream, 0);
      images = torch::cat({images, to_unit(nn::to_tensor(extra.view()), range_)}, 0);
    }
    ImageGenerator g(arch_, gen);
    ImageDiscriminator d(arch_, gen);
    copy_weights(*base_g, *g);
    copy_weights(*base_d, *d);
    const auto layers = g->layers();
    std::vector<torch::Tensor> trainable;
    for (size_t i = 0; i < layers.size(); ++i)
      for (auto& p : layers[i]->parameters()) {
        p.requires_grad_(static_cast<int64_t>(i) >= n_frozen_);
        if (static_cast<int64_t>(i) >= n_frozen_) trainable.push_back(p);
      }
    GeneratorAverage average(g, ema_decay_, gen);
    auto g_opt = finetune_.adam(trainable);
    auto d_opt = finetune_.adam(d->parameters());
    const auto options = finetune_.train_options("smate class " + class_names_[static_cast<size_t>(c)]);
    train_with_average(g, d, g_opt, d_opt, loss_, images, 0, average, gen, options, rng);
    generators_.emplace(c, average.result());
  }
}

Matrix Smate::generate(int32_t c, int64_t n, Rng& rng) {
  const auto it = generators_.find(c);
  SMRT_THROW_IF_NOT(ParameterError, it != generators_.end(), "smate: no generator for class id ", c,
                    "; the model was fitted for ", generators_.size(), " targeted class(es)");
  return sample_generator(it->second, arch_.latent_dim, n, {}, range_, rng);
}

std::vector<int32_t> Smate::classes() const {
  std::vector<int32_t> out;
  for (const auto& kv : generators_) out.push_back(kv.first);
  return out;
}

std::string Smate::to_bytes() const {
  SMRT_THROW_IF_NOT(Error, !generators_.empty(), "smate: save() before fit()");
  auto generators = generators_;
  GeneratorSet set(generators);
  nlohmann::json header = write_common_header();
  header["classes"] = classes();
  header["n_frozen"] = n_frozen_;
  header["loss"] = to_string(loss_.loss);
  return nn::model_bytes(header, set);
}

std::unique_ptr<ImageModel> Smate::load(const nn::ModelFile& file) {
  std::unique_ptr<Smate> m(new Smate());
  m->read_common_header(file, /*conditional=*/false);
  const auto& h = file.header;
  m->loss_.loss = parse_gan_loss(h.at("loss").get<std::string>());
  m->n_frozen_ = file.whole_numbers(h.at("n_frozen"), "n_frozen", false).get<int64_t>();
  const auto n_layers = static_cast<int64_t>(m->arch_.channels.size()) + 1;
  SMRT_THROW_IF_NOT(IoError, m->n_frozen_ >= 0 && m->n_frozen_ < n_layers, file.path,
                    ": the smate model header's n_frozen is ", m->n_frozen_, " for a generator of ", n_layers, " layers");
  const auto classes = m->read_class_ids(file);
  file.expect_weights(static_cast<double>(classes.size()) * generator_weights(m->arch_),
                      msg(classes.size(), " smate generators"));
  Rng rng(0);
  auto gen = nn::make_generator(rng);
  for (int32_t c : classes) m->generators_.emplace(c, ImageGenerator(m->arch_, gen));
  GeneratorSet set(m->generators_);
  file.load_into(set);
  return m;
}

}  // namespace smrt::generative
