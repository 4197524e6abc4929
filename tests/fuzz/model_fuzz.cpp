// The model-file reader (`smrt generate MODEL`, Model::load / from_bytes).
// Input: byte 0 is the mode, the rest a model file.
//   even: the bytes as they are (magic, lengths, JSON header, checksum).
//   odd:  the file's JSON header is kept and the lengths and the weights'
//         checksum are set right before loading, so that mutated headers reach
//         the code that rebuilds a model from its header (architecture,
//         scaling, class) instead of stopping at the checksum.
// A model that loads is then used as `smrt generate` uses it (use() below).
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_support.h"
#include "smrt/core/error.h"
#include "smrt/core/rng.h"
#include "smrt/generative/model_file.h"
#include "smrt/nn/checkpoint.h"

namespace {

constexpr char kMagic[] = "SMRTMODEL\n";
constexpr size_t kMagicSize = sizeof(kMagic) - 1;

// Header and weights of a (possibly damaged) model file, re-framed with the
// right lengths and checksum; empty when the header is not a JSON object.
std::string reframe(const std::string& file) {
  const size_t fixed = kMagicSize + sizeof(uint32_t) + sizeof(uint64_t);
  if (file.size() < fixed) return {};
  uint64_t header_size = 0;
  std::memcpy(&header_size, file.data() + kMagicSize + sizeof(uint32_t), sizeof(uint64_t));
  if (header_size > file.size() - fixed) return {};
  const size_t payload_at = fixed + header_size + sizeof(uint64_t);
  const std::string payload = payload_at <= file.size() ? file.substr(payload_at) : std::string();
  nlohmann::json header = nlohmann::json::parse(file.substr(fixed, header_size), nullptr, false);
  if (!header.is_object()) return {};
  return smrt::nn::frame_model_bytes(std::move(header), payload);
}

// What `smrt generate` and Model::classes() do with a loaded model: the class
// names indexed by each class id, one generated row shaped by the sample
// shape (a header whose fields disagreed crashed or mis-shaped the output),
// the shape generated rows are given and the training data's range.
void use(const smrt::generative::LoadedModel& model) {
  double values = 1.0;
  if (model.image) {
    smrt::generative::ImageModel& m = *model.image;
    for (int64_t s : m.sample_shape()) values *= static_cast<double>(s);
    const std::vector<int32_t> ids = m.classes();
    for (int32_t c : ids) SMRT_FUZZ_CHECK(c >= 0 && static_cast<size_t>(c) < m.class_names().size());
    if (ids.empty()) return;
    smrt::Rng rng(0);
    SMRT_FUZZ_CHECK(static_cast<double>(m.generate(ids.front(), 1, rng).n_cols()) == values);
    return;
  }
  for (int64_t s : model.autoencoder->sample_shape()) values *= static_cast<double>(s);
  SMRT_FUZZ_CHECK(values == static_cast<double>(model.autoencoder->n_features()));
  // The shape generated rows take (the header's input_shape, or the legacy
  // one) holds one row's values; a value_range is a range of finite values.
  const std::vector<int64_t>& input_shape = model.autoencoder->input_shape();
  double inputs = 1.0;
  for (int64_t s : input_shape) inputs *= s >= 1 ? static_cast<double>(s) : 0.0;
  SMRT_FUZZ_CHECK(!input_shape.empty() && input_shape.size() <= 3 && inputs == values);
  if (const auto range = model.autoencoder->value_range())
    SMRT_FUZZ_CHECK(std::isfinite((*range)[0]) && std::isfinite((*range)[1]) && (*range)[0] <= (*range)[1]);
  if (auto* vae = dynamic_cast<smrt::VariationalAutoEncoder*>(model.autoencoder.get()))
    SMRT_FUZZ_CHECK(vae->generate(1).n_cols() == vae->n_features());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::string file(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] & 1) {
    file = reframe(file);
    if (file.empty()) return 0;
  }
  try {
    const smrt::nn::ModelFile parsed = smrt::nn::parse_model(file, "fuzz model");
    SMRT_FUZZ_CHECK(parsed.header.is_object() || !parsed.header.is_discarded());
    const smrt::generative::LoadedModel model = smrt::generative::load_model_bytes(file, "fuzz model");
    SMRT_FUZZ_CHECK((model.autoencoder != nullptr) != (model.image != nullptr));
    use(model);
  } catch (const smrt::Error&) {
    // not a model file, damaged, or a header that does not describe a model
  }
  return 0;
}
