#pragma once
// The adversarial losses SMate offers (after its repository's list):
//   gan      non-saturating (Goodfellow et al. 2014), on logits
//   wgan-gp  Wasserstein critic with a gradient penalty on interpolates (Gulrajani et al. 2017)
//   lsgan    least squares (Mao et al. 2017)
//   dragan   gan + a gradient penalty around perturbed real data (Kodali et al. 2017)
//   hinge    hinge loss (Lim & Ye 2017; Miyato et al. 2018)

#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

namespace smrt::generative {

enum class GanLoss { Gan, WganGp, Lsgan, Dragan, Hinge };

const std::vector<std::string>& gan_loss_names();  ///< "gan", "wgan-gp", "lsgan", "dragan", "hinge"
/// Throws ParameterError naming `loss` and the allowed values.
GanLoss parse_gan_loss(const std::string& name);
std::string to_string(GanLoss loss);

/// The discriminator as a function of (N, D) images in [0, 1] -> (N) scores;
/// a conditional model captures its labels.
using Critic = std::function<torch::Tensor(const torch::Tensor& images)>;

/// Discriminator / critic loss on a real and a (detached) fake batch of the
/// same size. Penalty terms draw their noise from `gen`. `label_smoothing` s
/// is one-sided smoothing (Salimans et al. 2016): real images are scored
/// against 1 - s rather than 1 (gan, lsgan, dragan; the others ignore it).
torch::Tensor discriminator_loss(GanLoss loss, const Critic& critic, const torch::Tensor& real,
                                 const torch::Tensor& fake, torch::Generator& gen, double penalty_weight = 10.0,
                                 double label_smoothing = 0.0);

/// Generator loss from the critic's scores of a fake batch.
torch::Tensor generator_loss(GanLoss loss, const torch::Tensor& fake_scores);

}  // namespace smrt::generative
