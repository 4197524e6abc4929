#include "commands.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "smrt/core/class_index.h"  // parse_int64
#include "smrt/core/error.h"
#include "smrt/core/rng.h"
#include "smrt/smrt.h"

namespace smrt::cli {

void DataArgs::add_to(CLI::App* cmd, bool data_required) {
  auto* data = cmd->add_option("DATA", input.path, "Input: a CSV file, or a features .npy (with --labels)");
  if (data_required) data->required();
  cmd->add_option("--label", input.label_column, "CSV: name of the label column");
  cmd->add_option("--labels", input.labels_path, "NPY: labels .npy file, one label per row of DATA");
  cmd->add_option("--delimiter", delimiter, "CSV field delimiter (one character; 'tab' for a tab)")
      ->capture_default_str();
  cmd->add_option("--features", input.features,
                  "CSV: the feature columns, by name (a,b,c); the other columns are carried through unchanged")
      ->delimiter(',')
      ->allow_extra_args(false);  // one value per --features: DATA after it stays DATA
  cmd->add_option("--ignore", input.ignore,
                  "CSV: columns that are not features (an id, free text), carried through unchanged")
      ->delimiter(',')
      ->allow_extra_args(false);
}

smrt::InputSpec DataArgs::spec(bool label_required) const {
  smrt::InputSpec s = input;
  if (delimiter == "tab" || delimiter == "\\t") s.delimiter = '\t';
  else {
    SMRT_THROW_IF_NOT(smrt::ParameterError, delimiter.size() == 1, "--delimiter '", delimiter,
                      "' must be a single character (or 'tab')");
    s.delimiter = delimiter[0];
  }
  // A line end ends a record and '"' quotes a field (RFC 4180): neither can also separate fields.
  const bool line_end = s.delimiter == '\n' || s.delimiter == '\r';
  SMRT_THROW_IF_NOT(smrt::ParameterError, !line_end && s.delimiter != '"', "--delimiter ",
                    s.delimiter == '\n' ? "'\\n'" : s.delimiter == '\r' ? "'\\r'" : "'\"'",
                    line_end ? " is a line end, which ends a record" : " is the quote character",
                    ": it cannot separate fields (use ',', ';', 'tab' or another character)");
  if (label_required && !smrt::is_npy_path(s.path) && !smrt::is_model_file(s.path)) {  // load_dataset names a model
    SMRT_THROW_IF_NOT(smrt::ParameterError, !s.label_column.empty() || !s.labels_path.empty(), s.path,
                      ": name the label column with --label COLUMN");
  }
  return s;
}

CLI::Validator seed_validator() {
  return CLI::Validator(
      [](std::string& text) {
        const auto v = parse_int64(text);
        return v && *v >= 0 && *v <= smrt::kLargestSeed ? std::string()
                                                : "--seed " + text + " is not an integer in [0, 2^32 - 1]";
      },
      "INT in [0, 2^32 - 1]");
}

std::map<std::string, std::string> param_map(const std::vector<std::string>& texts) {
  std::map<std::string, std::string> params;
  for (const auto& kv : texts) {
    auto [key, value] = smrt::split_key_value(kv);
    SMRT_THROW_IF_NOT(smrt::ParameterError, params.count(key) == 0, "--param ", key, " is given twice");
    params[key] = value;
  }
  return params;
}

smrt::Features features_of(const smrt::Dataset& data) {
  smrt::Features f = smrt::Features::of(data.X.data(), data.n_rows(), data.n_cols());
  f.sample_shape = data.sample_shape;
  return f;
}

smrt::Labels labels_of(const smrt::Dataset& data) {
  smrt::Labels y;
  y.ids = data.y.data();
  y.n = static_cast<int64_t>(data.y.size());
  y.classes = data.classes;
  return y;
}

void check_distance_range(const smrt::Dataset& data, const std::string& path) {
  const MatrixView X = data.X.view();
  const bool csv = !is_npy_path(path);
  for (int64_t i = 0; i < X.n_rows; ++i)
    for (int64_t j = 0; j < X.n_cols; ++j) {
      const double v = X(i, j);
      if (std::abs(v) <= kMaxFloatDistanceValue) continue;
      const auto col = static_cast<size_t>(j);
      throw DataError(msg(path, ": ", csv ? msg("data row ", i + 1, " (1-based, the header not counted)") : msg("row ", i),
                          ", ", col < data.feature_names.size() ? "column '" + data.feature_names[col] + "'" : msg("feature ", j),
                          ": value ", v, " is beyond ", kMaxFloatDistanceValue,
                          " in magnitude; this method sums squared distances in float: rescale the features"));
    }
}

void warn_coarse_columns(const smrt::Dataset& data) {
  if (data.n_rows() == 0) return;  // a warning about the data, not progress: shown under -q too
  const MatrixView X = data.X.view();
  // One pass along the rows (as stored): a pass per column cost 65-96 ms on 1M x 20, most of a quick run.
  std::vector<float> lows(X.row(0), X.row(0) + X.n_cols), highs = lows;
  for (int64_t i = 1; i < X.n_rows; ++i) {
    const float* row = X.row(i);
    for (int64_t j = 0; j < X.n_cols; ++j) lows[static_cast<size_t>(j)] = std::min(lows[static_cast<size_t>(j)], row[j]),
      highs[static_cast<size_t>(j)] = std::max(highs[static_cast<size_t>(j)], row[j]);
  }
  for (int64_t j = 0; j < X.n_cols; ++j) {
    const float lo = lows[static_cast<size_t>(j)], hi = highs[static_cast<size_t>(j)];
    const float far = std::max(std::abs(lo), std::abs(hi));
    const double step = static_cast<double>(std::nextafter(far, INFINITY)) - far, span = static_cast<double>(hi) - lo;
    if (span <= 0 || step <= 1e-3 * span) continue;  // a thousand float32 steps or more across the column
    const auto col = static_cast<size_t>(j);
    std::fprintf(stderr,
                 "smrt: warning: %s: values near %.4g span about %.4g; smrt computes in float32, whose step there is "
                 "%.4g, so new rows and neighbour choices see this column in steps of %.4g (kept rows are written as "
                 "read); subtract an offset first (e.g. the column's minimum)\n",
                 col < data.feature_names.size() ? ("column '" + data.feature_names[col] + "'").c_str()
                                                  : msg("feature ", j).c_str(),
                 static_cast<double>(far), span, step, step);
  }
}

std::string class_count_table(const smrt::ClassIndex& classes, const std::vector<int64_t>& counts) {
  int64_t total = 0;
  size_t width = 5;
  for (int32_t c = 0; c < classes.n_classes(); ++c) {
    total += counts[static_cast<size_t>(c)];
    width = std::max(width, classes.name(c).size());
  }
  std::string out;
  char line[512];
  std::snprintf(line, sizeof(line), "  %-*s %12s %8s\n", static_cast<int>(width), "class", "count", "share");
  out += line;
  for (int32_t c = 0; c < classes.n_classes(); ++c) {
    const int64_t n = counts[static_cast<size_t>(c)];
    std::snprintf(line, sizeof(line), "  %-*s %12lld %7.2f%%\n", static_cast<int>(width), classes.name(c).c_str(),
                  static_cast<long long>(n), total ? 100.0 * static_cast<double>(n) / static_cast<double>(total) : 0.0);
    out += line;
  }
  return out;
}

void add_all_commands(CLI::App& app) {
  smrt::register_all_methods();
  add_info_command(app);
  add_list_command(app);
  add_resample_command(app);
#ifdef SMRT_HAVE_GENERATIVE
  add_fit_command(app);
  add_generate_command(app);
#endif
#ifdef SMRT_HAVE_EVAL
  add_eval_command(app);
  add_demo_command(app);
#endif
#ifdef SMRT_TORCH_CLI
  add_torch_commands(app);
#endif
}

}  // namespace smrt::cli
