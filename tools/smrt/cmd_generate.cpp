// smrt generate: draw new rows (or images) from a fitted VAE.
#ifdef SMRT_HAVE_GENERATIVE
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "commands.h"
#include "smrt/core/atomic_file.h"
#include "smrt/core/csv_io.h"
#include "smrt/core/error.h"
#include "smrt/core/npy_io.h"
#include "smrt/core/progress.h"
#include "smrt/generative/image_grid.h"

namespace smrt::cli {
namespace {

struct GenerateCliArgs {
  std::string model;
  int64_t n = 0;
  std::string out;
  std::string grid;
  int64_t grid_cols = 10;
  double loc = 0.0, scale = 1.0;
  std::string class_label;  // image GAN models
  uint64_t seed = 0;
  // Which model-specific options were given: each kind of model takes its own.
  bool class_given = false, seed_given = false, loc_or_scale_given = false;
};

/// Rows as CSV (named as the model's training columns, else f0, f1, ...) or NPY.
void write_rows(const OutputName& name, const std::string& path, const Matrix& rows,
                const std::vector<int64_t>& sample_shape, const std::vector<std::string>& names) {
  if (name.kind == OutputName::Kind::Csv) {
    const char* sep = extension_of(path) == ".tsv" ? "\t" : ",";
    AtomicFile file(path);
    std::string line;
    for (int64_t j = 0; j < rows.n_cols(); ++j) {
      if (j) line += sep;
      line += static_cast<size_t>(j) < names.size() ? csv_quoted(names[static_cast<size_t>(j)], sep[0])
                                                    : "f" + std::to_string(j);
    }
    file.write(line + "\n");
    char buf[32];
    for (int64_t i = 0; i < rows.n_rows(); ++i) {
      line.clear();
      for (int64_t j = 0; j < rows.n_cols(); ++j) {
        if (j) line += sep;
        // The shortest text that reads back as the same float32, as `resample` writes new rows.
        line.append(buf, std::to_chars(buf, buf + sizeof(buf), rows(i, j)).ptr);
      }
      file.write(line + "\n");
    }
    file.commit();
    return;
  }
  // Each row in the shape of the samples the model was fitted on (as image models write theirs).
  std::vector<int64_t> shape{rows.n_rows()};
  if (sample_shape.size() > 1) shape.insert(shape.end(), sample_shape.begin(), sample_shape.end());
  else shape.push_back(rows.n_cols());
  write_npy_float(path, rows.data(), shape);
}

void run_generate(const GenerateCliArgs& a) {
  // The output rule every data-writing command follows (dataset_io.h); NAME
  // without extension is NAME.npy here, one array without labels.
  const OutputName name = classify_output(a.out);
  const std::string out = name.kind == OutputName::Kind::Csv ? name.path : name.stem + ".npy";
  check_output_path(out, {a.model});
  if (!a.grid.empty()) check_output_path(a.grid, {a.model, out});
  auto model = Model::load(a.model);
  if (model->is_image_model()) {
    SMRT_THROW_IF_NOT(ParameterError, !a.loc_or_scale_given, "--loc and --scale apply to VariationalAutoEncoder models; ",
                      a.model, " holds a ", model->kind(), " model, which takes --class and --seed");
    SMRT_THROW_IF_NOT(ParameterError, name.kind == OutputName::Kind::Npy, "-o '", a.out, "': image models write .npy");
    return generate_from_image_model(*model, a.model, a.n, a.class_label, a.seed, out, a.grid, a.grid_cols);
  }
  SMRT_THROW_IF_NOT(ParameterError, model->kind() == "VariationalAutoEncoder", a.model, ": holds an ", model->kind(),
                    ", which cannot generate; fit one with `smrt fit --method vae`");
  // A VAE models one class and draws from its own seed (`smrt fit --seed`): silently ignoring these would mislead.
  SMRT_THROW_IF_NOT(ParameterError, !a.class_given && !a.seed_given, a.seed_given ? "--seed" : "--class",
                    " applies to cgan, smate and deepsmote models; ", a.model, " holds a ", model->kind(),
                    " model, which takes -n, --loc, --scale and --grid (it draws from the seed it was fitted with: "
                    "`smrt fit --seed`; fit one per class with `smrt fit --class`)");
  SMRT_THROW_IF_NOT(ParameterError, a.grid.empty() || model->sample_shape().size() > 1,
                    "--grid needs an image model; ", a.model, " was fitted on a table of ", model->n_features(),
                    " columns");
  if (!a.grid.empty()) check_image_grid_shape(a.grid, model->sample_shape());
  RunOptions options;
  options.verbosity = verbosity();
  const Matrix rows = model->generate(a.n, a.loc, a.scale, options);
  write_rows(name, out, rows, model->sample_shape(), model->feature_names());
  if (!a.grid.empty()) {
    const int64_t shown = std::min<int64_t>(a.n, a.grid_cols * 10);
    ImageGridOptions grid_options;
    grid_options.n_cols = a.grid_cols;
    write_image_grid_png(a.grid, MatrixView{rows.data(), shown, rows.n_cols()}, model->sample_shape(), grid_options);
  }
  if (verbosity() != Verbosity::Quiet)
    std::fprintf(stderr, "generated %lld rows x %lld features; wrote %s%s%s\n", static_cast<long long>(a.n),
                 static_cast<long long>(rows.n_cols()), out.c_str(), a.grid.empty() ? "" : ", ", a.grid.c_str());
}

}  // namespace

void add_generate_command(CLI::App& app) {
  auto a = std::make_shared<GenerateCliArgs>();
  auto* cmd = app.add_subcommand("generate", kGenerateSummary);
  // No CLI::ExistingFile: a missing model is an I/O error (status 1), as a missing data file is.
  cmd->add_option("MODEL", a->model, "Model file from `smrt fit` (vae, cgan, smate, deepsmote)")->required();
  cmd->add_option("-n", a->n, "Number of rows to generate")->required()->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  cmd->add_option("-o,--out", a->out,
                  "Output: OUT.npy or OUT (float32, image-shaped for image models), or OUT.csv / .tsv / .txt")
      ->required();
  cmd->add_option("--grid", a->grid, "Also write a PNG grid of the first (up to 10 rows of) images")
      ->check([](const std::string& p) { return extension_of(p) == ".png" ? std::string() : "must end in .png"; });
  cmd->add_option("--grid-cols", a->grid_cols, "Images per grid row")->capture_default_str()->check(CLI::Range(1, 1000));
  cmd->add_option("--loc", a->loc, "Mean of the latent noise (generate_args loc)")->capture_default_str();
  cmd->add_option("--scale", a->scale, "Standard deviation of the latent noise (generate_args scale)")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& text) {  // CLI::NonNegativeNumber prints DBL_MAX's 309 digits
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            return end && *end == '\0' && std::isfinite(v) && v >= 0.0 ? std::string()
                                                                       : "--scale " + text + " is not a number >= 0";
          },
          "FLOAT >= 0"));
  cmd->add_option("--class", a->class_label, "cgan / smate / deepsmote models: the class to generate");
  cmd->add_option("--seed", a->seed, "cgan / smate / deepsmote models: noise seed")
      ->capture_default_str()
      ->check(seed_validator());
  cmd->footer(
      "Examples:\n"
      "  smrt generate cgan.smrtm --class 9 -n 500 --seed 1 -o boots.npy --grid boots.png\n"
      "  smrt generate vae3.smrtm -n 100 -o fake3.npy --grid fake3.png\n"
      "  smrt generate vae.smrtm -n 500 -o synthetic.csv\n"
      "  smrt generate vae.smrtm -n 100 --scale 0.5 -o closer_to_mean.npy\n"
      "The same model file always generates the same rows.");
  cmd->callback([a, cmd] {
    a->class_given = cmd->count("--class") > 0;
    a->seed_given = cmd->count("--seed") > 0;
    a->loc_or_scale_given = cmd->count("--loc") > 0 || cmd->count("--scale") > 0;
    run_generate(*a);
  });
}

}  // namespace smrt::cli
#endif  // SMRT_HAVE_GENERATIVE
