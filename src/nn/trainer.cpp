#include "smrt/nn/trainer.h"

#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "smrt/core/error.h"
#include "smrt/core/interrupt.h"
#include "smrt/core/progress.h"

namespace smrt::nn {

void TrainOptions::validate() const {
  SMRT_THROW_IF_NOT(ParameterError, n_epochs >= 1, "n_epochs=", n_epochs, " must be >= 1");
  SMRT_THROW_IF_NOT(ParameterError, batch_size >= 1, "batch_size=", batch_size, " must be >= 1");
  SMRT_THROW_IF_NOT(ParameterError, early_stopping >= 0, "early_stopping=", early_stopping, " must be >= 0");
  SMRT_THROW_IF_NOT(ParameterError, min_change >= 0.0 && std::isfinite(min_change), "min_change=", min_change,
                    " must be a finite number >= 0");
  SMRT_THROW_IF_NOT(ParameterError, verbose >= 0, "verbose=", verbose, " must be >= 0");
  SMRT_THROW_IF_NOT(ParameterError, display_step >= 1, "display_step=", display_step, " must be >= 1");
  SMRT_THROW_IF_NOT(ParameterError, !clip || gclip_min < gclip_max, "gclip_min=", gclip_min,
                    " must be below gclip_max=", gclip_max);
}

namespace {

// Below torch's grain size the per-parameter kernels of an update would run
// serially; on the flattened buffers (see make_optimizer) some (sqrt goes
// through ATen's vml, grain 2048) would open a parallel region per call,
// which costs more than the work and collapses when the cores are busy.
constexpr int64_t kSerialUpdateElements = 32768;

class SerialIfSmall {
 public:
  explicit SerialIfSmall(const torch::optim::Optimizer& optimizer) {
    int64_t n = 0;
    for (const auto& group : optimizer.param_groups())
      for (const auto& p : group.params()) n += p.numel();
    if (n < kSerialUpdateElements && omp_get_max_threads() > 1) {
      saved_ = omp_get_max_threads();
      omp_set_num_threads(1);  // this thread's setting only; restored below
    }
  }
  ~SerialIfSmall() {
    if (saved_ > 0) omp_set_num_threads(saved_);
  }
  SerialIfSmall(const SerialIfSmall&) = delete;
  SerialIfSmall& operator=(const SerialIfSmall&) = delete;

 private:
  int saved_ = 0;
};

/// torch::nn::utils::clip_grad_norm_ with the same arithmetic (float norms,
/// coefficient max / (norm + 1e-6)), but the gradients are only rescaled when
/// the coefficient is below 1: clip_grad_norm_ multiplies every gradient by
/// min(coefficient, 1) on every step, a full pass over the gradient buffer
/// (and a clamp) that is a no-op on most steps (the VAE's cap of 50 rarely
/// binds once training has settled). docs/benchmarks.md, "Neural core".
void cap_gradient_norm(torch::optim::Optimizer& optimizer, double max_norm) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> grads, norms;
  for (auto& group : optimizer.param_groups())
    for (auto& p : group.params())
      if (p.grad().defined()) {
        grads.push_back(p.grad());
        norms.push_back(p.grad().norm(2));
      }
  if (grads.empty()) return;
  const torch::Tensor total = norms.size() == 1 ? norms[0] : torch::stack(norms).norm(2);
  const torch::Tensor coef = max_norm / (total + 1e-6);
  if (coef.item<float>() >= 1.0f) return;  // NaN falls through and spreads, as in clip_grad_norm_
  for (auto& g : grads) g.mul_(coef);
}

}  // namespace

void apply_gradients(const torch::Tensor& loss, torch::optim::Optimizer& optimizer, const TrainOptions& options) {
  loss.backward();
  SerialIfSmall serial(optimizer);
  if (options.clip) {
    torch::NoGradGuard no_grad;
    for (auto& group : optimizer.param_groups())
      for (auto& p : group.params())
        if (p.grad().defined()) p.grad().clamp_(options.gclip_min, options.gclip_max);
  }
  if (options.max_grad_norm > 0) cap_gradient_norm(optimizer, options.max_grad_norm);
  optimizer.step();
}

