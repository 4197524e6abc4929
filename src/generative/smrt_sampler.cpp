#include "smrt/generative/smrt_sampler.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "smrt/core/error.h"
#include "smrt/core/progress.h"
#include "smrt/generative/register.h"
#include "smrt/generative/image_model.h"
#include "smrt/nn/runtime.h"
#include "smrt/sample/registry.h"

namespace smrt {
namespace {

constexpr auto& spec = make_param_spec;  // short name for the tables below

/// "3:vae3.smrtm,8:vae8.smrtm" -> {"3": "vae3.smrtm", "8": "vae8.smrtm"}.
std::map<std::string, std::string> parse_prefit(const std::string& text) {
  std::map<std::string, std::string> out;
  if (text == "None" || text.empty()) return out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, end - start);
    const size_t colon = item.find(':');
    SMRT_THROW_IF_NOT(ParameterError, colon != std::string::npos && colon > 0 && colon + 1 < item.size(),
                      "prefit_estimators: '", item, "' is not LABEL:MODEL_FILE (write models with `smrt fit`)");
    out[item.substr(0, colon)] = item.substr(colon + 1);
    start = end + 1;
  }
  return out;
}

}  // namespace

std::vector<ParamSpec> SmrtSampler::param_specs() {
  std::vector<ParamSpec> own = AutoEncoderParams::specs(true, false);
  // SMRT's own network defaults (the VariationalAutoEncoder keeps the seed's):
  // measured in docs/neural.md, "SMRT's defaults".
  for (auto& s : own) {
    if (s.name == "n_hidden")
      s.doc = "Hidden layer sizes, encoder order ('900' or '[256,64]'); the decoder mirrors them. None: one layer "
              "of max(32, 2 x n_features) units, 400 above 200 features (images).";
    if (s.name == "n_latent_factors")
      s.doc = "Size of the latent code: a count >= 1, or a fraction < 1 of n_features. None: n_features / 2 "
              "(at least 2), 20 above 200 features.";
    if (s.name == "n_epochs") {
      s.default_value = "None";
      s.nullable = true;
      s.doc = "Full passes over the class's rows. None: enough for about 1,000 gradient steps (20 to 1,000 epochs).";
    }
    if (s.name == "activation_function") s.default_value = "relu";
    if (s.name == "learning_function") s.default_value = "adam";
    if (s.name == "learning_rate") s.default_value = "0.001";
    if (s.name == "clip") s.default_value = "False";
    if (s.name == "l2_penalty") s.default_value = "None";
  }
  auto gen = spec("gen_from_samples", ParamType::Bool, "True",
                  "True: new rows are posterior draws around archetypal rows (generate_from_sample). "
                  "False: draws from the prior (generate), best-reconstructed kept.");
  own.push_back(gen);
  own.push_back(spec("conditional", ParamType::Bool, "True",
                     "True: one conditional VAE over every class (the class joins the encoder's input and the "
                     "decoder's code; batches hold every class equally), so a rare class borrows the structure "
                     "the others teach. False: one VAE per class on its own rows (the seed's SMRT)."));
  auto transfer = spec("transfer", ParamType::Float, "None",
                       "conditional only: the share of new rows made by encoding rows of the other classes and "
                       "decoding them as the class being raised (their style, its class). None: 0.5 on image data "
                       "(rows with an image shape; the rest are residual draws) but at most 4 per real row of the "
                       "class, 0.0 on tables.");
  transfer.nullable = true;
  transfer.min = 0.0;
  transfer.max = 1.0;
  own.push_back(transfer);
  auto transfer_k = spec("transfer_neighbors", ParamType::Int, "30",
                         "With transfer: the rows decoded as the raised class are drawn from the k nearest rows of "
                         "other classes to each of its real rows (their union: the other classes' rows that border "
                         "it). 0: from every row of another class.");
  transfer_k.min = 0.0;
  own.push_back(transfer_k);
  own.push_back(spec("transfer_residual", ParamType::Bool, "True",
                     "With transfer: a transferred row is its decoding as the raised class plus the source row's "
                     "residual (the source minus its reconstruction as its own class), clamped to the data's column "
                     "ranges: the source's sharp detail, which a CNN needs (docs/neural.md). False: the decoding "
                     "alone."));
  own.push_back(spec("residual", ParamType::Bool, "True",
                     "With gen_from_samples or interpolate: a new row is its archetype plus the decoder's "
                     "displacement decode(z_new) - decode(z_archetype), clamped to the data's column ranges, so it "
                     "keeps the real row's detail. False: the decoded row itself."));
  auto augment = spec("augment", ParamType::Bool, "False",
                      "Image data: every generated image also gets classic augmentation (`augment`'s defaults: crop, "
                      "blur, contrast, noise, multiply, affine; no mirroring). None: on for image-shaped rows.");
  augment.nullable = true;
  own.push_back(augment);
  auto filter = spec("filter_neighbors", ParamType::Int, "0",
                     "k > 0: keep a new row only when at least filter_share of its k nearest real rows (every "
                     "class) are of its class, and draw rejected rows again (up to 5 rounds; then the earliest "
                     "rejected fill the count). 0: no filter. `smrt -v` prints each class's rejection rate.");
  filter.min = 0.0;
  own.push_back(filter);
  auto share = spec("filter_share", ParamType::Float, "0.5",
                    "With filter_neighbors: the share of the k nearest real rows that must be of the new row's "
                    "class (0.5: most of them, as EditedNearestNeighbours; 1/k: any one).");
  share.min = 0.0;
  share.min_exclusive = true;
  share.max = 1.0;
  own.push_back(share);
  own.push_back(spec("interpolate", ParamType::Bool, "False",
                     "True: each new row decodes a random point between the latent codes of two neighbouring archetypes "
                     "(SMOTE in latent space) plus posterior noise scaled by `scale`; wins over gen_from_samples."));
  auto interp_k = spec("interpolate_neighbors", ParamType::Int, "5",
                       "With interpolate: each archetype is paired with one of its k nearest archetypes (as SMOTE "
                       "pairs a row with one of its 5 nearest); 0: with any archetype, which moves the new rows "
                       "towards the class's middle.");
  interp_k.min = 0.0;
  own.push_back(interp_k);
  auto archetypes = spec("min_error_sample", ParamType::Float, "1.0",
                         "Archetype selection: the fraction of each class (lowest reconstruction error first) that "
                         "seeds new rows; with prior draws, 1/min_error_sample candidates per row are drawn and "
                         "the best-reconstructed kept. 1.0 turns selection off.");
  archetypes.min = 0.0;
  archetypes.min_exclusive = true;
  archetypes.max = 1.0;
  own.push_back(archetypes);
  own.push_back(spec("loc", ParamType::Float, "0.0", "generate_args: mean of the latent noise."));
  auto scale = spec("scale", ParamType::Float, "1.0", "generate_args: standard deviation of the latent noise.");
  scale.min = 0.0;
  own.push_back(scale);
  own.push_back(spec("prefit_estimators", ParamType::String, "None",
                     "Fitted VAEs to use instead of fitting, as LABEL:MODEL_FILE[,LABEL:MODEL_FILE] "
                     "(from `smrt fit --method vae`); other classes get a new VAE."));
  auto specs = sampler_params(true, own);
  for (auto& s : specs) {
    if (s.name == "sampling_strategy") s.default_value = "balance_ratio:0.2";
    if (s.name == "random_state") {
      s.default_value = "42";
      s.doc = "Seed of the random draws; the same seed gives the same output whatever the thread count, except "
              "with architecture=conv (its convolutions, like the GANs', sum in an order that depends on the thread "
              "count: the same seed and thread count give the same output).";
    }
  }
  return specs;
}

