#include "smrt/core/npy_io.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <regex>

#include <sys/stat.h>
#include <unistd.h>

#include "smrt/core/atomic_file.h"
#include "smrt/core/error.h"
#include "smrt/core/threads.h"

namespace smrt {
namespace {

const char kMagic[] = "\x93NUMPY";

std::string header_value(const std::string& header, const std::string& key, const std::string& path) {
  // The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
  std::regex re("'" + key + "'\\s*:\\s*('[^']*'|True|False|\\([^)]*\\))");
  std::smatch m;
  SMRT_THROW_IF_NOT(DataError, std::regex_search(header, m, re), path, ": not a valid .npy header (no '", key,
                    "' entry)");
  return m[1].str();
}

std::vector<int64_t> parse_shape(const std::string& text, const std::string& path) {
  std::vector<int64_t> shape;
  std::string inner = text.substr(1, text.size() - 2);
  size_t pos = 0;
  while (pos < inner.size()) {
    size_t comma = inner.find(',', pos);
    std::string item = inner.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    item.erase(0, item.find_first_not_of(" L"));
    item.erase(item.find_last_not_of(" L") + 1);
    if (!item.empty()) {
      auto v = parse_int64(item);
      SMRT_THROW_IF_NOT(DataError, v && *v >= 0, path, ": bad shape ", text);
      shape.push_back(*v);
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return shape;
}

bool is_little_or_any(char order) { return order == '<' || order == '|' || order == '='; }

// The dtype kind and item size of a descriptor ("<f8" -> 'f', 8).
char kind_of(const std::string& descr) { return descr[1]; }

template <typename T>
void widen(const char* src, int64_t n, float* dst) {
  for (int64_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, src + i * static_cast<int64_t>(sizeof(T)), sizeof(T));
    dst[i] = static_cast<float>(v);
  }
}

// float32 copy of a numeric array (false if the dtype is not numeric). Values
// that are not finite, or beyond float32's range, are errors naming `path`,
// row and column.
bool to_float(const NpyArray& a, float* dst, const std::string& path) {
  const char* src = a.bytes.data();
  const int64_t n = a.n_elements();
  const int64_t row_size = a.shape.empty() || a.shape[0] == 0 ? 1 : n / a.shape[0];
  const std::string t = a.descr.substr(1);
  if (t == "f8") {
    for (int64_t i = 0; i < n; ++i) {
      double v;
      std::memcpy(&v, src + i * 8, 8);
      dst[i] = static_cast<float>(v);
      if (std::isfinite(dst[i])) continue;
      SMRT_THROW_IF_NOT(DataError, !std::isfinite(v), path, ": row ", i / row_size, ", feature ", i % row_size,
                        ": value ", v, " is beyond float32's range (3.4e38), the precision smrt computes in");
    }
  } else if (t == "f2") {
    for (int64_t i = 0; i < n; ++i) {
      uint16_t h;
      std::memcpy(&h, src + i * 2, 2);
      dst[i] = half_to_float(h);
    }
  }
  else if (t == "f4") std::memcpy(dst, src, static_cast<size_t>(n) * 4);
  else if (t == "u1" || t == "b1") widen<uint8_t>(src, n, dst);
  else if (t == "i1") widen<int8_t>(src, n, dst);
  else if (t == "i2") widen<int16_t>(src, n, dst);
  else if (t == "u2") widen<uint16_t>(src, n, dst);
  else if (t == "i4") widen<int32_t>(src, n, dst);
  else if (t == "u4") widen<uint32_t>(src, n, dst);
  else if (t == "i8") widen<int64_t>(src, n, dst);
  else if (t == "u8") widen<uint64_t>(src, n, dst);
  else return false;
  return true;
}

template <typename T>
double element(const char* src, int64_t k) {
  T v;
  std::memcpy(&v, src + k * static_cast<int64_t>(sizeof(T)), sizeof(T));
  return static_cast<double>(v);
}

// A table's float32 copy with far-off columns shifted (column_shift.h), for
// the dtypes float32 cannot hold exactly (float64, 32- and 64-bit integers).
// Empty result (nothing written): no column needs a shift, or another dtype.
template <typename T>
std::vector<double> to_float_shifted(const NpyArray& a, float* dst, ColumnShift mode, const std::string& path) {
  const int64_t n = a.shape[0], d = a.shape[1];
  const char* src = a.bytes.data();
  ColumnRanges ranges(d);
  for (int64_t i = 0, k = 0; i < n; ++i)
    for (int64_t j = 0; j < d; ++j, ++k) ranges.add(j, element<T>(src, k));
  std::vector<double> offsets = ranges.offsets(mode);
  for (int64_t i = 0, k = 0; i < n && !offsets.empty(); ++i)
    for (int64_t j = 0; j < d; ++j, ++k) {
      const double v = element<T>(src, k) - offsets[static_cast<size_t>(j)];
      dst[k] = static_cast<float>(v);
      SMRT_THROW_IF_NOT(DataError, std::isfinite(dst[k]) || !std::isfinite(v), path, ": row ", i, ", feature ", j,
                        ": value ", element<T>(src, k), " is beyond float32's range (3.4e38), the precision smrt ",
                        "computes in");
    }
  return offsets;
}

std::vector<double> to_float_shifted(const NpyArray& a, float* dst, ColumnShift mode, const std::string& path) {
  if (mode == ColumnShift::None || a.shape.size() != 2) return {};
  const std::string t = a.descr.substr(1);
  if (t == "f8") return to_float_shifted<double>(a, dst, mode, path);
  if (t == "i8") return to_float_shifted<int64_t>(a, dst, mode, path);
  if (t == "u8") return to_float_shifted<uint64_t>(a, dst, mode, path);
  if (t == "i4") return to_float_shifted<int32_t>(a, dst, mode, path);
  if (t == "u4") return to_float_shifted<uint32_t>(a, dst, mode, path);
  return {};
}

// NaN or Inf anywhere: an error naming the file, row and column. One pass of
// exponent tests that vectorises; the slow search runs only to name a value.
void check_finite(const float* X, int64_t n_rows, int64_t n_cols, const std::string& path) {
  const int64_t n = n_rows * n_cols;
  uint32_t bad = 0;
#pragma omp parallel for schedule(static) reduction(| : bad) num_threads(num_threads())
  for (int64_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, X + i, sizeof bits);
    bad |= static_cast<uint32_t>((bits & 0x7f800000u) == 0x7f800000u);
  }
  if (!bad) return;
  for (int64_t i = 0; i < n; ++i)
    SMRT_THROW_IF_NOT(DataError, std::isfinite(X[i]), path, ": row ", i / n_cols, ", feature ", i % n_cols,
                      ": value ", X[i], " is not finite (NaN and Inf are not allowed)");
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) s += ",";
  return s + ")";
}

std::string npy_header(const std::string& descr, const std::vector<int64_t>& shape) {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape_text(shape) + ", }";
  // Pad with spaces so the data starts on a 64-byte boundary, then a newline.
  const size_t preamble = 10;
  size_t total = preamble + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  std::string out(kMagic, 6);
  out += '\x01';
  out += '\x00';
  const auto len = static_cast<uint16_t>(dict.size());
  out += static_cast<char>(len & 0xff);
  out += static_cast<char>(len >> 8);
  return out + dict;
}

}  // namespace

