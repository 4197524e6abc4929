// `smrt fit` / `smrt generate` for the GAN family (cgan, smate, deepsmote):
// fit on a labelled image set and save; load and draw images of one class.
#ifdef SMRT_HAVE_GENERATIVE
#include <cstdio>

#include "commands.h"
#include "smrt/core/error.h"
#include "smrt/core/npy_io.h"
#include "smrt/core/progress.h"
#include "smrt/generative/image_grid.h"
#include "smrt/generative/image_model.h"
#include "smrt/nn/checkpoint.h"
#include "smrt/sample/registry.h"

namespace smrt::cli {

bool is_image_model_method(const std::string& method) {
  auto& registry = SamplerRegistry::global();
  if (!registry.contains(method)) return false;
  const std::string name = registry.get(method).name;
  return name == "cgan" || name == "smate" || name == "deepsmote";
}

bool is_image_model_file(const std::string& path) {
  const std::string kind = nn::read_model(path).header.value("class", "");
  return kind == "cgan" || kind == "smate" || kind == "deepsmote";
}

void fit_image_model(const InputSpec& input, const std::string& method, int64_t seed,
                     const std::vector<std::string>& param_texts, const std::string& out) {
  SMRT_THROW_IF_NOT(ParameterError, !input.labels_path.empty() || !input.label_column.empty(), method,
                    " is fitted on labelled images: give --labels y.npy");
  std::map<std::string, std::string> params;
  for (const auto& kv : param_texts) {
    auto [key, value] = split_key_value(kv);
    SMRT_THROW_IF_NOT(ParameterError, params.count(key) == 0, "--param ", key, " is given twice");
    params[key] = value;
  }
  if (seed >= 0) {
    SMRT_THROW_IF_NOT(ParameterError, params.count("random_state") == 0,
                      "random_state is given both as --seed and as --param");
    params["random_state"] = std::to_string(seed);
  }
  if (!params.count("verbose") && verbosity() == Verbosity::Quiet) params["verbose"] = "0";
  auto sampler = SamplerRegistry::global().create(method, params);
  const Dataset data = load_dataset(input);
  // fit_resample resolves sampling_strategy into the classes to model.
  sampler->fit_resample(data);
  auto* model = dynamic_cast<generative::ImageModelSampler&>(*sampler).model();
  model->save(out);
  if (verbosity() != Verbosity::Quiet) {
    std::string names;
    for (int32_t c : model->classes()) names += (names.empty() ? "" : ", ") + model->class_names()[static_cast<size_t>(c)];
    std::fprintf(stderr, "%s: can generate class(es) %s; wrote %s\n", model->method().c_str(), names.c_str(),
                 out.c_str());
  }
}

void generate_from_image_model(const std::string& path, int64_t n, const std::string& class_label, uint64_t seed,
                               const std::string& out, const std::string& grid, int64_t grid_cols) {
  auto model = generative::load_image_model(path);
  const auto ids = model->classes();
  std::string names;
  for (int32_t c : ids) names += (names.empty() ? "" : ", ") + model->class_names()[static_cast<size_t>(c)];
  int32_t id = -1;
  if (class_label.empty()) {
    SMRT_THROW_IF_NOT(ParameterError, ids.size() == 1, path, " holds a ", model->method(),
                      " model of several classes; choose one with --class (", names, ")");
    id = ids[0];
  } else {
    for (int32_t c : ids)
      if (model->class_names()[static_cast<size_t>(c)] == class_label) id = c;
    SMRT_THROW_IF_NOT(ParameterError, id >= 0, "--class '", class_label, "': ", path, " generates only ", names);
  }
  Rng rng(seed);
  const Matrix rows = model->generate(id, n, rng);
  std::vector<int64_t> shape{rows.n_rows()};
  const auto& ss = model->sample_shape();
  shape.insert(shape.end(), ss.begin(), ss.end());
  write_npy_float(out, rows.data(), shape);
  if (!grid.empty()) {
    ImageGridOptions options;
    options.n_cols = grid_cols;
    write_image_grid_png(grid, MatrixView{rows.data(), std::min<int64_t>(n, grid_cols * 10), rows.n_cols()}, ss,
                         options);
  }
  if (verbosity() != Verbosity::Quiet)
    std::fprintf(stderr, "generated %lld images of class %s; wrote %s%s%s\n", static_cast<long long>(n),
                 model->class_names()[static_cast<size_t>(id)].c_str(), out.c_str(), grid.empty() ? "" : ", ",
                 grid.c_str());
}

}  // namespace smrt::cli
#endif  // SMRT_HAVE_GENERATIVE
