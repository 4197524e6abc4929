#include "smrt/core/npy_io.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <regex>

#include "smrt/core/atomic_file.h"
#include "smrt/core/error.h"

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

template <typename T>
void convert(const char* src, int64_t n, float* dst) {
  for (int64_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, src + i * static_cast<int64_t>(sizeof(T)), sizeof(T));
    dst[i] = static_cast<float>(v);
  }
}

// float32 copy of any numeric array; false if the dtype is not numeric.
// `path` names the file in errors.
bool to_float(const NpyArray& a, float* dst, const std::string& path) {
  const std::string& d = a.descr;
  const char* src = a.bytes.data();
  const int64_t n = a.n_elements();
  const std::string t = d.substr(1);
  if (t == "f4") {
    std::memcpy(dst, src, static_cast<size_t>(n) * 4);
  } else if (t == "f8") {
    convert<double>(src, n, dst);
    // A finite double beyond float32's range would read as inf and be reported as "not finite".
    const int64_t row_size = a.shape.empty() || a.shape[0] == 0 ? 1 : n / a.shape[0];
    for (int64_t i = 0; i < n; ++i) {
      if (std::isfinite(dst[i])) continue;
      double v;
      std::memcpy(&v, src + i * 8, 8);
      SMRT_THROW_IF_NOT(DataError, !std::isfinite(v), path, ": row ", i / row_size, ", feature ", i % row_size,
                        ": value ", v, " is beyond float32's range (3.4e38), the precision smrt computes in");
    }
  }
  else if (t == "u1") convert<uint8_t>(src, n, dst);
  else if (t == "i1") convert<int8_t>(src, n, dst);
  else if (t == "b1") convert<uint8_t>(src, n, dst);
  else if (t == "i2") convert<int16_t>(src, n, dst);
  else if (t == "u2") convert<uint16_t>(src, n, dst);
  else if (t == "i4") convert<int32_t>(src, n, dst);
  else if (t == "u4") convert<uint32_t>(src, n, dst);
  else if (t == "i8") convert<int64_t>(src, n, dst);
  else if (t == "u8") convert<uint64_t>(src, n, dst);
  else return false;
  return true;
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

namespace {

// Reads header and data; `destination` may return a buffer of the right size
// to read the data into directly (saving a copy of large float32 arrays), or
// nullptr to keep the bytes in the returned NpyArray.
NpyArray read_npy_into(const std::string& path, const std::function<char*(const NpyArray&)>& destination) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  SMRT_THROW_IF_NOT(IoError, file != nullptr, "cannot open '", path, "': ", std::strerror(errno));
  char preamble[10];
  const size_t got = std::fread(preamble, 1, sizeof(preamble), file.get());
  SMRT_THROW_IF_NOT(DataError, got > 0, path, ": the file is empty");
  SMRT_THROW_IF_NOT(DataError, got == sizeof(preamble) && std::memcmp(preamble, kMagic, 6) == 0, path,
                    ": not a .npy file (bad magic string)");
  const int major = preamble[6];
  size_t header_len = 0;
  if (major == 1) {
    header_len = static_cast<uint8_t>(preamble[8]) | (static_cast<size_t>(static_cast<uint8_t>(preamble[9])) << 8);
  } else {
    SMRT_THROW_IF_NOT(DataError, major == 2 || major == 3, path, ": unsupported .npy version ", major);
    unsigned char extra[2];
    SMRT_THROW_IF_NOT(DataError, std::fread(extra, 1, 2, file.get()) == 2, path, ": truncated header");
    header_len = static_cast<uint8_t>(preamble[8]) | (static_cast<size_t>(static_cast<uint8_t>(preamble[9])) << 8) |
                 (static_cast<size_t>(extra[0]) << 16) | (static_cast<size_t>(extra[1]) << 24);
  }
  std::string header(header_len, '\0');
  SMRT_THROW_IF_NOT(DataError, std::fread(header.data(), 1, header_len, file.get()) == header_len, path,
                    ": truncated header");

  NpyArray a;
  std::string descr = header_value(header, "descr", path);
  a.descr = descr.substr(1, descr.size() - 2);
  SMRT_THROW_IF_NOT(DataError, a.descr.size() >= 3 && is_little_or_any(a.descr[0]), path, ": dtype '", a.descr,
                    "' is not supported (little-endian numbers or unicode strings only)");
  SMRT_THROW_IF_NOT(DataError, header_value(header, "fortran_order", path) == "False", path,
                    ": Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
  a.shape = parse_shape(header_value(header, "shape", path), path);
  const char kind = a.descr[1];
  SMRT_THROW_IF_NOT(DataError, kind == 'f' || kind == 'i' || kind == 'u' || kind == 'b' || kind == 'U', path,
                    ": dtype '", a.descr, "' is not supported (float, integer, bool or unicode)");
  SMRT_THROW_IF_NOT(DataError, parse_int64(a.descr.substr(2)).has_value(), path, ": dtype '", a.descr,
                    "' is not supported");
  const int64_t bytes = checked_size(a.n_elements(), a.item_size());
  char* target = destination ? destination(a) : nullptr;
  if (!target) {
    a.bytes.resize(static_cast<size_t>(bytes));
    target = a.bytes.data();
  }
  SMRT_THROW_IF_NOT(DataError, std::fread(target, 1, static_cast<size_t>(bytes), file.get()) == static_cast<size_t>(bytes),
                    path, ": truncated data (expected ", bytes, " bytes for shape ", shape_text(a.shape), ")");
  return a;
}

}  // namespace

NpyArray read_npy(const std::string& path) { return read_npy_into(path, nullptr); }

Dataset read_npy_dataset(const std::string& x_path, const std::string& y_path) {
  Dataset data;
  // float32 features are read straight into the matrix: no second copy.
  NpyArray xa = read_npy_into(x_path, [&](const NpyArray& header) -> char* {
    if (header.descr != "<f4" || header.shape.size() < 2) return nullptr;
    int64_t d = 1;
    for (size_t i = 1; i < header.shape.size(); ++i) d = checked_size(d, header.shape[i]);
    data.X = Matrix(header.shape[0], d);
    return reinterpret_cast<char*>(data.X.data());
  });
  NpyArray ya = read_npy(y_path);
  SMRT_THROW_IF_NOT(DataError, xa.shape.size() >= 2 && xa.shape.size() <= 4, x_path, ": features must have shape ",
                    "(n, d), (n, H, W) or (n, C, H, W), got ", shape_text(xa.shape));
  const int64_t n = xa.shape[0];
  SMRT_THROW_IF_NOT(DataError, n > 0, x_path, ": no rows");
  SMRT_THROW_IF_NOT(DataError, ya.shape.size() == 1 || (ya.shape.size() == 2 && ya.shape[1] == 1), y_path,
                    ": labels must have shape (n,) or (n, 1), got ", shape_text(ya.shape));
  SMRT_THROW_IF_NOT(DataError, ya.shape[0] == n, "mismatched labels: ", x_path, " has ", n, " rows but ", y_path,
                    " has ", ya.shape[0], " labels");

  if (xa.bytes.size() > 0 || data.X.n_rows() != n) {
    int64_t d = 1;
    for (size_t i = 1; i < xa.shape.size(); ++i) d = checked_size(d, xa.shape[i]);
    data.X = Matrix(n, d);
    SMRT_THROW_IF_NOT(DataError, to_float(xa, data.X.data(), x_path), x_path, ": features must be numeric, got dtype '",
                      xa.descr, "'");
    xa.bytes = std::vector<char>();
  }
  if (xa.shape.size() > 2) data.sample_shape.assign(xa.shape.begin() + 1, xa.shape.end());

  const char kind = ya.descr[1];
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
    data.classes = ClassIndex::from_strings(labels, &data.y);
  } else {
    SMRT_THROW_IF_NOT(DataError, kind == 'i' || kind == 'u' || kind == 'b', y_path,
                      ": labels must be integers or strings, got dtype '", ya.descr,
                      "' (float labels are ambiguous: convert them to int)");
    std::vector<int64_t> labels(static_cast<size_t>(n));
    const int64_t size = ya.item_size();
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
    data.classes = ClassIndex::from_integers(labels, &data.y);
  }
  data.label_name = "label";
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

void write_npy_dataset(const std::string& x_path, const std::string& y_path, const RowSelection& rows) {
  const Dataset& base = *rows.base;
  const int64_t n = rows.n_rows();
  std::vector<int64_t> shape{n};
  if (base.sample_shape.empty()) shape.push_back(base.n_cols());
  else shape.insert(shape.end(), base.sample_shape.begin(), base.sample_shape.end());

  AtomicFile x_out(x_path);
  x_out.write(npy_header("<f4", shape));
  const size_t row_bytes = static_cast<size_t>(base.n_cols()) * sizeof(float);
  std::vector<char> chunk;
  chunk.reserve(8 << 20);
  for (int64_t i = 0; i < n; ++i) {
    const char* r = reinterpret_cast<const char*>(rows.row(i));
    chunk.insert(chunk.end(), r, r + row_bytes);
    if (chunk.size() >= (8u << 20)) {
      x_out.write(chunk.data(), chunk.size());
      chunk.clear();
    }
  }
  x_out.write(chunk.data(), chunk.size());

  AtomicFile y_out(y_path);
  const ClassIndex& classes = base.classes;
  if (classes.kind() == ClassIndex::Kind::Integer) {
    y_out.write(npy_header("<i8", {n}));
    std::vector<int64_t> values(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) values[static_cast<size_t>(i)] = classes.integer_value(rows.label(i));
    y_out.write(values.data(), values.size() * sizeof(int64_t));
  } else {
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
  commit_together({&x_out, &y_out});
}

}  // namespace smrt