SmrtSampler::SmrtSampler(const ParamValues& params) : Sampler(params) {
  options_.vae = AutoEncoderParams::from(params, true);
  options_.gen_from_samples = params.get_bool("gen_from_samples");
  options_.interpolate = params.get_bool("interpolate");
  options_.interpolate_neighbors = static_cast<int>(params.get_int("interpolate_neighbors"));
  options_.residual = params.get_bool("residual");
  options_.conditional = params.get_bool("conditional");
  options_.transfer = params.get_optional_float("transfer").value_or(-1.0);
  options_.min_error_sample = params.get_float("min_error_sample");
  options_.filter_neighbors = static_cast<int>(params.get_int("filter_neighbors"));
  options_.filter_share = params.get_float("filter_share");
  options_.transfer_neighbors = static_cast<int>(params.get_int("transfer_neighbors"));
  options_.transfer_residual = params.get_bool("transfer_residual");
  options_.augment = params.is_none("augment") ? -1 : params.get_bool("augment") ? 1 : 0;
  options_.generate_args.loc = params.get_float("loc");
  options_.generate_args.scale = params.get_float("scale");
  prefit_paths_ = parse_prefit(params.get_string("prefit_estimators"));
  try {
    options_.validate();
  } catch (const ParameterError& e) {
    throw ParameterError(msg("smrt: ", e.what()));
  }
}

