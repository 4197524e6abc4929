#pragma once
// What cgan, smate and deepsmote share beyond ImageModel: the network
// architecture, the value range the images were scaled by, and the model
// file header fields that record them with the class names and sample
// shape. One writer and one reader of those fields, so the three file
// formats cannot drift apart.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "smrt/generative/gan_networks.h"
#include "smrt/generative/image_model.h"
#include "smrt/nn/checkpoint.h"

namespace smrt::generative {

class GanImageModel : public ImageModel {
 protected:
  /// Records what fit() learns about the data before training: the image
  /// shape (into arch_.image), class names, sample shape and value range.
  /// An error names method() when the rows are not images.
  void describe_data(const DataView& data, const std::vector<std::string>& class_names);

  /// The header every GAN-family model file starts with: class (method()),
  /// architecture, value_range, class_names, sample_shape. Callers add
  /// their own fields.
  nlohmann::json write_common_header() const;
  /// Checks that `file` holds a method() model and reads the common fields
  /// back (an IoError names the file when one is missing or malformed).
  void read_common_header(const nn::ModelFile& file);

  GanArchitecture arch_;
  ValueRange range_;
};

}  // namespace smrt::generative
