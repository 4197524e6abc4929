#pragma once
// Internal helpers of the API layer: Features as a float32 view, and the
// guard that turns what third-party code throws into smrt errors.

#include <exception>
#include <string>
#include <utility>

#include "smrt/core/dataset.h"
#include "smrt/core/interrupt.h"
#include "smrt/core/threads.h"
#include "smrt/smrt.h"

namespace smrt::api_detail {

/// Features as float32 rows: a view of the caller's buffer when it is
/// float32 already, else a converted copy held here.
struct FloatRows {
  Matrix storage;
  MatrixView view;
  std::vector<int64_t> sample_shape;
};
/// `what` names the array in errors ("X").
FloatRows float_rows(const Features& X, const std::string& what);

/// DataError naming the first NaN or infinite value of X (row, feature).
void check_finite(const MatrixView& X, const std::string& what);

/// A labelled view over (X, y); checks that their lengths agree.
DataView data_view(const FloatRows& X, const Labels& y);

/// Rethrows anything that is not an smrt::Error or std::bad_alloc as an
/// smrt::Error with its first line (LibTorch's errors carry stack traces).
[[noreturn]] void rethrow_as_smrt_error();

/// Runs `work` with the call's threads, progress and interrupt check, errors made smrt errors.
template <typename Work>
auto run_call(const RunOptions& options, bool uses_torch, Work&& work) {
  ThreadScope threads(options.n_threads, uses_torch);
  ProgressScope progress(options.verbosity, options.progress);
  InterruptScope interrupt(options.interrupted);
  try {
    return work();
  } catch (...) {
    rethrow_as_smrt_error();
  }
}

}  // namespace smrt::api_detail
