#include "smrt/core/dataset_io.h"

#include "smrt/core/atomic_file.h"
#include "smrt/core/csv_io.h"
#include "smrt/core/error.h"
#include "smrt/core/npy_io.h"

namespace smrt {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::vector<std::string> OutputTarget::paths() const {
  if (kind == Kind::Csv) return {csv_path};
  return {x_path, y_path};
}

bool is_npy_path(const std::string& path) { return ends_with(path, ".npy"); }

Dataset load_dataset(const InputSpec& input) {
  SMRT_THROW_IF_NOT(ParameterError, !input.path.empty(), "no input file given");
  if (is_npy_path(input.path)) {
    SMRT_THROW_IF_NOT(ParameterError, !input.labels_path.empty(), input.path,
                      ": NPY features need a labels file (--labels y.npy)");
    return read_npy_dataset(input.path, input.labels_path);
  }
  SMRT_THROW_IF_NOT(ParameterError, input.labels_path.empty(), input.path,
                    ": --labels is for NPY input; for CSV name the label column with --label COLUMN");
  CsvOptions options;
  options.label_column = input.label_column;
  options.delimiter = input.delimiter;
  return read_csv(input.path, options);
}

OutputTarget resolve_output(const std::string& out, const InputSpec& input) {
  SMRT_THROW_IF_NOT(ParameterError, !out.empty(), "no output given (-o OUT)");
  OutputTarget target;
  target.delimiter = input.delimiter;
  if (ends_with(out, ".csv") || ends_with(out, ".tsv") || ends_with(out, ".txt")) {
    target.kind = OutputTarget::Kind::Csv;
    target.csv_path = out;
    if (ends_with(out, ".tsv")) target.delimiter = '\t';
  } else {
    std::string prefix = is_npy_path(out) ? out.substr(0, out.size() - 4) : out;
    target.kind = OutputTarget::Kind::NpyPair;
    target.x_path = prefix + "_X.npy";
    target.y_path = prefix + "_y.npy";
  }
  for (const auto& p : target.paths()) check_output_path(p, {input.path, input.labels_path});
  return target;
}

void save_rows(const OutputTarget& target, const RowSelection& rows) {
  if (target.kind == OutputTarget::Kind::Csv) write_csv(target.csv_path, rows, target.delimiter);
  else write_npy_dataset(target.x_path, target.y_path, rows);
}

}  // namespace smrt
