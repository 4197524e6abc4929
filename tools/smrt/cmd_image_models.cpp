// `smrt fit` / `smrt generate` for the GAN family (cgan, smate, deepsmote):
// fit on a labelled image set and save; load and draw images of one class.
#ifdef SMRT_HAVE_GENERATIVE
#include <cstdio>

#include "commands.h"
#include "smrt/core/error.h"
#include "smrt/core/npy_io.h"
#include "smrt/core/progress.h"
#include "smrt/generative/image_grid.h"
#include <algorithm>

namespace smrt::cli {

bool is_image_model_method(const std::string& method) {
  // Every generative sampler but SMRT (whose models are per-class VAEs) fits one image model.
  for (const SamplerInfo* info : list_methods())
    if (info->family == "generative" && info->name != "smrt" && (info->name == method ||
        std::find(info->aliases.begin(), info->aliases.end(), method) != info->aliases.end()))
      return true;
  return false;
}

void fit_image_model(const InputSpec& input, const std::string& method, int64_t seed,
                     const std::vector<std::string>& param_texts, const std::string& out) {
  SMRT_THROW_IF_NOT(ParameterError, !input.labels_path.empty() || !input.label_column.empty(), method,
                    " is fitted on labelled images: give --labels y.npy");
  std::map<std::string, std::string> params = param_map(param_texts);
  if (seed >= 0) {
    SMRT_THROW_IF_NOT(ParameterError, params.count("random_state") == 0,
                      "random_state is given both as --seed and as --param");
    params["random_state"] = std::to_string(seed);
  }
  if (!params.count("verbose") && verbosity() == Verbosity::Quiet) params["verbose"] = "0";
  Estimator sampler = Estimator::create_from_text(method, params);
  const Dataset data = load_dataset(input);
  // As `resample` says it, naming the file (the core's check said "input: ... to resample").
  SMRT_THROW_IF_NOT(DataError, data.classes.n_classes() >= 2, input.path, ": the labels hold only one class ('",
                    data.classes.n_classes() ? data.classes.name(0) : std::string(), "'); ", method,
                    " is fitted on at least 2");
  RunOptions options;
  options.verbosity = verbosity();
  // fit resolves sampling_strategy into the classes to model, and generates nothing.
  sampler.fit(features_of(data), labels_of(data), options);
  const auto model = sampler.model();
  model->save(out);
  if (verbosity() != Verbosity::Quiet) {
    std::string names;
    for (const auto& c : model->classes()) names += (names.empty() ? "" : ", ") + c;
    std::fprintf(stderr, "%s: can generate class(es) %s; wrote %s\n", model->kind().c_str(), names.c_str(),
                 out.c_str());
  }
}

void generate_from_image_model(Model& model, const std::string& path, int64_t n, const std::string& class_label,
                               uint64_t seed, const std::string& out, const std::string& grid, int64_t grid_cols) {
  if (!grid.empty()) check_image_grid_shape(grid, model.sample_shape());  // before any work or output
  const auto labels = model.classes();
  std::string names;
  for (const auto& c : labels) names += (names.empty() ? "" : ", ") + c;
  std::string label = class_label;
  if (label.empty()) {
    SMRT_THROW_IF_NOT(ParameterError, labels.size() == 1, path, " holds a ", model.kind(),
                      " model of several classes; choose one with --class (", names, ")");
    label = labels[0];
  } else {
    SMRT_THROW_IF_NOT(ParameterError, std::find(labels.begin(), labels.end(), label) != labels.end(), "--class '",
                      label, "': ", path, " generates only ", names);
  }
  RunOptions options;
  options.verbosity = verbosity();
  const Matrix rows = model.generate_class(label, n, seed, options);
  std::vector<int64_t> shape{rows.n_rows()};
  const auto ss = model.sample_shape();
  shape.insert(shape.end(), ss.begin(), ss.end());
  write_npy_float(out, rows.data(), shape);
  if (!grid.empty()) {
    ImageGridOptions grid_options;
    grid_options.n_cols = grid_cols;
    write_image_grid_png(grid, MatrixView{rows.data(), std::min<int64_t>(n, grid_cols * 10), rows.n_cols()}, ss,
                         grid_options);
  }
  if (verbosity() != Verbosity::Quiet)
    std::fprintf(stderr, "generated %lld images of class %s; wrote %s%s%s\n", static_cast<long long>(n),
                 label.c_str(), out.c_str(), grid.empty() ? "" : ", ", grid.c_str());
}

}  // namespace smrt::cli
#endif  // SMRT_HAVE_GENERATIVE
