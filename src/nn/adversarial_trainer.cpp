#include "smrt/nn/adversarial_trainer.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "smrt/core/error.h"
#include "smrt/core/interrupt.h"
#include "smrt/core/progress.h"

namespace smrt::nn {

AdversarialHistory train_adversarial(const torch::Tensor& data, const TrainOptions& options,
                                     const std::function<StepLosses(const torch::Tensor& batch)>& step, Rng& rng,
                                     const char* first_name, const char* second_name) {
  options.validate();
  const int64_t n = data.size(0);
  SMRT_THROW_IF_NOT(DataError, n >= 1, options.label, ": no rows to train on");
  const int64_t batch = std::min(options.batch_size, n);
  const int64_t n_batches = (n + batch - 1) / batch;
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), int64_t{0});

  AdversarialHistory history;
  // Progress counts batches so a slow epoch still moves the bar.
  Progress progress(options.label, options.n_epochs * n_batches);
  StepLosses last;
  for (int64_t epoch = 0; epoch < options.n_epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    torch::Tensor epoch_data = data;
    if (options.shuffle && n > 1) {
      shuffle(order.data(), n, rng);
      epoch_data = data.index_select(0, torch::from_blob(order.data(), {n}, torch::kInt64));
    }
    StepLosses total;
    for (int64_t b = 0; b < n_batches; ++b) {
      const int64_t lo = b * batch, len = std::min(batch, n - lo);
      check_interrupt(options.label.c_str());
      const StepLosses l = step(epoch_data.narrow(0, lo, len));
      SMRT_THROW_IF_NOT(Error, std::isfinite(l.d_loss) && std::isfinite(l.g_loss), options.label, ": ", first_name,
                        "=", l.d_loss, ", ", second_name, "=", l.g_loss, " at epoch ", epoch + 1,
                        "; lower learning_rate");
      total.d_loss += l.d_loss;
      total.g_loss += l.g_loss;
      if (options.verbose >= 1)
        progress.update(epoch * n_batches + b + 1,
                        msg("epoch ", epoch + 1, "/", options.n_epochs, " ", first_name, "=", l.d_loss, " ",
                            second_name, "=", l.g_loss));
    }
    last = {total.d_loss / static_cast<double>(n_batches), total.g_loss / static_cast<double>(n_batches)};
    history.epoch_losses.push_back(last);
    history.epoch_times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (options.verbose > 1 && epoch % options.display_step == 0)
      progress_message(options.label, format_line("Epoch: %lld, %s=%.6f, %s=%.6f, time=%.4f (sec)",
                                                  static_cast<long long>(epoch + 1), first_name, last.d_loss,
                                                  second_name, last.g_loss, history.epoch_times.back()));
  }
  if (options.verbose >= 1) {
    const double seconds = std::accumulate(history.epoch_times.begin(), history.epoch_times.end(), 0.0);
    progress.finish(msg(first_name, "=", last.d_loss, " ", second_name, "=", last.g_loss, ", ",
                        history.epoch_losses.size(), " epoch(s) in ", seconds, " s"));
  }
  return history;
}

}  // namespace smrt::nn
