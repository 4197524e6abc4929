#pragma once
// LibTorch plumbing every neural model shares: the thread setting, seeded
// generators, and conversions between smrt matrices and tensors.
//
// Models never touch torch's global generator: each owns a torch::Generator
// seeded from an smrt::Rng draw, so random_state alone decides weights,
// dropout masks and reparameterisation noise (at a fixed thread count).

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "smrt/core/matrix.h"
#include "smrt/core/rng.h"

namespace smrt::nn {

/// Idempotent: makes torch follow smrt::set_num_threads (a thread hook) and
/// adds torch / BLAS lines to `smrt info --system`. Call it where torch is
/// first used: setting torch's threads starts its thread pool, whose workers
/// spin for tens of milliseconds and would slow a command that never uses torch.
void init_torch();

/// Idempotent: only the `smrt info --system` lines (they start torch's
/// threads when the report is made).
void register_torch_report();

/// A CPU generator seeded with one draw of `rng`.
torch::Generator make_generator(Rng& rng);

/// Copies a float32 row-major matrix into a (n_rows x n_cols) tensor.
torch::Tensor to_tensor(const MatrixView& X);
/// Copies a 2-D float tensor (any layout) into a Matrix.
Matrix to_matrix(const torch::Tensor& t);

/// The BLAS core OpenBLAS chose ("Haswell", "SkylakeX", ...), or "" when
/// torch's BLAS is not OpenBLAS.
std::string blas_core_name();

}  // namespace smrt::nn
