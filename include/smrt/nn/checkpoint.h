#pragma once
// Model files: a JSON header (class, architecture, scaling, smrt version,
// anything the model needs to rebuild itself) followed by the weights.
//
//   bytes 0-9   "SMRTMODEL\n"
//   u32         file format version (1)
//   u64         header length, then the header (UTF-8 JSON)
//   u64         payload length, then the payload (torch archive of named tensors)
//
// The header records the payload's length and FNV-1a hash, so a truncated or
// damaged file is an IoError that says so, never a crash or garbage weights.

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <string>

namespace smrt::nn {

inline constexpr uint32_t kModelFormatVersion = 1;

/// The model file's bytes: header + every parameter and buffer of `module`.
/// Adds "format_version", "smrt_version" and the payload checks to `header`.
std::string model_bytes(nlohmann::json header, const torch::nn::Module& module);
/// The framing alone: magic, format version, `header` with the payload's
/// length and checksum set, then `payload` (model_bytes() uses it; so does
/// the model fuzz target, to re-frame a mutated header).
std::string frame_model_bytes(nlohmann::json header, const std::string& payload);
/// model_bytes() written to `path`, atomically.
void save_model(const std::string& path, nlohmann::json header, const torch::nn::Module& module);
/// Writes a model file's bytes atomically.
void write_model_bytes(const std::string& path, const std::string& bytes);

struct ModelFile {
  std::string path;
  nlohmann::json header;
  std::string payload;

  /// Loads every parameter and buffer of `module` (built from the header)
  /// from the payload; a missing tensor or a shape mismatch is an IoError.
  void load_into(torch::nn::Module& module) const;
  /// header["class"], checked: an IoError names both classes on a mismatch.
  void expect_class(const std::string& expected) const;
  /// nn::whole_numbers (below), its error naming this file.
  const nlohmann::json& whole_numbers(const nlohmann::json& value, const char* field, bool list) const;
  /// Before building the networks a header describes: an IoError unless the
  /// payload can hold `n_weights` float32 values (`what` names them). A
  /// damaged header cannot make the reader allocate more than the file holds.
  void expect_weights(double n_weights, const std::string& what) const;
  /// An IoError unless `shape` (the header's sample_shape, which output rows
  /// are reshaped to) has one of `ranks` dimensions, all positive, holding
  /// `values` values; `owner` begins the message ("the cgan model header's"),
  /// `values_text` says what holds them ("rows of its n_features 784 values").
  void expect_sample_shape(const std::vector<int64_t>& shape, const std::vector<size_t>& ranks, double values,
                           const std::string& owner, const std::string& values_text) const;
};

/// Reads and checks a model file (magic, lengths, JSON, hash, version).
ModelFile read_model(const std::string& path);
/// The same checks on a model's bytes (e.g. from a pickle); `source` names
/// them in errors.
ModelFile parse_model(const std::string& bytes, const std::string& source);

/// A header field's whole numbers: `value` itself when it is one (or, with
/// `list`, an array of them), else an IoError naming `field`. nlohmann's
/// get<int64_t> converts a JSON float as a C++ cast does: 1e30 is undefined
/// behaviour and 2.5 is truncated (model fuzz target, input_shape [1e30]:
/// corpus/model/crash-input-shape-not-whole), so loaders read whole-number
/// fields through this before get<>.
const nlohmann::json& whole_numbers(const nlohmann::json& value, const char* field, bool list);

}  // namespace smrt::nn