namespace {

/// How far apart a prefit VAE's training values and a class's rows may lie (the ratio of their largest
/// magnitudes) before SMRT refuses the model: 0-255 pixels against 0-1 pixels are 255 apart, the same units
/// about 1 (a class's rows span less than the data a model was fitted on, rarely 10x less at the extremes).
constexpr double kPrefitScaleRatio = 10.0;

/// A prefit VAE fitted on data of other units than class `label`'s rows would generate rows in its own
/// units (0-255 pixels into a 0-1 data set), silently: a DataError instead. Models from files written before
/// value_range was kept are not checked.
void check_prefit_scale(const std::string& label, const VariationalAutoEncoder& model, const MatrixView& X,
                        const std::vector<int64_t>& rows) {
  const auto fitted = model.value_range();
  if (!fitted || rows.empty()) return;
  float lo = X(rows[0], 0), hi = lo;
  for (int64_t r : rows) {
    const auto [mn, mx] = std::minmax_element(X.row(r), X.row(r) + X.n_cols);
    lo = std::min(lo, *mn);
    hi = std::max(hi, *mx);
  }
  const double model_size = std::max(std::fabs((*fitted)[0]), std::fabs((*fitted)[1]));
  const double data_size = std::max(std::fabs(lo), std::fabs(hi));
  if (model_size == 0.0 || data_size == 0.0) return;  // all zeros: no units to compare
  const double ratio = std::max(model_size / data_size, data_size / model_size);
  SMRT_THROW_IF_NOT(DataError, ratio <= kPrefitScaleRatio, "prefit_estimators: the estimator for class '", label,
                    "' was fitted on values in [", (*fitted)[0], ", ", (*fitted)[1], "], but the class's rows here "
                    "lie in [", lo, ", ", hi, "], ", std::llround(ratio), "x apart (more than ", kPrefitScaleRatio,
                    "x): it would generate rows in the units it was fitted on. Give X in the units of its training "
                    "data (e.g. both 0-1 or both 0-255 pixels), or fit the estimator on data like this");
}

}  // namespace