int64_t NpyArray::n_elements() const {
  int64_t n = 1;
  for (int64_t s : shape) n = checked_size(n, s);
  return n;
}

int64_t NpyArray::item_size() const {
  auto v = parse_int64(descr.substr(2));
  SMRT_ASSERT(v.has_value(), "descr ", descr);
  return descr[1] == 'U' ? 4 * *v : *v;
}

int64_t NpySource::x_row_bytes() const {
  int64_t row = x.item_size();
  for (size_t i = 1; i < x.shape.size(); ++i) row *= x.shape[i];
  return row;
}

float half_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1fu;
  uint32_t mantissa = h & 0x3ffu;
  uint32_t bits;
  if (exponent == 0 && mantissa == 0) {
    bits = sign;
  } else if (exponent == 0) {  // subnormal: normalise
    uint32_t e = 113;          // 127 - 14
    while ((mantissa & 0x400u) == 0) {
      mantissa <<= 1;
      --e;
    }
    bits = sign | (e << 23) | ((mantissa & 0x3ffu) << 13);
  } else if (exponent == 31) {
    bits = sign | 0x7f800000u | (mantissa << 13);
  } else {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint16_t float_to_half(float f) {
  // Round to nearest even, overflow to infinity, NaN kept (F. Giesen's float_to_half_fast3_rtne).
  uint32_t x;
  std::memcpy(&x, &f, 4);
  const uint32_t sign = x & 0x80000000u;
  x ^= sign;
  uint32_t out;
  if (x >= (143u << 23)) {  // 65536 and up, Inf, NaN
    out = x > 0x7f800000u ? 0x7e00u : 0x7c00u;
  } else if (x < (113u << 23)) {  // a subnormal half or zero: let the FPU round
    const uint32_t magic_bits = 126u << 23;  // 0.5
    float v, magic;
    std::memcpy(&v, &x, 4);
    std::memcpy(&magic, &magic_bits, 4);
    v += magic;
    std::memcpy(&out, &v, 4);
    out -= magic_bits;
  } else {
    const uint32_t odd = (x >> 13) & 1u;
    x += (static_cast<uint32_t>(15 - 127) << 23) + 0xfffu + odd;
    out = x >> 13;
  }
  return static_cast<uint16_t>(out | (sign >> 16));
}

namespace {

// n * item bytes of `shape`, or an error naming the file when it overflows.
int64_t declared_bytes(const NpyArray& a, const std::string& path) {
  try {
    return checked_size(a.n_elements(), a.item_size());
  } catch (const DataError&) {
    throw DataError(msg(path, ": the header's shape ", shape_text(a.shape), " of dtype ", a.descr,
                        " overflows a 64-bit size; the file is corrupt"));
  }
}

double machine_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0.0;
}

// Refuses to allocate what this machine does not have (before allocating).
void check_fits_in_memory(double bytes, const NpyArray& a, const std::string& path) {
  const double memory = machine_memory_bytes();
  SMRT_THROW_IF_NOT(DataError, memory <= 0 || bytes <= memory, path, ": shape ", shape_text(a.shape), " of dtype ",
                    a.descr, " needs ", bytes / 1e9, " GB of memory, more than this machine's ", memory / 1e9, " GB");
}

// Reads exactly `bytes` into `target`; false at an early end of file.
bool read_fully(std::FILE* file, char* target, int64_t bytes) {
  return std::fread(target, 1, static_cast<size_t>(bytes), file) == static_cast<size_t>(bytes);
}

std::string structured_hint(const std::string& header) {
  std::smatch m;
  if (std::regex_search(header, m, std::regex("'descr'\\s*:\\s*\\[")))
    return ": structured dtypes (named fields) are not supported; save a plain numeric array, e.g. "
           "numpy.lib.recfunctions.structured_to_unstructured(a)";
  return "";
}

// Reads `bytes` of data into `buffer`. A pipe or device (not `regular`): its size is unknown,
// so the buffer grows with what arrives.
void read_data(std::FILE* file, bool regular, int64_t bytes, std::vector<char>& buffer,
               const std::vector<int64_t>& shape, const std::string& path) {
  const int64_t step_size = regular ? std::max<int64_t>(bytes, 1) : int64_t{64} << 20;
  for (int64_t done = 0; done < bytes;) {
    const int64_t step = std::min(step_size, bytes - done);
    buffer.resize(static_cast<size_t>(done + step));
    SMRT_THROW_IF_NOT(DataError, read_fully(file, buffer.data() + done, step), path, ": truncated data (expected ",
                      bytes, " bytes for shape ", shape_text(shape), ")");
    done += step;
  }
}

// Items of a column-major (Fortran) array of `shape`, written in row-major (C) order.
void to_row_major(const char* column_major, char* row_major, const std::vector<int64_t>& shape, int64_t item) {
  const size_t nd = shape.size();
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  std::vector<int64_t> stride(nd, item), index(nd, 0);  // column-major strides in bytes
  for (size_t k = 1; k < nd; ++k) stride[k] = stride[k - 1] * shape[k - 1];
  for (int64_t i = 0; i < n; ++i) {
    int64_t from = 0;
    for (size_t k = 0; k < nd; ++k) from += index[k] * stride[k];
    std::memcpy(row_major + i * item, column_major + from, static_cast<size_t>(item));
    for (size_t k = nd; k-- > 0;) {  // the next row-major index: the last axis moves fastest
      if (++index[k] < shape[k]) break;
      index[k] = 0;
    }
  }
}

// Reads header and data; `destination` may return a buffer of the right size
// to read the data into directly (saving a copy of large float32 arrays), or
// nullptr to keep the bytes in the returned NpyArray. The declared size is
// checked against the file and the machine before either is allocated.
NpyArray read_npy_into(const std::string& path, const std::function<char*(const NpyArray&)>& destination) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  SMRT_THROW_IF_NOT(IoError, file != nullptr, "cannot open '", path, "': ", std::strerror(errno));
  struct stat st {};
  const bool regular = ::fstat(::fileno(file.get()), &st) == 0 && S_ISREG(st.st_mode);
  SMRT_THROW_IF_NOT(IoError, !S_ISDIR(st.st_mode), "'", path, "' is a folder, not a .npy file");
  char preamble[10];
  const size_t got = std::fread(preamble, 1, sizeof(preamble), file.get());
  SMRT_THROW_IF_NOT(DataError, got > 0, path, ": the file is empty");
  SMRT_THROW_IF_NOT(DataError, got == sizeof(preamble) && std::memcmp(preamble, kMagic, 6) == 0, path,
                    ": not a .npy file (bad magic string)");
  const int major = preamble[6];
  int64_t header_len = 0;
  int64_t offset = 10;
  if (major == 1) {
    header_len = static_cast<uint8_t>(preamble[8]) | (static_cast<int64_t>(static_cast<uint8_t>(preamble[9])) << 8);
  } else {
    SMRT_THROW_IF_NOT(DataError, major == 2 || major == 3, path, ": unsupported .npy version ", major);
    unsigned char extra[2];
    SMRT_THROW_IF_NOT(DataError, std::fread(extra, 1, 2, file.get()) == 2, path, ": truncated header");
    header_len = static_cast<uint8_t>(preamble[8]) | (static_cast<int64_t>(static_cast<uint8_t>(preamble[9])) << 8) |
                 (static_cast<int64_t>(extra[0]) << 16) | (static_cast<int64_t>(extra[1]) << 24);
    offset = 12;
  }
  // numpy's own limit is 10,000 bytes; a header past the end is a truncated file.
  SMRT_THROW_IF_NOT(DataError, !regular || offset + header_len <= st.st_size, path, ": truncated header (",
                    header_len, " bytes declared, the file has ", st.st_size, ")");
  SMRT_THROW_IF_NOT(DataError, header_len <= (1 << 20), path, ": header of ", header_len,
                    " bytes is not a .npy header");
  std::string header(static_cast<size_t>(header_len), '\0');
  SMRT_THROW_IF_NOT(DataError, read_fully(file.get(), header.data(), header_len), path, ": truncated header");
  offset += header_len;

  NpyArray a;
  const std::string structured = structured_hint(header);
  SMRT_THROW_IF_NOT(DataError, structured.empty(), path, structured);
  std::string descr = header_value(header, "descr", path);
  a.descr = descr.substr(1, descr.size() - 2);
  SMRT_THROW_IF_NOT(DataError, a.descr.size() >= 3 && is_little_or_any(a.descr[0]), path, ": dtype '", a.descr,
                    "' is not supported (little-endian numbers or unicode strings only)");
  const std::string fortran_text = header_value(header, "fortran_order", path);
  SMRT_THROW_IF_NOT(DataError, fortran_text == "False" || fortran_text == "True", path, ": fortran_order '",
                    fortran_text, "' is not True or False");
  a.shape = parse_shape(header_value(header, "shape", path), path);
  const bool fortran = fortran_text == "True" && a.shape.size() >= 2;
  const char kind = kind_of(a.descr);
  SMRT_THROW_IF_NOT(DataError, kind == 'f' || kind == 'i' || kind == 'u' || kind == 'b' || kind == 'U', path,
                    ": dtype '", a.descr, "' is not supported (float, integer, bool or unicode)");
  const auto size = parse_int64(a.descr.substr(2));
  const bool size_ok = size.has_value() &&
                       (kind == 'f' ? (*size == 2 || *size == 4 || *size == 8)
                        : kind == 'U' ? (*size >= 1 && *size <= (1 << 20))
                        : kind == 'b' ? *size == 1
                                      : (*size == 1 || *size == 2 || *size == 4 || *size == 8));
  SMRT_THROW_IF_NOT(DataError, size_ok, path, ": dtype '", a.descr,
                    "' is not supported (float16/32/64, integers of 1 to 8 bytes, bool or unicode)");
  const int64_t bytes = declared_bytes(a, path);
  SMRT_THROW_IF_NOT(DataError, !regular || bytes <= st.st_size - offset, path, ": truncated data (the header declares ",
                    "shape ", shape_text(a.shape), " of dtype ", a.descr, ", ", bytes, " bytes, but the file holds ",
                    st.st_size - offset, " bytes after its header)");
  check_fits_in_memory(static_cast<double>(bytes) * (fortran ? 2 : 1), a, path);
  // pandas' DataFrame.values is often column-major: read it whole, then reorder its items to rows.
  std::vector<char> column_major;
  if (fortran) read_data(file.get(), regular, bytes, column_major, a.shape, path);
  char* target = nullptr;
  try {
    target = regular && destination ? destination(a) : nullptr;
    if (!target && (regular || fortran)) {
      a.bytes.resize(static_cast<size_t>(bytes));
      target = a.bytes.data();
    }
  } catch (const std::bad_alloc&) {
    throw Error(msg(path, ": out of memory reading ", static_cast<double>(bytes) / 1e9, " GB (shape ",
                    shape_text(a.shape), ")"));
  }
  if (fortran) {
    to_row_major(column_major.data(), target, a.shape, a.item_size());
    return a;
  }
  if (target) {
    SMRT_THROW_IF_NOT(DataError, read_fully(file.get(), target, bytes), path, ": truncated data (expected ", bytes,
                      " bytes for shape ", shape_text(a.shape), ")");
    return a;
  }
  read_data(file.get(), false, bytes, a.bytes, a.shape, path);
  return a;
}

