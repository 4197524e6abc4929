#include "smrt/core/matrix.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "smrt/core/threads.h"

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace smrt {
namespace {

// Reserves room for n floats; a large buffer first asks Linux for transparent
// huge pages (a no-op where they are off), so that zero-filling it takes one
// page fault per 2 MB instead of per 4 KB. Cold runs of the big over-samplers
// spent longer faulting their output in than computing it.
void reserve_floats(std::vector<float>& v, size_t n) {
  if (n <= v.capacity()) return;
  v.reserve(n);
#ifdef __linux__
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  if (n * sizeof(float) < 4 * kHuge) return;
  const auto begin = (reinterpret_cast<uintptr_t>(v.data()) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<uintptr_t>(v.data() + n)) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#endif
}

}  // namespace

int64_t checked_size(int64_t n_rows, int64_t n_cols) {
  SMRT_THROW_IF_NOT(DataError, n_rows >= 0 && n_cols >= 0, "negative matrix size ", n_rows, " x ", n_cols);
  SMRT_THROW_IF_NOT(DataError, n_cols == 0 || n_rows <= std::numeric_limits<int64_t>::max() / n_cols,
                    "matrix size ", n_rows, " x ", n_cols, " overflows");
  return n_rows * n_cols;
}

Matrix::Matrix(int64_t n_rows, int64_t n_cols) : n_rows_(n_rows), n_cols_(n_cols) {
  const auto n = static_cast<size_t>(checked_size(n_rows, n_cols));
  reserve_floats(data_, n);
  data_.resize(n);
}

Matrix::Matrix(const Matrix& other)
    : data_(other.data(), other.data() + other.n_rows_ * other.n_cols_), n_rows_(other.n_rows_), n_cols_(other.n_cols_) {}

Matrix& Matrix::operator=(const Matrix& other) {
  if (this != &other) *this = Matrix(other);
  return *this;
}

Matrix::Matrix(Matrix&& other) noexcept
    : data_(std::move(other.data_)), buffer_(other.buffer_), buffer_rows_(other.buffer_rows_),
      n_rows_(other.n_rows_), n_cols_(other.n_cols_) {
  other.buffer_ = nullptr;
  other.buffer_rows_ = other.n_rows_ = 0;
}

Matrix& Matrix::operator=(Matrix&& other) noexcept {
  if (this != &other) {
    data_ = std::move(other.data_);
    buffer_ = other.buffer_;
    buffer_rows_ = other.buffer_rows_;
    n_rows_ = other.n_rows_;
    n_cols_ = other.n_cols_;
    other.buffer_ = nullptr;
    other.buffer_rows_ = other.n_rows_ = 0;
  }
  return *this;
}

void Matrix::use_buffer(float* room, int64_t capacity_rows) {
  SMRT_ASSERT(n_rows_ == 0 && room != nullptr && capacity_rows >= 0, "use_buffer needs an empty matrix and room");
  data_ = std::vector<float>();
  buffer_ = room;
  buffer_rows_ = capacity_rows;
}

void Matrix::move_out_of_buffer() {
  if (!buffer_) return;
  std::vector<float> owned;
  reserve_floats(owned, static_cast<size_t>(checked_size(n_rows_, n_cols_)));
  owned.assign(buffer_, buffer_ + n_rows_ * n_cols_);
  data_ = std::move(owned);
  buffer_ = nullptr;
  buffer_rows_ = 0;
}

std::vector<float>& Matrix::storage() {
  move_out_of_buffer();
  return data_;
}

void Matrix::resize_rows(int64_t n_rows) {
  if (buffer_ && n_rows <= buffer_rows_) {
    SMRT_THROW_IF_NOT(DataError, n_rows >= 0, "negative matrix size ", n_rows, " x ", n_cols_);
    // New rows read as zero (as std::vector::resize): the room holds whatever it held.
    if (n_rows > n_rows_)
      std::memset(buffer_ + n_rows_ * n_cols_, 0, static_cast<size_t>((n_rows - n_rows_) * n_cols_) * sizeof(float));
    n_rows_ = n_rows;
    return;
  }
  move_out_of_buffer();
  const auto n = static_cast<size_t>(checked_size(n_rows, n_cols_));
  if (n > data_.capacity()) reserve_floats(data_, std::max(n, 2 * data_.capacity()));  // amortised growth
  data_.resize(n);
  n_rows_ = n_rows;
}

void Matrix::reserve_rows(int64_t n_rows) {
  if (buffer_ && n_rows <= buffer_rows_) return;
  move_out_of_buffer();
  reserve_floats(data_, static_cast<size_t>(checked_size(n_rows, n_cols_)));
}

void Matrix::append_row(const float* values) {
  resize_rows(n_rows_ + 1);
  std::memcpy(row(n_rows_ - 1), values, static_cast<size_t>(n_cols_) * sizeof(float));
}

void check_float_distance_range(const MatrixView& X, const std::string& what) {
  // One branch-free pass (it vectorises), split over the threads: the loop
  // below, which names the value, runs only when one is out of range (or
  // NaN). `limit` is the largest float not above the bound, so comparing in
  // float decides as comparing in double does.
  float limit = static_cast<float>(kMaxFloatDistanceValue);
  if (static_cast<double>(limit) > kMaxFloatDistanceValue) limit = std::nextafter(limit, 0.0f);
  const int64_t n = checked_size(X.n_rows, X.n_cols);
  int bad = 0;
#pragma omp parallel for schedule(static) reduction(| : bad) num_threads(num_threads()) if (n > 65536)
  for (int64_t i = 0; i < X.n_rows; ++i) {
    const float* row = X.row(i);
    int row_bad = 0;
    for (int64_t j = 0; j < X.n_cols; ++j) row_bad |= static_cast<int>(!(std::fabs(row[j]) <= limit));
    bad |= row_bad;
  }
  if (bad == 0) return;
  for (int64_t i = 0; i < X.n_rows; ++i)
    for (int64_t j = 0; j < X.n_cols; ++j)
      SMRT_THROW_IF_NOT(DataError, std::abs(static_cast<double>(X(i, j))) <= kMaxFloatDistanceValue, what,
                        ": row ", i, ", feature ", j, " is ", X(i, j), "; values up to ", kMaxFloatDistanceValue,
                        " in magnitude are supported (squared distances are summed in float): rescale the features");
}

Matrix scaled_if_tiny(const MatrixView& X, double* scale) {
  *scale = 1.0;
  float top = 0.0f;
  for (int64_t i = 0; i < X.n_rows; ++i)
    for (int64_t j = 0; j < X.n_cols; ++j) top = std::max(top, std::fabs(X(i, j)));
  if (top == 0.0f || !(top < std::ldexp(1.0f, -40))) return Matrix();
  int exponent = 0;
  std::frexp(top, &exponent);  // top = f 2^exponent, f in [0.5, 1)
  *scale = std::ldexp(1.0, -exponent);
  const auto factor = static_cast<float>(*scale);
  Matrix out(X.n_rows, X.n_cols);
  for (int64_t i = 0; i < X.n_rows; ++i)
    for (int64_t j = 0; j < X.n_cols; ++j) out(i, j) = X(i, j) * factor;
  return out;
}

Matrix gather_rows(const MatrixView& src, const std::vector<int64_t>& indices) {
  Matrix out(static_cast<int64_t>(indices.size()), src.n_cols);
  const auto n = static_cast<int64_t>(indices.size());
#pragma omp parallel for schedule(static) if (n > 4096)
  for (int64_t i = 0; i < n; ++i) {
    const int64_t r = indices[static_cast<size_t>(i)];
    std::memcpy(out.row(i), src.row(r), sizeof(float) * static_cast<size_t>(src.n_cols));
  }
  return out;
}

}  // namespace smrt
