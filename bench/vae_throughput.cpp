// VAE training throughput of smrt's VariationalAutoEncoder, for
// bench/vae_throughput.py (which runs the same model in PyTorch-Python).
//
//   vae_throughput X.npy HIDDEN LATENT BATCH EPOCHS THREADS [NAME=VALUE ...]
//   vae_throughput --gemm FEATURES HIDDEN LATENT BATCH ITERATIONS THREADS
//
// X.npy: float32 (n, d). NAME=VALUE sets one of the VAE's parameters
// (activation_function, learning_function, learning_rate, clip, l2_penalty,
// dropout); the rest are the library defaults, but learning_rate=1e-3.
// Prints one JSON line: rows/s over EPOCHS epochs after a one-epoch warm-up,
// and the BLAS / thread settings torch ran with.
//
// --gemm times only the matrix products of one training step of the
// FEATURES-HIDDEN-LATENT VAE at BATCH rows (forward, and backward: the
// gradient of every weight and of every layer input but the data's), on
// preallocated tensors: the GEMM limit of that network, in rows/s.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "smrt/core/npy_io.h"
#include "smrt/core/threads.h"
#include "smrt/generative/autoencoder.h"
#include "smrt/neighbors/blas.h"
#include "smrt/nn/runtime.h"

namespace {

using Clock = std::chrono::steady_clock;

/// CPU seconds (user + system) of every thread of this process so far: on a
/// shared machine rows per CPU second move much less with the load than rows
/// per second.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

void print_result(double rows, double seconds, double cpu, double cost) {
  const auto& blas = smrt::blas_status();
  std::printf(
      "{\"rows_per_s\": %.1f, \"rows_per_cpu_s\": %.1f, \"seconds\": %.3f, \"cpu_seconds\": %.3f, "
      "\"final_cost\": %.6f, \"torch_threads\": %d, \"blas_core\": \"%s\", \"openblas_coretype\": \"%s\"}\n",
      rows / seconds, rows / cpu, seconds, cpu, cost, at::get_num_threads(), smrt::nn::blas_core_name().c_str(), blas.coretype.c_str());
}

/// The matrix products of one step: per layer (in -> out) on B rows,
/// Y = X W^T, dW = dY^T X, and dX = dY W except for the first layer.
int gemm_limit(char** argv) {
  const int64_t d = std::atoll(argv[2]), h = std::atoll(argv[3]), l = std::atoll(argv[4]);
  const int64_t b = std::atoll(argv[5]), iterations = std::atoll(argv[6]);
  smrt::set_num_threads(std::atoi(argv[7]));
  struct Layer {
    int64_t in, out;
    bool input_grad;
  };
  const std::vector<Layer> layers{{d, h, false}, {h, l, true}, {h, l, true}, {l, h, true}, {h, d, true}};
  struct Buffers {
    torch::Tensor x, w, y, dy, dw, dx;
  };
  std::vector<Buffers> bufs;
  for (const auto& L : layers)
    bufs.push_back({torch::rand({b, L.in}), torch::rand({L.out, L.in}), torch::empty({b, L.out}),
                    torch::rand({b, L.out}), torch::empty({L.out, L.in}), torch::empty({b, L.in})});
  auto step = [&] {
    for (size_t i = 0; i < layers.size(); ++i) {
      auto& B = bufs[i];
      at::mm_out(B.y, B.x, B.w.t());
      at::mm_out(B.dw, B.dy.t(), B.x);
      if (layers[i].input_grad) at::mm_out(B.dx, B.dy, B.w);
    }
  };
  for (int i = 0; i < 20; ++i) step();  // warm-up
  const auto start = Clock::now();
  const double cpu0 = cpu_seconds();
  for (int64_t i = 0; i < iterations; ++i) step();
  const double cpu = cpu_seconds() - cpu0;
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  print_result(static_cast<double>(b * iterations), seconds, cpu, 0.0);
  return 0;
}

bool set_param(smrt::AutoEncoderParams& p, const std::string& arg) {
  const auto eq = arg.find('=');
  if (eq == std::string::npos) return false;
  const std::string name = arg.substr(0, eq), value = arg.substr(eq + 1);
  if (name == "activation_function") p.activation_function = value;
  else if (name == "learning_function")
    p.training.optimizer.learning_function = smrt::nn::parse_learning_function(value);
  else if (name == "learning_rate") p.training.optimizer.learning_rate = std::atof(value.c_str());
  else if (name == "clip") p.training.train.clip = value == "1" || value == "True" || value == "true";
  else if (name == "l2_penalty") p.training.optimizer.l2_penalty = std::atof(value.c_str());
  else if (name == "dropout") p.dropout = std::atof(value.c_str());
  else return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  smrt::ensure_fast_blas(argc, argv);  // the CLI's OpenBLAS kernel choice, same as `smrt`
  smrt::nn::init_torch();
  if (argc == 8 && std::strcmp(argv[1], "--gemm") == 0) return gemm_limit(argv);
  if (argc < 7) {
    std::fprintf(stderr,
                 "usage: vae_throughput X.npy HIDDEN LATENT BATCH EPOCHS THREADS [NAME=VALUE ...]\n"
                 "       vae_throughput --gemm FEATURES HIDDEN LATENT BATCH ITERATIONS THREADS\n");
    return 2;
  }
  const smrt::NpyArray a = smrt::read_npy(argv[1]);
  if (a.descr != "<f4" || a.shape.size() != 2) {
    std::fprintf(stderr, "%s: need float32 (n, d)\n", argv[1]);
    return 2;
  }
  smrt::MatrixView X{reinterpret_cast<const float*>(a.bytes.data()), a.shape[0], a.shape[1]};
  smrt::set_num_threads(std::atoi(argv[6]));

  smrt::AutoEncoderParams p;
  p.n_hidden = {std::atoll(argv[2])};
  p.n_latent_factors = std::atof(argv[3]);
  p.training.train.batch_size = std::atoll(argv[4]);
  p.training.optimizer.learning_rate = 1e-3;  // rms_prop, clip, l2 1e-4: the notebook's defaults otherwise
  p.random_state = 1;
  for (int i = 7; i < argc; ++i) {
    if (!set_param(p, argv[i])) {
      std::fprintf(stderr, "%s: not NAME=VALUE with a NAME this benchmark sets\n", argv[i]);
      return 2;
    }
  }
  const int64_t epochs = std::atoll(argv[5]);

  p.training.train.n_epochs = 1;
  smrt::VariationalAutoEncoder(p).fit(X);  // warm-up: allocator, BLAS threads
  p.training.train.n_epochs = epochs;
  smrt::VariationalAutoEncoder vae(p);
  const auto start = Clock::now();
  const double cpu0 = cpu_seconds();
  vae.fit(X);
  const double cpu = cpu_seconds() - cpu0;
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  print_result(static_cast<double>(X.n_rows * epochs), seconds, cpu, vae.epoch_costs().back());
  return 0;
}
