#include "smrt/nn/checkpoint.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <sstream>

#include "smrt/core/atomic_file.h"
#include "smrt/core/dataset_io.h"
#include "smrt/core/error.h"

namespace smrt::nn {
namespace {

constexpr const char* kMagic = kModelFileMagic;
constexpr size_t kMagicSize = sizeof(kModelFileMagic) - 1;

uint64_t fnv1a(const std::string& bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

template <typename T>
void put(std::string& out, T value) {
  char buf[sizeof(T)];
  std::memcpy(buf, &value, sizeof(T));
  out.append(buf, sizeof(T));
}

template <typename T>
T take(const std::string& data, size_t& pos, const std::string& path, const char* what) {
  SMRT_THROW_IF_NOT(IoError, pos + sizeof(T) <= data.size(), path, ": truncated model file (ends inside the ", what,
                    ")");
  T value;
  std::memcpy(&value, data.data() + pos, sizeof(T));
  pos += sizeof(T);
  return value;
}

}  // namespace

std::string model_bytes(nlohmann::json header, const torch::nn::Module& module) {
  torch::serialize::OutputArchive archive;
  for (const auto& p : module.named_parameters(true)) archive.write(p.key(), p.value().detach());
  for (const auto& b : module.named_buffers(true)) archive.write(b.key(), b.value(), true);
  std::ostringstream payload_stream;
  archive.save_to(payload_stream);
  const std::string payload = payload_stream.str();

  header["format_version"] = kModelFormatVersion;
  header["smrt_version"] = SMRT_VERSION;
  return frame_model_bytes(std::move(header), payload);
}

std::string frame_model_bytes(nlohmann::json header, const std::string& payload) {
  header["payload_bytes"] = payload.size();
  header["payload_fnv1a"] = std::to_string(fnv1a(payload));
  const std::string header_text = header.dump();

  std::string out(kMagic, kMagicSize);
  put<uint32_t>(out, kModelFormatVersion);
  put<uint64_t>(out, header_text.size());
  out += header_text;
  put<uint64_t>(out, payload.size());
  out += payload;
  return out;
}

void save_model(const std::string& path, nlohmann::json header, const torch::nn::Module& module) {
  write_model_bytes(path, model_bytes(std::move(header), module));
}

void write_model_bytes(const std::string& path, const std::string& bytes) {
  AtomicFile file(path);
  file.write(bytes);
  file.commit();
}

ModelFile read_model(const std::string& path) {
  // As the data readers say it: the path and the system's reason (a missing
  // file, a folder, no permission) are an I/O error.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  SMRT_THROW_IF_NOT(IoError, file != nullptr, "cannot open model file '", path, "': ", std::strerror(errno));
  std::string data;
  char buf[1 << 16];
  size_t got = 0;
  while ((got = std::fread(buf, 1, sizeof(buf), file.get())) > 0) data.append(buf, got);
  SMRT_THROW_IF_NOT(IoError, !std::ferror(file.get()), "cannot read model file '", path, "': ", std::strerror(errno));
  return parse_model(data, path);
}

ModelFile parse_model(const std::string& data, const std::string& path) {
  SMRT_THROW_IF_NOT(IoError, data.size() >= kMagicSize && data.compare(0, kMagicSize, kMagic) == 0, path,
                    ": not an smrt model file (it does not start with SMRTMODEL; write one with `smrt fit`)");
  size_t pos = kMagicSize;
  const auto version = take<uint32_t>(data, pos, path, "format version");
  SMRT_THROW_IF_NOT(IoError, version >= 1 && version <= kModelFormatVersion, path, ": model file format ", version,
                    " is not supported by smrt ", SMRT_VERSION, " (it reads formats 1 to ", kModelFormatVersion, ")");
  const auto header_size = take<uint64_t>(data, pos, path, "header length");
  SMRT_THROW_IF_NOT(IoError, header_size <= data.size() - pos, path, ": truncated or corrupt model file (header of ",
                    header_size, " bytes, ", data.size() - pos, " left)");
  ModelFile file;
  file.path = path;
  try {
    file.header = nlohmann::json::parse(data.substr(pos, header_size));
  } catch (const nlohmann::json::exception& e) {
    throw IoError(msg(path, ": corrupt model header (", e.what(), ")"));
  }
  pos += header_size;
  const auto payload_size = take<uint64_t>(data, pos, path, "weights length");
  SMRT_THROW_IF_NOT(IoError, payload_size == data.size() - pos, path, ": truncated or corrupt model file (weights of ",
                    payload_size, " bytes expected, ", data.size() - pos, " present)");
  file.payload = data.substr(pos);
  try {
    SMRT_THROW_IF_NOT(IoError, file.header.at("payload_fnv1a").get<std::string>() == std::to_string(fnv1a(file.payload)),
                      path, ": corrupt model file (the weights do not match their checksum)");
  } catch (const nlohmann::json::exception& e) {
    throw IoError(msg(path, ": corrupt model header (", e.what(), ")"));
  }
  return file;
}

const nlohmann::json& ModelFile::whole_numbers(const nlohmann::json& value, const char* field, bool list) const {
  try {
    return nn::whole_numbers(value, field, list);
  } catch (const IoError& e) {
    throw IoError(msg(path, ": ", e.what()));
  }
}

void ModelFile::expect_class(const std::string& expected) const {
  const std::string actual = header.value("class", std::string("?"));
  SMRT_THROW_IF_NOT(IoError, actual == expected, path, ": the file holds a ", actual, ", not a ", expected);
}

void ModelFile::expect_weights(double n_weights, const std::string& what) const {
  SMRT_THROW_IF_NOT(IoError, 4.0 * n_weights <= static_cast<double>(payload.size()), path, ": the header describes ",
                    what, " (", n_weights, " weights), more than the file's ", payload.size(),
                    " bytes of weights hold (a damaged header?)");
}

void ModelFile::expect_sample_shape(const std::vector<int64_t>& shape, const std::vector<size_t>& ranks,
                                    double values, const std::string& owner, const std::string& values_text) const {
  std::string text;
  double product = 1.0;  // a double: a damaged header's sizes may overflow int64
  bool positive = true;
  for (int64_t s : shape) {
    text += (text.empty() ? "" : ", ") + std::to_string(s);
    product *= static_cast<double>(s);
    positive = positive && s >= 1;
  }
  const bool rank = std::find(ranks.begin(), ranks.end(), shape.size()) != ranks.end();
  SMRT_THROW_IF_NOT(IoError, rank && positive && product == values, path, ": ", owner, " sample_shape [", text,
                    "] does not describe ", values_text);
}

void ModelFile::load_into(torch::nn::Module& module) const {
  torch::serialize::InputArchive archive;
  // LibTorch reports a damaged archive with c10::Error, or (its TorchScript
  // type parser, on a mangled class name) a std::runtime_error of several
  // lines: both become one line naming the file (found by the model fuzz
  // target, corpus/model/crash-torch-type-parser).
  auto corrupt = [&](const char* what) {
    const std::string text(what);
    return IoError(msg(path, ": corrupt weights (", text.substr(0, text.find('\n')), ")"));
  };
  try {
    archive.load_from(payload.data(), payload.size());
  } catch (const c10::Error& e) {
    throw corrupt(e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw corrupt(e.what());
  }
  torch::NoGradGuard no_grad;
  auto load = [&](const std::string& name, torch::Tensor& target, bool buffer) {
    torch::Tensor value;
    bool found = false;
    try {
      found = archive.try_read(name, value, buffer);
    } catch (const c10::Error& e) {
      throw corrupt(e.what_without_backtrace());
    } catch (const std::exception& e) {
      throw corrupt(e.what());
    }
    SMRT_THROW_IF_NOT(IoError, found, path, ": the weights lack '", name,
                      "' (the file does not match its header's architecture)");
    SMRT_THROW_IF_NOT(IoError, value.sizes() == target.sizes(), path, ": '", name, "' has shape ", value.sizes(),
                      " but the architecture needs ", target.sizes());
    target.copy_(value);
  };
  for (auto& p : module.named_parameters(true)) load(p.key(), p.value(), false);
  for (auto& b : module.named_buffers(true)) load(b.key(), b.value(), true);
}

const nlohmann::json& whole_numbers(const nlohmann::json& value, const char* field, bool list) {
  const auto whole = [](const nlohmann::json& v) { return v.is_number_integer(); };
  const bool ok = list ? value.is_array() && std::all_of(value.begin(), value.end(), whole) : whole(value);
  SMRT_THROW_IF_NOT(IoError, ok, "the model header's ", field, " ", value.dump(), " is not ",
                    list ? "a list of whole numbers" : "a whole number");
  return value;
}

}  // namespace smrt::nn
