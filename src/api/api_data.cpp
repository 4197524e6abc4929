#include "api_data.h"

#include <cmath>
#include <new>

#include "smrt/core/memory.h"

namespace smrt {

Labels Labels::of(const int64_t* labels, int64_t n, std::vector<int32_t>& storage) {
  Labels out;
  out.classes = ClassIndex::from_integers(std::vector<int64_t>(labels, labels + n), &storage);
  out.ids = storage.data();
  out.n = n;
  return out;
}

Labels Labels::of(const std::vector<std::string>& labels, std::vector<int32_t>& storage) {
  Labels out;
  out.classes = ClassIndex::from_strings(labels, &storage);
  out.ids = storage.data();
  out.n = static_cast<int64_t>(labels.size());
  return out;
}

namespace api_detail {

FloatRows float_rows(const Features& X, const std::string& what) {
  SMRT_THROW_IF_NOT(DataError, X.n_rows >= 0 && X.n_cols >= 0, what, ": shape (", X.n_rows, ", ", X.n_cols,
                    ") is not a table");
  SMRT_THROW_IF_NOT(DataError, X.data != nullptr || X.n_rows * X.n_cols == 0, what, ": no data");
  FloatRows out;
  out.sample_shape = X.sample_shape;
  if (!out.sample_shape.empty()) {
    int64_t width = 1;
    for (int64_t s : out.sample_shape) width = checked_size(width, s);
    SMRT_THROW_IF_NOT(DataError, width == X.n_cols, what, ": sample_shape covers ", width, " values but rows have ",
                      X.n_cols);
    if (out.sample_shape.size() == 1) out.sample_shape.clear();
  }
  const int64_t n = checked_size(X.n_rows, X.n_cols);
  if (!X.float64) {
    out.view = MatrixView{static_cast<const float*>(X.data), X.n_rows, X.n_cols};
    return out;
  }
  out.storage = Matrix(X.n_rows, X.n_cols);
  const auto* src = static_cast<const double*>(X.data);
  float* dst = out.storage.data();
  for (int64_t i = 0; i < n; ++i) {
    dst[i] = static_cast<float>(src[i]);
    // A finite double beyond float32's range would read as inf and be reported as "not finite".
    SMRT_THROW_IF_NOT(DataError, std::isfinite(dst[i]) || !std::isfinite(src[i]), what, ": row ", i / X.n_cols,
                      ", feature ", i % X.n_cols, ": value ", src[i],
                      " is beyond float32's range (3.4e38), the precision smrt computes in");
  }
  out.view = out.storage.view();
  return out;
}

void check_finite(const MatrixView& X, const std::string& what) {
  const int64_t n = X.n_rows * X.n_cols;
  for (int64_t i = 0; i < n; ++i)
    SMRT_THROW_IF_NOT(DataError, std::isfinite(X.data[i]), what, ": row ", i / X.n_cols, ", feature ", i % X.n_cols,
                      ": value ", X.data[i], " is not finite (NaN and Inf are not allowed)");
}

DataView data_view(const FloatRows& X, const Labels& y) {
  SMRT_THROW_IF_NOT(DataError, y.n == X.view.n_rows, "y has ", y.n, " labels but X has ", X.view.n_rows,
                    " rows: they must match");
  DataView view;
  view.X = X.view;
  view.y = y.ids;
  view.n_classes = y.classes.n_classes();
  view.sample_shape = X.sample_shape.empty() ? std::vector<int64_t>{X.view.n_cols} : X.sample_shape;
  return view;
}

void rethrow_as_smrt_error() {
  try {
    throw;
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    std::string text = e.what();
    text = text.substr(0, text.find('\n'));
    const size_t tried = text.find("you tried to allocate");
    if (tried != std::string::npos)  // LibTorch: "[enforce fail at alloc_cpu.cpp:75] ... you tried to allocate N bytes. ..."
      throw ResourceError("out of memory: " + text.substr(tried, text.find('.', tried) - tried) +
                  " (a parameter such as n_hidden, n_latent_factors or n asks for more than this machine has)");
    throw Error(text);
  }
}

}  // namespace api_detail
}  // namespace smrt