// The label array's values as class ids (integers, bool or unicode strings).
ClassIndex read_labels(const NpyArray& ya, const std::string& y_path, std::vector<int32_t>* ids) {
  const int64_t n = ya.shape[0];
  const char kind = kind_of(ya.descr);
  if (kind == 'U') {
    const int64_t width = *parse_int64(ya.descr.substr(2));
    std::vector<std::string> labels(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      std::string& s = labels[static_cast<size_t>(i)];
      for (int64_t k = 0; k < width; ++k) {
        uint32_t cp;
        std::memcpy(&cp, ya.bytes.data() + (i * width + k) * 4, 4);
        if (cp == 0) break;
        // UTF-32 to UTF-8.
        if (cp < 0x80) s += static_cast<char>(cp);
        else if (cp < 0x800) { s += static_cast<char>(0xC0 | (cp >> 6)); s += static_cast<char>(0x80 | (cp & 0x3F)); }
        else if (cp < 0x10000) { s += static_cast<char>(0xE0 | (cp >> 12)); s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)); s += static_cast<char>(0x80 | (cp & 0x3F)); }
        else { s += static_cast<char>(0xF0 | (cp >> 18)); s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F)); s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)); s += static_cast<char>(0x80 | (cp & 0x3F)); }
      }
      SMRT_THROW_IF_NOT(DataError, !s.empty(), y_path, ": label ", i, " is an empty string");
    }
    return ClassIndex::from_strings(labels, ids);
  }
  const int64_t size = ya.item_size();
  if (kind == 'f') {
    // As a CSV column of numbers (and numpy.unique): one class per value, in the array's precision.
    std::vector<double> labels(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      const char* p = ya.bytes.data() + i * size;
      double v = 0;
      if (size == 8) {
        std::memcpy(&v, p, 8);
      } else if (size == 4) {
        float f;
        std::memcpy(&f, p, 4);
        v = f;
      } else {
        uint16_t h;
        std::memcpy(&h, p, 2);
        v = half_to_float(h);
      }
      SMRT_THROW_IF_NOT(DataError, !std::isnan(v), y_path, ": label ", i, " is NaN (every row needs a class)");
      labels[static_cast<size_t>(i)] = v;
    }
    return ClassIndex::from_floats(labels, ids, static_cast<int>(8 * size));
  }
  SMRT_THROW_IF_NOT(DataError, kind == 'i' || kind == 'u' || kind == 'b', y_path,
                    ": labels must be integers, floats, bool or strings, got dtype '", ya.descr, "'");
  std::vector<int64_t> labels(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const char* p = ya.bytes.data() + i * size;
    int64_t v = 0;
    if (kind == 'u' || kind == 'b') {
      uint64_t u = 0;
      std::memcpy(&u, p, static_cast<size_t>(size));
      SMRT_THROW_IF_NOT(DataError, u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()), y_path,
                        ": label ", u, " at row ", i, " is above 2^63 - 1, the largest integer label supported");
      v = static_cast<int64_t>(u);
    } else {
      std::memcpy(&v, p, static_cast<size_t>(size));
      const int shift = static_cast<int>(64 - 8 * size);  // sign-extend
      v = shift > 0 ? (static_cast<int64_t>(static_cast<uint64_t>(v) << shift) >> shift) : v;
    }
    labels[static_cast<size_t>(i)] = v;
  }
  return ClassIndex::from_integers(labels, ids);
}

}  // namespace

