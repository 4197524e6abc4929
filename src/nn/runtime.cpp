#include "smrt/nn/runtime.h"

#include <dlfcn.h>

#include <cstring>
#include <mutex>
#include <string>

#include <ATen/CPUGeneratorImpl.h>

#include "smrt/core/error.h"
#include "smrt/core/system_info.h"
#include "smrt/core/threads.h"

namespace smrt::nn {

namespace {

void follow_smrt_threads() {
  static std::once_flag once;
  std::call_once(once, [] {
    add_thread_hook([](int n) {
      if (at::get_num_threads() != n) at::set_num_threads(n);
    });
  });
}

}  // namespace

void register_torch_report() {
  static std::once_flag once;
  std::call_once(once, [] {
    add_system_report([](std::vector<std::pair<std::string, std::string>>& lines) {
      follow_smrt_threads();
      lines.emplace_back("torch", TORCH_VERSION);
      lines.emplace_back("torch threads", std::to_string(at::get_num_threads()));
      const std::string core = blas_core_name();
      lines.emplace_back("torch BLAS", core.empty() ? "not OpenBLAS" : "OpenBLAS, core " + core);
    });
  });
}

void init_torch() {
  follow_smrt_threads();
  register_torch_report();
}

torch::Generator make_generator(Rng& rng) {
  // CPUGeneratorImpl is a mt19937 seeded with 64 bits.
  return at::make_generator<at::CPUGeneratorImpl>(rng.next_u64());
}

torch::Tensor to_tensor(const MatrixView& X) {
  auto t = torch::empty({X.n_rows, X.n_cols}, torch::kFloat32);
  if (X.n_rows > 0 && X.n_cols > 0)
    std::memcpy(t.data_ptr<float>(), X.data, static_cast<size_t>(checked_size(X.n_rows, X.n_cols)) * sizeof(float));
  return t;
}

Matrix to_matrix(const torch::Tensor& t) {
  SMRT_ASSERT(t.dim() == 2, "to_matrix needs a 2-D tensor, got ", t.dim(), "-D");
  auto c = t.detach().to(torch::kFloat32).contiguous();
  Matrix out(c.size(0), c.size(1));
  if (c.numel() > 0) std::memcpy(out.data(), c.data_ptr<float>(), static_cast<size_t>(c.numel()) * sizeof(float));
  return out;
}

std::string blas_core_name() {
  using CoreFn = char* (*)();
  auto fn = reinterpret_cast<CoreFn>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (!fn) return "";
  const char* name = fn();
  return name ? std::string(name) : std::string();
}

}  // namespace smrt::nn
