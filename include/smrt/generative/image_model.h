#pragma once
// A generative model of images per class, as the GAN samplers (cgan, smate,
// deepsmote) use it: fit on a labelled image set, then draw new images of a
// class. Models save to and load from nn's model files (JSON header +
// weights), so `fit` once and `generate` later reproduces the same images
// for the same random_state.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "smrt/core/dataset.h"
#include "smrt/core/params.h"
#include "smrt/core/rng.h"
#include "smrt/sample/sampler.h"

namespace smrt::nn {
struct ModelFile;
}

namespace smrt::generative {

class ImageModel {
 public:
  virtual ~ImageModel() = default;
  /// "cgan", "smate", "deepsmote": the method and the model file's class.
  virtual std::string method() const = 0;
  /// Fits on `data` (image rows; see image_shape_of). `targeted` are the
  /// classes to be generated later; `class_names` the label of each id.
  virtual void fit(const DataView& data, const std::vector<int32_t>& targeted,
                   const std::vector<std::string>& class_names, Rng& rng) = 0;
  /// `n` new images of class id `c`, in the units of the training data.
  virtual Matrix generate(int32_t c, int64_t n, Rng& rng) = 0;
  /// Class ids this model can generate.
  virtual std::vector<int32_t> classes() const = 0;
  /// Whether one model of every class is fitted whatever `targeted` holds
  /// (cgan: `targeted` only chooses the images repeated), so that `fit` on a
  /// set where no class needs new rows still has something to model.
  virtual bool models_every_class() const { return false; }
  const std::vector<std::string>& class_names() const { return class_names_; }
  const std::vector<int64_t>& sample_shape() const { return sample_shape_; }
  /// The model file's bytes (for pickling); save() writes them atomically.
  virtual std::string to_bytes() const = 0;
  void save(const std::string& path) const;

 protected:
  std::vector<std::string> class_names_;
  std::vector<int64_t> sample_shape_;  ///< of the training data ({H, W} or {C, H, W})
};

/// Loads any of the GAN family's model files (dispatching on the header's
/// class); an IoError names the file and what was found.
std::unique_ptr<ImageModel> load_image_model(const std::string& path);
/// The same from a read and checked model file (see nn/checkpoint.h).
std::unique_ptr<ImageModel> load_image_model(const nn::ModelFile& file);

using ImageModelFactory = std::function<std::unique_ptr<ImageModel>(const ParamValues&)>;

/// The sampler around an ImageModel: fit on the data, then generate
/// plan.n_to_add(c) images for every targeted class.
class ImageModelSampler : public Sampler {
 public:
  ImageModelSampler(const ParamValues& params, ImageModelFactory make);
  SamplingType sampling_type() const override { return SamplingType::OverSampling; }
  /// The model of the last fit_resample (null before).
  ImageModel* model() const { return model_.get(); }
  /// The same, shared (the library API hands it to its caller).
  std::shared_ptr<ImageModel> shared_model() const { return model_; }

 protected:
  Resampled resample(const DataView& data, const SamplingPlan& plan, Rng& rng) override;
  /// Fits the model on the classes the plan adds rows to; generates nothing.
  void fit_only(const DataView& data, const SamplingPlan& plan, Rng& rng) override;

 private:
  /// Fits the model on the classes the plan adds rows to; with none, only a
  /// model of every class (models_every_class) and only when `fit_untargeted`.
  std::vector<int32_t> fit_targeted(const DataView& data, const SamplingPlan& plan, Rng& rng,
                                    bool fit_untargeted = false);
  ParamValues params_;
  ImageModelFactory make_;
  std::shared_ptr<ImageModel> model_;
};

/// Registers cgan, smate and deepsmote (the `augment` sampler lives in the
/// sample layer). Idempotent.
void register_gan_methods();

}  // namespace smrt::generative