NpyArray read_npy(const std::string& path) { return read_npy_into(path, nullptr); }

namespace {

/// data.X and data.sample_shape from `x_path` (source->x keeps what was read).
/// `checked(n)` runs once the array's shape is known, before its values are
/// converted and checked (a labels file that does not match fails first).
void read_features(const std::string& x_path, Dataset& data, NpySource* source, ColumnShift shift,
                   const std::function<void(int64_t)>& checked = {}) {
  // float32 features are read straight into the matrix: no second copy, and
  // the matrix holds the bytes as read.
  source->x = read_npy_into(x_path, [&](const NpyArray& header) -> char* {
    if (header.descr != "<f4" || header.shape.size() < 2) return nullptr;
    int64_t d = 1;
    for (size_t i = 1; i < header.shape.size(); ++i) d = checked_size(d, header.shape[i]);
    data.X = Matrix(header.shape[0], d);
    return reinterpret_cast<char*>(data.X.data());
  });
  NpyArray& xa = source->x;
  SMRT_THROW_IF_NOT(DataError, xa.shape.size() >= 2 && xa.shape.size() <= 4, x_path, ": features must have shape ",
                    "(n, d), (n, H, W) or (n, C, H, W), got ", shape_text(xa.shape));
  const int64_t n = xa.shape[0];
  SMRT_THROW_IF_NOT(DataError, n > 0, x_path, ": no rows");
  SMRT_THROW_IF_NOT(DataError, kind_of(xa.descr) != 'U', x_path, ": features must be numeric, got dtype '", xa.descr,
                    "'");
  if (checked) checked(n);
  int64_t d = 1;
  for (size_t i = 1; i < xa.shape.size(); ++i) d = checked_size(d, xa.shape[i]);
  if (data.X.n_rows() != n) {
    check_fits_in_memory(static_cast<double>(n) * static_cast<double>(d) * 4.0, xa, x_path);
    data.X = Matrix(n, d);
    data.column_offsets = to_float_shifted(xa, data.X.data(), shift, x_path);
    SMRT_THROW_IF_NOT(DataError, !data.column_offsets.empty() || to_float(xa, data.X.data(), x_path), x_path,
                      ": features must be numeric, got dtype '", xa.descr, "'");
  }
  if (kind_of(xa.descr) == 'f') check_finite(data.X.data(), n, d, x_path);
  if (xa.shape.size() > 2) data.sample_shape.assign(xa.shape.begin() + 1, xa.shape.end());
}

}  // namespace

