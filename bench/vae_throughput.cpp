// VAE training throughput of smrt's VariationalAutoEncoder, for
// bench/vae_throughput.py (which runs the same model in PyTorch-Python).
//
//   vae_throughput X.npy HIDDEN LATENT BATCH EPOCHS THREADS
//
// X.npy: float32 (n, d). Prints one JSON line: rows/s over EPOCHS epochs
// after a one-epoch warm-up, and the BLAS / thread settings torch ran with.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <torch/torch.h>

#include "smrt/core/npy_io.h"
#include "smrt/core/threads.h"
#include "smrt/generative/autoencoder.h"
#include "smrt/neighbors/blas.h"
#include "smrt/nn/runtime.h"

int main(int argc, char** argv) {
  smrt::ensure_fast_blas(argc, argv);  // the CLI's OpenBLAS kernel choice, same as `smrt`
  if (argc != 7) {
    std::fprintf(stderr, "usage: vae_throughput X.npy HIDDEN LATENT BATCH EPOCHS THREADS\n");
    return 2;
  }
  const smrt::NpyArray a = smrt::read_npy(argv[1]);
  if (a.descr != "<f4" || a.shape.size() != 2) {
    std::fprintf(stderr, "%s: need float32 (n, d)\n", argv[1]);
    return 2;
  }
  smrt::MatrixView X{reinterpret_cast<const float*>(a.bytes.data()), a.shape[0], a.shape[1]};
  smrt::nn::init_torch();
  smrt::set_num_threads(std::atoi(argv[6]));

  smrt::AutoEncoderParams p;
  p.n_hidden = {std::atoll(argv[2])};
  p.n_latent_factors = std::atof(argv[3]);
  p.training.train.batch_size = std::atoll(argv[4]);
  p.training.optimizer.learning_rate = 1e-3;  // rms_prop, clip, l2 1e-4: the notebook's defaults otherwise
  p.random_state = 1;
  const int64_t epochs = std::atoll(argv[5]);

  p.training.train.n_epochs = 1;
  smrt::VariationalAutoEncoder(p).fit(X);  // warm-up: allocator, BLAS threads
  p.training.train.n_epochs = epochs;
  smrt::VariationalAutoEncoder vae(p);
  const auto start = std::chrono::steady_clock::now();
  vae.fit(X);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto& blas = smrt::blas_status();
  std::printf(
      "{\"rows_per_s\": %.1f, \"seconds\": %.3f, \"final_cost\": %.6f, \"torch_threads\": %d, "
      "\"blas_core\": \"%s\", \"openblas_coretype\": \"%s\"}\n",
      static_cast<double>(X.n_rows * epochs) / seconds, seconds, vae.epoch_costs().back(), at::get_num_threads(),
      smrt::nn::blas_core_name().c_str(), blas.coretype.c_str());
  return 0;
}
