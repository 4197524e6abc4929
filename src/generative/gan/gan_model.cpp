#include "smrt/generative/gan_model.h"

#include "smrt/core/error.h"

namespace smrt::generative {

void GanImageModel::describe_data(const DataView& data, const std::vector<std::string>& class_names) {
  arch_.image = image_shape_of(data, method());
  class_names_ = class_names;
  sample_shape_ = data.sample_shape;
  range_ = value_range_of(data.X);
}

nlohmann::json GanImageModel::write_common_header() const {
  return {{"class", method()},
          {"architecture", arch_.to_json()},
          {"value_range", {range_.lo, range_.hi}},
          {"class_names", class_names_},
          {"sample_shape", sample_shape_}};
}

void GanImageModel::read_common_header(const nn::ModelFile& file) {
  file.expect_class(method());
  const auto& h = file.header;
  try {
    arch_ = GanArchitecture::from_json(h.at("architecture"));
    const auto r = h.at("value_range").get<std::vector<float>>();
    SMRT_THROW_IF_NOT(IoError, r.size() == 2, "value_range must hold two numbers, got ", r.size());
    range_ = {r[0], r[1]};
    class_names_ = h.at("class_names").get<std::vector<std::string>>();
    sample_shape_ = h.at("sample_shape").get<std::vector<int64_t>>();
  } catch (const nlohmann::json::exception& e) {
    throw IoError(msg(file.path, ": a ", method(), " model header with a missing or malformed field (", e.what(), ")"));
  } catch (const Error& e) {
    throw IoError(msg(file.path, ": ", e.what()));
  }
}

}  // namespace smrt::generative