Dataset read_npy_features(const std::string& x_path, ColumnShift shift) {
  Dataset data;
  NpySource source;
  read_features(x_path, data, &source, shift);
  return data;
}

Dataset read_npy_dataset(const std::string& x_path, const std::string& y_path, ColumnShift shift) {
  Dataset data;
  auto source = std::make_shared<NpySource>();
  const NpyArray& ya = source->y;
  read_features(x_path, data, source.get(), shift, [&](int64_t n) {
    source->y = read_npy(y_path);
    SMRT_THROW_IF_NOT(DataError, ya.shape.size() == 1 || (ya.shape.size() == 2 && ya.shape[1] == 1), y_path,
                      ": labels must have shape (n,) or (n, 1), got ", shape_text(ya.shape));
    SMRT_THROW_IF_NOT(DataError, ya.shape[0] == n, "mismatched labels: ", x_path, " has ", n, " rows but ", y_path,
                      " has ", ya.shape[0], " labels");
  });
  const int64_t n = data.n_rows();
  data.classes = read_labels(ya, y_path, &data.y);
  source->first_row_of_class.assign(static_cast<size_t>(data.classes.n_classes()), -1);
  for (int64_t i = n - 1; i >= 0; --i) source->first_row_of_class[static_cast<size_t>(data.y[static_cast<size_t>(i)])] = i;
  data.label_name = "label";
  data.npy = std::move(source);
  return data;
}

