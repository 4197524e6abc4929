#pragma once
// Any model file smrt writes (AutoEncoder, VariationalAutoEncoder, cgan,
// smate, deepsmote), read and checked once and rebuilt by its header's class:
// what `smrt generate` and the library API's Model::load / from_bytes use.

#include <memory>
#include <string>

#include "smrt/generative/autoencoder.h"
#include "smrt/generative/image_model.h"

namespace smrt::generative {

/// One of the two is set.
struct LoadedModel {
  std::unique_ptr<BaseAutoEncoder> autoencoder;
  std::unique_ptr<ImageModel> image;
};

LoadedModel load_model(const std::string& path);
/// The same from a model file's bytes (a pickle); `source` names them in errors.
LoadedModel load_model_bytes(const std::string& bytes, const std::string& source = "model bytes");

}  // namespace smrt::generative
