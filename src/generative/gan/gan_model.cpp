#include "smrt/generative/gan_model.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "smrt/core/error.h"

namespace smrt::generative {

void GanImageModel::describe_data(const DataView& data, const std::vector<std::string>& class_names) {
  arch_.image = image_shape_of(data, method());
  class_names_ = class_names;
  sample_shape_ = data.sample_shape;
  range_ = value_range_of(data.X);
  // Constant images (every pixel 255) had hi == lo (lo + 1e-6 rounds back to lo above 16): scaling into
  // [0, 1] divided by zero and training stopped on NaN losses, "lower learning_rate".
  if (!(range_.hi > range_.lo)) range_.hi = range_.lo + std::max(1.0f, std::fabs(range_.lo)) * 1e-3f;
}

void GanImageModel::validate_architecture(int64_t batch_size) const {
  try {
    arch_.validate();
  } catch (const ParameterError& e) {
    throw ParameterError(msg(method(), ": ", e.what()));
  }
  SMRT_THROW_IF_NOT(ParameterError, batch_size >= 2 || !arch_.batch_norm, method(), ": batch_size=", batch_size,
                    " trains nothing with batch_norm=True (batch normalisation cannot train on a batch of one "
                    "image); use batch_size=2 or more, or batch_norm=False");
}

nlohmann::json GanImageModel::write_common_header() const {
  return {{"class", method()},
          {"architecture", arch_.to_json()},
          {"value_range", {range_.lo, range_.hi}},
          {"class_names", class_names_},
          {"sample_shape", sample_shape_}};
}

void GanImageModel::read_common_header(const nn::ModelFile& file, bool conditional) {
  file.expect_class(method());
  const auto& h = file.header;
  try {
    arch_ = GanArchitecture::from_json(h.at("architecture"));
    const auto r = h.at("value_range").get<std::vector<float>>();
    SMRT_THROW_IF_NOT(IoError, r.size() == 2, "value_range must hold two numbers, got ", r.size());
    range_ = {r[0], r[1]};
    class_names_ = h.at("class_names").get<std::vector<std::string>>();
    sample_shape_ = nn::whole_numbers(h.at("sample_shape"), "sample_shape", true).get<std::vector<int64_t>>();
  } catch (const nlohmann::json::exception& e) {
    throw IoError(msg(file.path, ": a ", method(), " model header with a missing or malformed field (", e.what(), ")"));
  } catch (const Error& e) {
    throw IoError(msg(file.path, ": ", e.what()));
  }
  // The fields against each other: class ids index class_names, and the
  // generator's C x H x W values are reshaped to sample_shape on output.
  const std::string where = msg(file.path, ": the ", method(), " model header's ");
  SMRT_THROW_IF_NOT(IoError, std::isfinite(range_.lo) && std::isfinite(range_.hi) && range_.lo <= range_.hi, where,
                    "value_range [", range_.lo, ", ", range_.hi, "] is not a range of finite values");
  const auto n_names = static_cast<int64_t>(class_names_.size());
  if (conditional)
    SMRT_THROW_IF_NOT(IoError, n_names >= 1 && arch_.n_labels == n_names, where, "class_names lists ", n_names,
                      " class(es) but architecture.n_labels is ", arch_.n_labels);
  else
    SMRT_THROW_IF_NOT(IoError, arch_.n_labels == 0, where, "architecture.n_labels is ", arch_.n_labels,
                      "; a ", method(), " generator takes no label");
  std::set<std::string> seen;  // not a quadratic search: a damaged header may list many
  for (const std::string& name : class_names_)
    SMRT_THROW_IF_NOT(IoError, seen.insert(name).second, where, "class_names lists '", name, "' more than once");
  const double image_values = static_cast<double>(arch_.image.channels) * static_cast<double>(arch_.image.height) *
                              static_cast<double>(arch_.image.width);
  file.expect_sample_shape(sample_shape_, {2, 3}, image_values, msg("the ", method(), " model header's"),
                           msg("the ", arch_.image.channels, " x ", arch_.image.height, " x ", arch_.image.width,
                               " images of its architecture.image_shape"));
}

std::vector<int32_t> GanImageModel::read_class_ids(const nn::ModelFile& file) const {
  std::vector<int64_t> ids;
  try {
    ids = file.whole_numbers(file.header.at("classes"), "classes", true).get<std::vector<int64_t>>();
  } catch (const nlohmann::json::exception& e) {
    throw IoError(msg(file.path, ": a ", method(), " model header with a missing or malformed field (", e.what(), ")"));
  }
  const std::string where = msg(file.path, ": the ", method(), " model header's ");
  SMRT_THROW_IF_NOT(IoError, !ids.empty(), where, "classes lists no class");
  std::vector<int32_t> out;
  std::set<int64_t> seen;
  for (int64_t c : ids) {
    SMRT_THROW_IF_NOT(IoError, c >= 0 && c < static_cast<int64_t>(class_names_.size()), where, "classes holds ", c,
                      ", not an index into its ", class_names_.size(), " class_names");
    SMRT_THROW_IF_NOT(IoError, seen.insert(c).second, where, "classes lists ", c, " more than once");
    out.push_back(static_cast<int32_t>(c));
  }
  return out;
}

}  // namespace smrt::generative