Trainer::Trainer(TrainOptions options) : options_(std::move(options)) { options_.validate(); }

TrainHistory Trainer::fit(const torch::Tensor& data, const LossFn& loss_fn, torch::optim::Optimizer& optimizer,
                          Rng& rng) const {
  return run(
      data,
      [&](const torch::Tensor& batch) {
        optimizer.zero_grad();
        torch::Tensor loss = loss_fn(batch);
        const double value = loss.item<double>();
        apply_gradients(loss, optimizer, options_);
        return value;
      },
      rng);
}

TrainHistory Trainer::run(const torch::Tensor& data, const StepFn& step, Rng& rng) const {
  const int64_t n = data.size(0);
  SMRT_THROW_IF_NOT(DataError, n >= 1, options_.label, ": no rows to train on");
  const int64_t batch = std::min(options_.batch_size, n);
  const int64_t n_batches = (n + batch - 1) / batch;
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), int64_t{0});

  TrainHistory history;
  Progress progress(options_.label, options_.n_epochs);
  const bool bar = options_.verbose >= 1;
  int64_t calm_epochs = 0;
  for (int64_t epoch = 0; epoch < options_.n_epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    torch::Tensor epoch_data = data;
    if (options_.shuffle && n > 1) {
      shuffle(order.data(), n, rng);
      epoch_data = data.index_select(0, torch::from_blob(order.data(), {n}, torch::kInt64));
    }
    double total = 0.0;
    for (int64_t b = 0; b < n_batches; ++b) {
      const int64_t lo = b * batch, len = std::min(batch, n - lo);
      check_interrupt(options_.label.c_str());
      const double cost = step(epoch_data.narrow(0, lo, len));
      // "or enable clip" only where it is off: the VAE's notebook defaults (clip on) diverged on 3 x 28 x 28
      // images and were told to enable it.
      SMRT_THROW_IF_NOT(Error, std::isfinite(cost), options_.label, ": the cost became ", cost, " at epoch ",
                        epoch + 1, "; lower learning_rate", options_.clip ? "" : " or enable clip");
      total += cost;
    }
    const double cost = total / static_cast<double>(n_batches);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    history.epoch_costs.push_back(cost);
    history.epoch_times.push_back(seconds);
    if (options_.verbose > 1 && epoch % options_.display_step == 0)
      progress_message(options_.label, format_line("Epoch: %lld, cost=%.6f, time=%.4f (sec)",
                                                   static_cast<long long>(epoch + 1), cost, seconds));
    else if (bar)
      progress.update(epoch + 1, msg("cost=", cost));

    if (options_.early_stopping > 0 && epoch > 0) {
      const double change = std::fabs(history.epoch_costs[static_cast<size_t>(epoch - 1)] - cost);
      calm_epochs = change <= options_.min_change ? calm_epochs + 1 : 0;
      if (calm_epochs >= options_.early_stopping) {
        history.stopped_early = true;
        if (options_.verbose > 0)
          progress_message(options_.label, msg(options_.label, ": convergence reached at epoch ", epoch + 1,
                                               ", stopping early"));
        break;
      }
    }
  }
  if (bar) {
    const double mean_time = std::accumulate(history.epoch_times.begin(), history.epoch_times.end(), 0.0) /
                             static_cast<double>(history.epoch_times.size());
    const std::string note = msg("cost=", history.epoch_costs.back(), ", ", history.epoch_costs.size(),
                                 " epoch(s), average epoch time ", mean_time, " s");
    if (history.stopped_early) progress.finish_early(static_cast<int64_t>(history.epoch_costs.size()), note + ", stopped early");
    else progress.finish(note);
  }
  return history;
}

}  // namespace smrt::nn