void write_npy_float(const std::string& path, const float* data, const std::vector<int64_t>& shape) {
  AtomicFile out(path);
  out.write(npy_header("<f4", shape));
  int64_t n = 1;
  for (int64_t s : shape) n = checked_size(n, s);
  out.write(data, static_cast<size_t>(n) * sizeof(float));
  out.commit();
}

void append_npy_value(std::string* out, const char* p, const std::string& descr) {
  const char kind = kind_of(descr);
  const auto size = static_cast<size_t>(parse_int64(descr.substr(2)).value_or(0));
  char buf[64];
  char* end = buf;
  if (kind == 'f' && size == 8) {
    double v;
    std::memcpy(&v, p, 8);
    end = std::to_chars(buf, buf + sizeof(buf), v).ptr;
  } else if (kind == 'f' && size == 4) {
    float v;
    std::memcpy(&v, p, 4);
    end = std::to_chars(buf, buf + sizeof(buf), v).ptr;
  } else if (kind == 'f' && size == 2) {  // no std::to_chars for binary16: the fewest digits that round back
    uint16_t h;
    std::memcpy(&h, p, 2);
    const float v = half_to_float(h);
    for (int digits = 1; digits < 9; ++digits) {
      end = buf + std::snprintf(buf, sizeof(buf), "%.*g", digits, static_cast<double>(v));
      if (float_to_half(std::strtof(buf, nullptr)) == h) break;
    }
  } else if (kind == 'u' || kind == 'b') {
    uint64_t v = 0;
    std::memcpy(&v, p, size);
    end = std::to_chars(buf, buf + sizeof(buf), v).ptr;
  } else {
    SMRT_ASSERT(kind == 'i', "no text for dtype ", descr);
    int64_t v = 0;
    std::memcpy(&v, p, size);
    const int shift = static_cast<int>(64 - 8 * size);  // sign-extend
    v = shift > 0 ? (static_cast<int64_t>(static_cast<uint64_t>(v) << shift) >> shift) : v;
    end = std::to_chars(buf, buf + sizeof(buf), v).ptr;
  }
  out->append(buf, end);
}

namespace {

// Writes large runs straight from where they are and gathers small pieces
// (scattered kept rows) into one buffer, so that neither costs a copy or a
// system call per row.
class BlockWriter {
 public:
  explicit BlockWriter(AtomicFile& out) : out_(out) { buffer_.reserve(kBuffer); }
  void add(const char* data, size_t bytes) {
    if (bytes >= kDirect) {
      flush();
      out_.write(data, bytes);
      return;
    }
    if (buffer_.size() + bytes > kBuffer) flush();
    buffer_.insert(buffer_.end(), data, data + bytes);
  }
  /// Room for `bytes` at the end of the buffer, to be filled by the caller.
  char* extend(size_t bytes) {
    if (buffer_.size() + bytes > kBuffer) flush();
    buffer_.resize(buffer_.size() + bytes);
    return buffer_.data() + buffer_.size() - bytes;
  }
  void flush() {
    out_.write(buffer_.data(), buffer_.size());
    buffer_.clear();
  }

