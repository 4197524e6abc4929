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

  /// arch_.validate() for fit(): a ParameterError names method() ("cgan: channels has 2 levels, so ...").
  /// With batch normalisation, batches of `batch_size` must hold 2 images: batches of one are skipped,
  /// so batch_size=1 trained nothing (losses 0) and the networks stayed as initialised.
  void validate_architecture(int64_t batch_size) const;

  /// The header every GAN-family model file starts with: class (method()),
  /// architecture, value_range, class_names, sample_shape. Callers add
  /// their own fields.
  nlohmann::json write_common_header() const;
  /// Checks that `file` holds a method() model and reads the common fields
  /// back (an IoError names the file when one is missing or malformed), then
  /// checks them against each other before anything is built or indexed from
  /// them: the architecture (sizes positive), the value range, the class
  /// names (distinct; as many as architecture.n_labels for a `conditional`
  /// model, n_labels 0 otherwise), the sample shape (2 or 3 positive
  /// dimensions holding the C x H x W values the generator draws). An
  /// IoError names the file and the fields that disagree.
  void read_common_header(const nn::ModelFile& file, bool conditional);
  /// The header's "classes" (smate, deepsmote: the class ids with a
  /// generator or codes), checked after read_common_header: at least one,
  /// distinct, each an index into class_names. An IoError names the file.
  std::vector<int32_t> read_class_ids(const nn::ModelFile& file) const;

  GanArchitecture arch_;
  ValueRange range_;
};

}  // namespace smrt::generative
