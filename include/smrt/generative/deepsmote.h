#pragma once
// DeepSMOTE (Dablain, Krawczyk & Chawla 2021). An encoder / decoder pair is
// trained on the imbalanced images with a reconstruction loss plus the
// paper's permuted-order penalty: each step also takes a batch of one class
// picked uniformly at random, encodes it (without gradient to the encoder),
// shifts the codes' order by one and asks the decoder to rebuild the images
// in the shifted order. By default the reconstruction batches are class-
// balanced too (smaller classes' images repeated), the networks use batch
// normalisation as the paper's do, and the loss is binary cross-entropy:
// with 100 images of a class and MSE, decoded shirts came out as blurred
// pullovers (docs/gan_oversampling.md has the measurements). New images of
// a class are SMOTE points (a random code, one of its k nearest codes, a
// random point between them) in the latent space, decoded. The codes of
// every targeted class are kept in the model file.

#include <map>

#include <nlohmann/json.hpp>

#include "smrt/generative/gan_training.h"
#include "smrt/generative/gan_model.h"
#include "smrt/nn/checkpoint.h"

namespace smrt::generative {

class DeepSmote : public GanImageModel {
 public:
  explicit DeepSmote(const ParamValues& params);
  static std::vector<ParamSpec> param_specs();
  static std::unique_ptr<ImageModel> load(const nn::ModelFile& file);

  std::string method() const override { return "deepsmote"; }
  void fit(const DataView& data, const std::vector<int32_t>& targeted, const std::vector<std::string>& class_names,
           Rng& rng) override;
  Matrix generate(int32_t c, int64_t n, Rng& rng) override;
  std::vector<int32_t> classes() const override;
  std::string to_bytes() const override;

 private:
  DeepSmote() = default;
  struct Net;
  void build(torch::Generator gen);

  GanTraining training_;
  int64_t max_per_class_ = 0;
  int64_t k_neighbors_ = 5;
  double penalty_weight_ = 1.0;
  bool balance_ = true;
  std::string loss_ = "bce";  ///< reconstruction_loss
  std::shared_ptr<Net> net_;
  std::map<int32_t, torch::Tensor> codes_;  ///< latent codes of each targeted class's images
};

}  // namespace smrt::generative