 private:
  static constexpr size_t kDirect = size_t{1} << 20;
  static constexpr size_t kBuffer = size_t{8} << 20;
  AtomicFile& out_;
  std::vector<char> buffer_;
};

// The output rows of `rows` in output order, in runs: base(first input row,
// count) for consecutive input rows (kept rows are mostly runs: every row,
// for over-samplers), extra(first extra row, count) for the extra rows that
// share one place (all at the end, unless extra_at puts them between).
template <typename Base, typename Extra>
void for_each_run(const RowSelection& rows, Base base, Extra extra) {
  const int64_t nb = rows.n_base(), ne = rows.n_extra();
  int64_t b = 0;  // base rows visited
  for (int64_t j = 0;;) {
    const int64_t until = j < ne ? rows.extra_place(j) : nb;
    while (b < until) {
      int64_t e = b + 1;
      while (e < until && rows.base_row(e) == rows.base_row(e - 1) + 1) ++e;
      base(rows.base_row(b), e - b);
      b = e;
    }
    if (j == ne) return;
    int64_t e = j + 1;
    while (e < ne && rows.extra_place(e) == until) ++e;
    extra(j, e - j);
    j = e;
  }
}

template <typename T>
T double_to_int(double v) {
  // numpy's astype: toward zero; out-of-range values clamp instead of wrapping.
  const double t = std::trunc(v);
  if (t <= static_cast<double>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  if (t >= static_cast<double>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<T>(t);
}

template <typename T>
T float_to_int(float v) {
  return double_to_int<T>(static_cast<double>(v));
}

template <typename T>
void store_as(const float* src, int64_t n, char* dst, T (*convert)(float)) {
  for (int64_t i = 0; i < n; ++i) {
    const T v = convert(src[i]);
    std::memcpy(dst + i * static_cast<int64_t>(sizeof(T)), &v, sizeof(T));
  }
}

template <typename T>
void store_shifted(const float* src, int64_t n_rows, const std::vector<double>& offsets, char* dst,
                   T (*convert)(double)) {
  const auto d = static_cast<int64_t>(offsets.size());
  for (int64_t i = 0, k = 0; i < n_rows; ++i)
    for (int64_t j = 0; j < d; ++j, ++k) {
      const T v = convert(static_cast<double>(src[k]) + offsets[static_cast<size_t>(j)]);
      std::memcpy(dst + k * static_cast<int64_t>(sizeof(T)), &v, sizeof(T));
    }
}

// Rows of float32 values plus their column's shift (Dataset::column_offsets),
// in dtype `descr`: the dtypes a reader shifts (float64, 32- and 64-bit integers).
void from_shifted(const float* src, int64_t n_rows, const std::vector<double>& offsets, const std::string& descr,
                  char* dst) {
  const std::string t = descr.substr(1);
  if (t == "f8") store_shifted<double>(src, n_rows, offsets, dst, [](double v) { return v; });
  else if (t == "i8") store_shifted<int64_t>(src, n_rows, offsets, dst, double_to_int<int64_t>);
  else if (t == "u8") store_shifted<uint64_t>(src, n_rows, offsets, dst, double_to_int<uint64_t>);
  else if (t == "i4") store_shifted<int32_t>(src, n_rows, offsets, dst, double_to_int<int32_t>);
  else if (t == "u4") store_shifted<uint32_t>(src, n_rows, offsets, dst, double_to_int<uint32_t>);
  else SMRT_ASSERT(false, "no shifted conversion to ", descr);
}

// float32 values in dtype `descr` (the input's), as numpy's astype would.
void from_float(const float* src, int64_t n, const std::string& descr, char* dst) {
  const std::string t = descr.substr(1);
  if (t == "f4") std::memcpy(dst, src, static_cast<size_t>(n) * 4);
  else if (t == "f8") store_as<double>(src, n, dst, [](float v) { return static_cast<double>(v); });
  else if (t == "f2") store_as<uint16_t>(src, n, dst, float_to_half);
  else if (t == "b1") store_as<uint8_t>(src, n, dst, [](float v) { return static_cast<uint8_t>(v != 0.0f); });
  else if (t == "u1") store_as<uint8_t>(src, n, dst, float_to_int<uint8_t>);
  else if (t == "i1") store_as<int8_t>(src, n, dst, float_to_int<int8_t>);
  else if (t == "u2") store_as<uint16_t>(src, n, dst, float_to_int<uint16_t>);
  else if (t == "i2") store_as<int16_t>(src, n, dst, float_to_int<int16_t>);
  else if (t == "u4") store_as<uint32_t>(src, n, dst, float_to_int<uint32_t>);
  else if (t == "i4") store_as<int32_t>(src, n, dst, float_to_int<int32_t>);
  else if (t == "u8") store_as<uint64_t>(src, n, dst, float_to_int<uint64_t>);
  else if (t == "i8") store_as<int64_t>(src, n, dst, float_to_int<int64_t>);
  else SMRT_ASSERT(false, "no conversion to ", descr);
}

// Features: kept rows as read, synthetic rows converted to `descr`.
void write_features(AtomicFile& out, const RowSelection& rows, const std::string& descr, const char* source,
                    int64_t row_bytes) {
  const int64_t d = rows.base->n_cols();
  const std::vector<double>& offsets = rows.base->column_offsets;
  const int64_t per_block = std::max<int64_t>(1, (int64_t{4} << 20) / std::max<int64_t>(1, row_bytes));
  BlockWriter writer(out);
  for_each_run(
      rows,
      [&](int64_t first, int64_t count) {
        writer.add(source + first * row_bytes, static_cast<size_t>(count * row_bytes));
      },
      [&](int64_t first, int64_t count) {
        const Matrix& extra = *rows.extra;
        if (descr == "<f4" && offsets.empty())
          return writer.add(reinterpret_cast<const char*>(extra.row(first)), static_cast<size_t>(count * d) * 4);
        for (int64_t r = first; r < first + count; r += per_block) {
          const int64_t n = std::min(per_block, first + count - r);
          char* dst = writer.extend(static_cast<size_t>(n * row_bytes));
          if (offsets.empty()) from_float(extra.row(r), n * d, descr, dst);
          else from_shifted(extra.row(r), n, offsets, descr, dst);
        }
      });
  writer.flush();
}

// Every row as float64: the features of a non-NPY input with shifted columns
// (float32 would put them back on its coarse steps), each value plus its shift.
void write_unshifted(AtomicFile& out, const RowSelection& rows) {
  BlockWriter writer(out);
  const int64_t d = rows.base->n_cols();
  for (int64_t i = 0; i < rows.n_rows(); ++i)
    from_shifted(rows.row(i), 1, rows.base->column_offsets, "<f8", writer.extend(static_cast<size_t>(d * 8)));
  writer.flush();
}

// Labels of an NPY source: kept rows' bytes as read, synthetic rows those of
// their class's first input row.
void write_source_labels(AtomicFile& out, const RowSelection& rows, const NpySource& src) {
  const int64_t item = src.y.item_size();
  BlockWriter writer(out);
  for_each_run(
      rows,
      [&](int64_t first, int64_t count) {
        writer.add(src.y.bytes.data() + first * item, static_cast<size_t>(count * item));
      },
      [&](int64_t first, int64_t count) {
        for (int64_t j = first; j < first + count; ++j) {
          const int32_t c = (*rows.extra_y)[static_cast<size_t>(j)];
          const int64_t row = src.first_row_of_class[static_cast<size_t>(c)];
          std::memcpy(writer.extend(static_cast<size_t>(item)), src.y.bytes.data() + row * item,
                      static_cast<size_t>(item));
        }
      });
  writer.flush();
}

// Each row's class value as a T, in an NPY array of dtype `descr`.
template <typename T>
void write_label_values(AtomicFile& y_out, const RowSelection& rows, const char* descr,
                        T (ClassIndex::*value)(int32_t) const) {
  const int64_t n = rows.n_rows();
  y_out.write(npy_header(descr, {n}));
  std::vector<T> values(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) values[static_cast<size_t>(i)] = (rows.base->classes.*value)(rows.label(i));
  y_out.write(values.data(), values.size() * sizeof(T));
}

// Labels without an NPY source: int64 for integer classes, float64 for float
// classes (pandas' dtypes for the label column), unicode otherwise.
void write_class_labels(AtomicFile& y_out, const RowSelection& rows) {
  const int64_t n = rows.n_rows();
  const ClassIndex& classes = rows.base->classes;
  if (classes.kind() == ClassIndex::Kind::Float)
    return write_label_values<double>(y_out, rows, "<f8", &ClassIndex::float_value);
  if (classes.kind() == ClassIndex::Kind::Integer)
    return write_label_values<int64_t>(y_out, rows, "<i8", &ClassIndex::integer_value);
  // Decode UTF-8 class names once, then write fixed-width UTF-32 rows.
  std::vector<std::vector<uint32_t>> names;
  size_t width = 1;
  for (int32_t c = 0; c < classes.n_classes(); ++c) {
    std::vector<uint32_t> cps;
    const std::string& s = classes.name(c);
    for (size_t k = 0; k < s.size();) {
      auto b = static_cast<unsigned char>(s[k]);
      int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
      uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1Fu) : len == 3 ? (b & 0x0Fu) : (b & 0x07u);
      for (int t = 1; t < len && k + static_cast<size_t>(t) < s.size(); ++t)
        cp = (cp << 6) | (static_cast<unsigned char>(s[k + static_cast<size_t>(t)]) & 0x3Fu);
      cps.push_back(cp);
      k += static_cast<size_t>(len);
    }
    width = std::max(width, cps.size());
    names.push_back(std::move(cps));
  }
  for (auto& cps : names) cps.resize(width, 0);
  y_out.write(npy_header("<U" + std::to_string(width), {n}));
  for (int64_t i = 0; i < n; ++i) {
    const auto& cps = names[static_cast<size_t>(rows.label(i))];
    y_out.write(cps.data(), cps.size() * sizeof(uint32_t));
  }
}

}  // namespace

void write_npy_dataset(const std::string& x_path, const std::string& y_path, const RowSelection& rows) {
  const Dataset& base = *rows.base;
  const NpySource* src = base.npy.get();
  const int64_t n = rows.n_rows();
  std::vector<int64_t> shape{n};
  if (base.sample_shape.empty()) shape.push_back(base.n_cols());
  else shape.insert(shape.end(), base.sample_shape.begin(), base.sample_shape.end());

  AtomicFile x_out(x_path);
  const bool widen = !src && !base.column_offsets.empty();
  const std::string descr = src ? src->x.descr : widen ? "<f8" : "<f4";
  x_out.write(npy_header(descr, shape));
  const bool in_matrix = !src || src->x.bytes.empty();  // "<f4": the matrix holds the input's bytes
  const int64_t row_bytes = src ? src->x_row_bytes() : base.n_cols() * 4;
  if (widen) write_unshifted(x_out, rows);
  else write_features(x_out, rows, descr,
                      in_matrix ? reinterpret_cast<const char*>(base.X.data()) : src->x.bytes.data(), row_bytes);

  AtomicFile y_out(y_path);
  if (src) {
    std::vector<int64_t> y_shape{n};
    if (src->y.shape.size() == 2) y_shape.push_back(1);
    y_out.write(npy_header(src->y.descr, y_shape));
    write_source_labels(y_out, rows, *src);
  } else {
    write_class_labels(y_out, rows);
  }
  commit_together({&x_out, &y_out});
}

}  // namespace smrt
