#include "smrt/generative/model_file.h"

#include "smrt/nn/checkpoint.h"

namespace smrt::generative {
namespace {

LoadedModel load(const nn::ModelFile& file) {
  LoadedModel out;
  const std::string kind = file.header.value("class", std::string("?"));
  if (kind == "AutoEncoder" || kind == "VariationalAutoEncoder") out.autoencoder = load_autoencoder(file);
  else out.image = load_image_model(file);  // an IoError names any other class
  return out;
}

}  // namespace

LoadedModel load_model(const std::string& path) { return load(nn::read_model(path)); }

LoadedModel load_model_bytes(const std::string& bytes, const std::string& source) {
  return load(nn::parse_model(bytes, source));
}

}  // namespace smrt::generative