SmrtOptions SmrtSampler::options_with_prefit(const SamplingPlan& plan, const DataView& data) const {
  const int64_t n_features = data.n_cols();
  const auto rows_of = data.class_rows();
  SmrtOptions options = options_;
  // balance_ratio (the seed's smrt_balance) leaves a class already at the ratio alone, prefit estimator or not,
  // so one set of estimators serves a sweep over ratios; a strategy that names its classes must name this one.
  const bool sweepable = strategy().form() == SamplingStrategy::Form::BalanceRatio;
  auto class_of = [&](const std::string& label) -> std::optional<int32_t> {
    auto id = classes().find(label);
    SMRT_THROW_IF_NOT(ParameterError, id.has_value(), "prefit_estimators: class '", label,
                      "' is not in the data (classes: ", classes().describe(), ")");
    if (plan.targets(*id)) return id;
    SMRT_THROW_IF_NOT(ParameterError, sweepable, "prefit_estimators: class '", label,
                      "' is not resampled by sampling_strategy='", strategy().to_string(),
                      "', so its estimator would not be used");
    return std::nullopt;
  };
  // Checked here, where the class has its label (smrt_synthesize knows class ids only).
  auto use = [&](const std::string& label, int32_t id, std::shared_ptr<VariationalAutoEncoder> model) {
    SMRT_THROW_IF_NOT(ParameterError, model && model->is_fitted(), "prefit_estimators: the estimator for class '",
                      label, "' is not fitted");
    SMRT_THROW_IF_NOT(DataError, model->n_features() == n_features, "prefit_estimators: the estimator for class '",
                      label, "' expects ", model->n_features(), " features, the data has ", n_features);
    check_prefit_scale(label, *model, data.X, rows_of[static_cast<size_t>(id)]);
    options.prefit_estimators[id] = std::move(model);
  };
  for (const auto& [label, path] : prefit_paths_) {
    const auto id = class_of(label);
    // Read even when the class is left alone: a missing or damaged file is a mistake to report.
    std::shared_ptr<VariationalAutoEncoder> model;
    try {
      model = std::make_shared<VariationalAutoEncoder>(VariationalAutoEncoder::load(path));
    } catch (const IoError& e) {
      throw IoError(msg("prefit_estimators: class '", label, "': ", e.what()));
    }
    if (id) use(label, *id, std::move(model));
  }
  for (const auto& [label, model] : prefit_models_)
    if (auto id = class_of(label)) use(label, *id, model);
  return options;
}

Resampled SmrtSampler::resample(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  const SmrtOptions options = options_with_prefit(plan, data);
  estimators_.clear();
  filter_reports_.clear();
  Resampled out = smrt_synthesize(data, plan, options, rng, &estimators_, &filter_reports_);
  if (verbosity() == Verbosity::Detailed)
    for (const auto& [c, r] : filter_reports_)
      progress_message("smrt", format_line("smrt: class '%s': the neighbour filter rejected %lld of %lld candidate rows "
                                           "(%.1f%%)%s", classes().name(c).c_str(), static_cast<long long>(r.rejected),
                                           static_cast<long long>(r.tried), 100.0 * r.rejection_rate(),
                                           r.short_by > 0 ? msg("; ", r.short_by, " rejected rows kept to reach the count").c_str() : ""));
  return out;
}

void SmrtSampler::fit_only(const DataView& data, const SamplingPlan& plan, Rng& rng) {
  const SmrtOptions options = options_with_prefit(plan, data);
  estimators_.clear();
  smrt_fit_models(data, plan, options, rng, &estimators_);
  SMRT_THROW_IF_NOT(ParameterError, !estimators_.empty(), "sampling_strategy='", strategy().to_string(),
                    "' adds rows to no class, so there is no class to model");
}

void register_generative_methods() {
  // `smrt info --system` reports torch; its threads start when a method first uses it.
  nn::register_torch_report();
  auto& registry = SamplerRegistry::global();
  registry.add({"smrt",
                {"SMRT", "smrt_balance"},
                "generative",
                "SMRT: a variational autoencoder (by default one conditional VAE over every class) generates "
                "each raised class around its real rows.",
                SmrtSampler::param_specs(),
                [](const ParamValues& p) { return std::make_unique<SmrtSampler>(p); },
                ColumnShift::None});  // scales from the data's range; prefit VAEs work in the data's units
  generative::register_gan_methods();  // cgan, smate, deepsmote
}

}  // namespace smrt
