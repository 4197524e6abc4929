#include "smrt/generative/gan_losses.h"

#include "smrt/core/error.h"

namespace smrt::generative {
namespace {

/// mean((||d critic / d x|| - 1)^2) at the points x.
torch::Tensor gradient_penalty(const Critic& critic, torch::Tensor x) {
  x = x.detach().requires_grad_(true);
  const torch::Tensor scores = critic(x);
  const auto grads = torch::autograd::grad({scores.sum()}, {x}, {}, /*retain_graph=*/true, /*create_graph=*/true);
  return (grads[0].flatten(1).norm(2, 1) - 1).pow(2).mean();
}

}  // namespace

const std::vector<std::string>& gan_loss_names() {
  static const std::vector<std::string> names{"gan", "wgan-gp", "lsgan", "dragan", "hinge"};
  return names;
}

GanLoss parse_gan_loss(const std::string& name) {
  const auto& names = gan_loss_names();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<GanLoss>(i);
  if (name == "wgan_gp" || name == "wgan") return GanLoss::WganGp;
  std::string allowed;
  for (const auto& n : names) allowed += (allowed.empty() ? "" : ", ") + n;
  throw ParameterError(msg("loss='", name, "' is not a GAN loss; allowed: ", allowed));
}

std::string to_string(GanLoss loss) { return gan_loss_names()[static_cast<size_t>(loss)]; }

torch::Tensor discriminator_loss(GanLoss loss, const Critic& critic, const torch::Tensor& real,
                                 const torch::Tensor& fake, torch::Generator& gen, double penalty_weight,
                                 double label_smoothing) {
  const torch::Tensor r = critic(real), f = critic(fake);
  const double s = label_smoothing;
  // Binary cross-entropy of the real scores against the target 1 - s.
  auto real_bce = [&] { return ((1 - s) * torch::softplus(-r) + s * torch::softplus(r)).mean(); };
  switch (loss) {
    case GanLoss::Gan:
      return real_bce() + torch::softplus(f).mean();
    case GanLoss::Lsgan:
      return 0.5 * (r - (1 - s)).pow(2).mean() + 0.5 * f.pow(2).mean();
    case GanLoss::Hinge:
      return torch::relu(1 - r).mean() + torch::relu(1 + f).mean();
    case GanLoss::WganGp: {
      const auto eps = torch::rand({real.size(0), 1}, gen);
      const auto mix = eps * real + (1 - eps) * fake;
      return f.mean() - r.mean() + penalty_weight * gradient_penalty(critic, mix);
    }
    case GanLoss::Dragan: {
      // Perturb real data by 0.5 * std * U[0, 1), as the DRAGAN reference code.
      const auto noise = 0.5 * real.std() * torch::rand(real.sizes(), gen);
      const auto eps = torch::rand({real.size(0), 1}, gen);
      const auto around = real + eps * noise;
      return real_bce() + torch::softplus(f).mean() + penalty_weight * gradient_penalty(critic, around);
    }
  }
  SMRT_ASSERT(false, "unknown GAN loss");
  return {};
}

torch::Tensor generator_loss(GanLoss loss, const torch::Tensor& fake_scores) {
  switch (loss) {
    case GanLoss::Gan:
    case GanLoss::Dragan: return torch::softplus(-fake_scores).mean();
    case GanLoss::Lsgan: return 0.5 * (fake_scores - 1).pow(2).mean();
    case GanLoss::WganGp:
    case GanLoss::Hinge: return -fake_scores.mean();
  }
  SMRT_ASSERT(false, "unknown GAN loss");
  return {};
}

}  // namespace smrt::generative
