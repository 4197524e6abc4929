// Model: the fitted generative models behind one handle (AutoEncoder,
// VariationalAutoEncoder, cgan, smate, deepsmote), saved as files or bytes.
#include <cmath>

#include "api_data.h"
#include "model_impl.h"

#ifdef SMRT_HAVE_GENERATIVE
#include "smrt/core/memory.h"
#include "smrt/core/rng.h"
#include "smrt/generative/autoencoder.h"
#include "smrt/generative/image_model.h"
#include "smrt/generative/model_file.h"
#include "smrt/generative/smrt_sampler.h"
#endif

namespace smrt {

#ifdef SMRT_HAVE_GENERATIVE

struct Model::Impl {
  std::shared_ptr<BaseAutoEncoder> autoencoder;
  std::shared_ptr<generative::ImageModel> image;
  std::map<std::string, std::string> params;  // as given to fit_autoencoder; empty when loaded (see params())

  BaseAutoEncoder& ae(const char* what) const {
    SMRT_THROW_IF_NOT(ParameterError, autoencoder != nullptr, what, ": a ", image->method(),
                      " model has no ", what, " (only AutoEncoder and VariationalAutoEncoder models)");
    return *autoencoder;
  }
  VariationalAutoEncoder& vae(const char* what) const {
    auto* v = dynamic_cast<VariationalAutoEncoder*>(&ae(what));
    SMRT_THROW_IF_NOT(ParameterError, v != nullptr, what, ": an AutoEncoder cannot ", what,
                      "; fit a VariationalAutoEncoder");
    return *v;
  }
};

namespace {

bool variational_kind(const std::string& kind) {
  if (kind == "vae" || kind == "VariationalAutoEncoder") return true;
  if (kind == "autoencoder" || kind == "AutoEncoder") return false;
  throw ParameterError(msg("'", kind, "' is not an autoencoder kind: use autoencoder or vae"));
}

std::shared_ptr<Model> wrap(std::unique_ptr<Model::Impl> impl) { return std::make_shared<Model>(std::move(impl)); }

std::shared_ptr<Model> wrap(generative::LoadedModel loaded) {
  auto impl = std::make_unique<Model::Impl>();
  impl->autoencoder = std::move(loaded.autoencoder);
  impl->image = std::move(loaded.image);
  return wrap(std::move(impl));
}

}  // namespace

Model::Model(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Model::~Model() = default;

std::vector<ParamSpec> Model::autoencoder_params(const std::string& kind) {
  return AutoEncoderParams::specs(variational_kind(kind));
}

std::shared_ptr<Model> Model::fit_autoencoder(const std::string& kind, const ParamMap& params, const Features& X,
                                              const RunOptions& options) {
  const bool variational = variational_kind(kind);
  const std::string owner = variational ? "VariationalAutoEncoder" : "AutoEncoder";
  return api_detail::run_call(options, true, [&] {
    auto impl = std::make_unique<Impl>();
    std::map<std::string, std::string> text;
    for (const auto& [key, value] : params) text[key] = param_text(value);
    const ParamValues values = ParamValues::resolve(owner, AutoEncoderParams::specs(variational), text);
    impl->params = values.values();
    const AutoEncoderParams p = AutoEncoderParams::from(values, variational);
    const api_detail::FloatRows rows = api_detail::float_rows(X, "X");
    SMRT_THROW_IF_NOT(DataError, rows.view.n_rows > 0, owner, ": X has no rows");
    api_detail::check_finite(rows.view, "X");
    if (variational) impl->autoencoder = std::make_shared<VariationalAutoEncoder>(p);
    else impl->autoencoder = std::make_shared<AutoEncoder>(p);
    impl->autoencoder->fit(rows.view, rows.sample_shape);
    impl->autoencoder->set_param_text(impl->params);  // kept in its file: a loaded model says how it was fitted
    return wrap(std::move(impl));
  });
}

std::shared_ptr<Model> Model::load(const std::string& path) {
  return api_detail::run_call({}, true, [&] { return wrap(generative::load_model(path)); });
}

std::shared_ptr<Model> Model::from_bytes(const std::string& bytes) {
  return api_detail::run_call({}, true, [&] { return wrap(generative::load_model_bytes(bytes)); });
}

void Model::save(const std::string& path) const {
  api_detail::run_call({}, false, [&] {
    if (impl_->autoencoder) impl_->autoencoder->save(path);
    else impl_->image->save(path);
    return 0;
  });
}

std::string Model::to_bytes() const {
  return api_detail::run_call({}, false,
                              [&] { return impl_->autoencoder ? impl_->autoencoder->to_bytes() : impl_->image->to_bytes(); });
}

std::string Model::kind() const { return impl_->autoencoder ? impl_->autoencoder->class_name() : impl_->image->method(); }
bool Model::is_image_model() const { return impl_->image != nullptr; }
int64_t Model::n_features() const {
  if (impl_->autoencoder) return impl_->autoencoder->n_features();
  int64_t n = 1;
  for (int64_t s : impl_->image->sample_shape()) n *= s;
  return n;
}
std::vector<int64_t> Model::sample_shape() const {
  return impl_->autoencoder ? impl_->autoencoder->input_shape() : impl_->image->sample_shape();
}
std::vector<std::string> Model::feature_names() const {
  return impl_->autoencoder ? impl_->autoencoder->feature_names() : std::vector<std::string>{};
}
void Model::set_feature_names(std::vector<std::string> names) {
  api_detail::run_call({}, false, [&] { impl_->ae("set_feature_names").set_feature_names(std::move(names)); });
}

namespace {

/// X as the model's input: float32 rows of the width it was fitted on.
api_detail::FloatRows model_input(const Model& m, const Features& X, const char* what) {
  api_detail::FloatRows rows = api_detail::float_rows(X, "X");
  SMRT_THROW_IF_NOT(DataError, rows.view.n_cols == m.n_features(), what, ": X has ", rows.view.n_cols,
                    " features but the model was fitted on ", m.n_features());
  api_detail::check_finite(rows.view, "X");  // NaN rows came back as NaN (and blamed loc / scale in generation)
  return rows;
}

}  // namespace

Matrix Model::feed_forward(const Features& X, const RunOptions& options) const {
  return api_detail::run_call(options, true, [&] { return impl_->ae("feed_forward").feed_forward(model_input(*this, X, "feed_forward").view); });
}
Matrix Model::encode(const Features& X, const RunOptions& options) const {
  return api_detail::run_call(options, true, [&] { return impl_->ae("encode").encode(model_input(*this, X, "encode").view); });
}
std::vector<double> Model::reconstruction_error(const Features& X, const RunOptions& options) const {
  return api_detail::run_call(options, true, [&] {
    return impl_->ae("reconstruction_error").reconstruction_error(model_input(*this, X, "reconstruction_error").view);
  });
}
std::vector<double> Model::epoch_costs() const { return impl_->ae("epoch_costs").epoch_costs(); }
uint64_t Model::seed() const { return impl_->ae("seed").seed(); }
std::map<std::string, std::string> Model::params() const {
  if (!impl_->params.empty() || !impl_->autoencoder) return impl_->params;
  return impl_->autoencoder->param_text();
}

Matrix Model::generate(int64_t n, double loc, double scale, const RunOptions& options) {
  return api_detail::run_call(options, true, [&] {
    SMRT_THROW_IF_NOT(ParameterError, n >= 0, "generate: n_samples=", n, " must be >= 0");
    GenerateArgs{loc, scale}.validate("generate");
    return impl_->vae("generate").generate(n, GenerateArgs{loc, scale});
  });
}
Matrix Model::generate_from_sample(const Features& X, double loc, double scale, const RunOptions& options) {
  return api_detail::run_call(options, true, [&] {
    GenerateArgs{loc, scale}.validate("generate_from_sample");
    auto& vae = impl_->vae("generate_from_sample");
    return vae.generate_from_sample(model_input(*this, X, "generate_from_sample").view, GenerateArgs{loc, scale});
  });
}
Matrix Model::decode(const Features& Z, const RunOptions& options) const {
  return api_detail::run_call(options, true, [&] {
    auto& vae = impl_->vae("decode");
    const api_detail::FloatRows rows = api_detail::float_rows(Z, "Z");
    SMRT_THROW_IF_NOT(DataError, rows.view.n_cols == vae.n_latent_factors(), "decode: Z has ", rows.view.n_cols,
                      " columns but the model has ", vae.n_latent_factors(), " latent factors");
    api_detail::check_finite(rows.view, "Z");
    return vae.decode(rows.view);
  });
}
int64_t Model::n_latent_factors() const { return impl_->vae("n_latent_factors").n_latent_factors(); }

std::vector<std::string> Model::classes() const {
  SMRT_THROW_IF_NOT(ParameterError, impl_->image != nullptr, "classes: a ", kind(), " model has no classes");
  std::vector<std::string> out;
  for (int32_t c : impl_->image->classes()) out.push_back(impl_->image->class_names()[static_cast<size_t>(c)]);
  return out;
}

Matrix Model::generate_class(const std::string& label, int64_t n, uint64_t seed, const RunOptions& options) {
  return api_detail::run_call(options, true, [&] {
    SMRT_THROW_IF_NOT(ParameterError, impl_->image != nullptr, "generate_class: a ", kind(),
                      " model is not an image model; use generate");
    SMRT_THROW_IF_NOT(ParameterError, n >= 0, "generate_class: n=", n, " must be >= 0");
    int32_t id = -1;
    std::string names;
    for (int32_t c : impl_->image->classes()) {
      const std::string& name = impl_->image->class_names()[static_cast<size_t>(c)];
      names += (names.empty() ? "" : ", ") + name;
      if (name == label) id = c;
    }
    SMRT_THROW_IF_NOT(ParameterError, id >= 0, "class '", label, "': this ", kind(), " model generates only ", names);
    // The images and their copy as a Matrix, checked before the generator allocates them.
    check_memory(8.0 * static_cast<double>(n) * static_cast<double>(n_features()),
                 msg("generate_class: n=", n, " images of ", n_features(), " values"));
    Rng rng(seed);
    return impl_->image->generate(id, n, rng);
  });
}

namespace api_detail {

void before_fit(Sampler& sampler, const std::map<std::string, std::shared_ptr<Model>>& prefit) {
  auto* smrt_sampler = dynamic_cast<SmrtSampler*>(&sampler);
  if (!smrt_sampler) return;
  std::map<std::string, std::shared_ptr<VariationalAutoEncoder>> models;
  for (const auto& [label, model] : prefit)
    models[label] = std::dynamic_pointer_cast<VariationalAutoEncoder>(model->impl().autoencoder);
  smrt_sampler->set_prefit_models(std::move(models));
}

std::shared_ptr<Model> model_of(Sampler& sampler) {
  auto* image_sampler = dynamic_cast<generative::ImageModelSampler*>(&sampler);
  // A fit that trained nothing (every class at its target) has no model to hand out: one with no class
  // could not even be saved (pickling a fitted pipeline failed).
  if (!image_sampler || !image_sampler->shared_model() || image_sampler->shared_model()->classes().empty()) return nullptr;
  auto impl = std::make_unique<Model::Impl>();
  impl->image = image_sampler->shared_model();
  return wrap(std::move(impl));
}

std::map<std::string, std::shared_ptr<Model>> class_models_of(const Sampler& sampler, const ClassIndex& classes) {
  std::map<std::string, std::shared_ptr<Model>> out;
  const auto* smrt_sampler = dynamic_cast<const SmrtSampler*>(&sampler);
  if (!smrt_sampler) return out;
  for (const auto& [c, vae] : smrt_sampler->estimators()) {
    auto impl = std::make_unique<Model::Impl>();
    impl->autoencoder = vae;
    out[classes.name(c)] = wrap(std::move(impl));
  }
  return out;
}

}  // namespace api_detail

#else  // built without LibTorch: no method has a model

struct Model::Impl {};

namespace {
[[noreturn]] void no_generative() {
  throw Error("this smrt was built without LibTorch (SMRT_WITH_TORCH=OFF): no generative models");
}
}  // namespace

Model::Model(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Model::~Model() = default;
std::vector<ParamSpec> Model::autoencoder_params(const std::string&) { no_generative(); }
std::shared_ptr<Model> Model::fit_autoencoder(const std::string&, const ParamMap&, const Features&, const RunOptions&) { no_generative(); }
std::shared_ptr<Model> Model::load(const std::string&) { no_generative(); }
std::shared_ptr<Model> Model::from_bytes(const std::string&) { no_generative(); }
void Model::save(const std::string&) const { no_generative(); }
std::string Model::to_bytes() const { no_generative(); }
std::string Model::kind() const { no_generative(); }
bool Model::is_image_model() const { no_generative(); }
int64_t Model::n_features() const { no_generative(); }
std::vector<int64_t> Model::sample_shape() const { no_generative(); }
std::vector<std::string> Model::feature_names() const { no_generative(); }
void Model::set_feature_names(std::vector<std::string>) { no_generative(); }
Matrix Model::feed_forward(const Features&, const RunOptions&) const { no_generative(); }
Matrix Model::encode(const Features&, const RunOptions&) const { no_generative(); }
std::vector<double> Model::reconstruction_error(const Features&, const RunOptions&) const { no_generative(); }
std::vector<double> Model::epoch_costs() const { no_generative(); }
uint64_t Model::seed() const { no_generative(); }
std::map<std::string, std::string> Model::params() const { no_generative(); }
Matrix Model::generate(int64_t, double, double, const RunOptions&) { no_generative(); }
Matrix Model::generate_from_sample(const Features&, double, double, const RunOptions&) { no_generative(); }
Matrix Model::decode(const Features&, const RunOptions&) const { no_generative(); }
int64_t Model::n_latent_factors() const { no_generative(); }
std::vector<std::string> Model::classes() const { no_generative(); }
Matrix Model::generate_class(const std::string&, int64_t, uint64_t, const RunOptions&) { no_generative(); }

namespace api_detail {
void before_fit(Sampler&, const std::map<std::string, std::shared_ptr<Model>>& prefit) {
  if (!prefit.empty()) no_generative();
}
std::shared_ptr<Model> model_of(Sampler&) { return nullptr; }
std::map<std::string, std::shared_ptr<Model>> class_models_of(const Sampler&, const ClassIndex&) { return {}; }
}  // namespace api_detail

#endif

}  // namespace smrt
