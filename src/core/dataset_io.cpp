#include "smrt/core/dataset_io.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <set>

#include "smrt/core/atomic_file.h"
#include "smrt/core/csv_io.h"
#include "smrt/core/error.h"
#include "smrt/core/npy_io.h"

namespace smrt {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

std::vector<std::string> OutputTarget::paths() const {
  std::vector<std::string> out = kind == Kind::Csv ? std::vector<std::string>{csv_path} : std::vector<std::string>{x_path, y_path};
  if (!indices_path.empty()) out.push_back(indices_path);
  return out;
}

std::string extension_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const size_t start = slash == std::string::npos ? 0 : slash + 1;
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || dot <= start) return "";
  std::string ext = path.substr(dot);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

bool is_npy_path(const std::string& path) { return extension_of(path) == ".npy"; }

bool is_model_file(const std::string& path) {
  char head[sizeof(kModelFileMagic) - 1] = {};
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  return file && std::fread(head, 1, sizeof(head), file.get()) == sizeof(head) &&
         std::equal(head, head + sizeof(head), kModelFileMagic);
}

Dataset load_dataset(const InputSpec& input) {
  SMRT_THROW_IF_NOT(ParameterError, !input.path.empty(), "no input file given");
  SMRT_THROW_IF_NOT(IoError, !is_directory(input.path), "'", input.path,
                    "' is a directory; give a CSV file or a features .npy");
  const bool csv_only = !input.features.empty() || !input.ignore.empty() || !input.categorical.empty();
  SMRT_THROW_IF_NOT(ParameterError, !input.unlabelled || (input.labels_path.empty() && input.label_column.empty()),
                    input.path, ": features only are read here, but labels were given");
  if (is_npy_path(input.path)) {
    // The mirror of --labels with CSV: a label column that NPY input does not have would be ignored.
    SMRT_THROW_IF_NOT(ParameterError, input.label_column.empty(), input.path, ": --label '", input.label_column,
                      "' names a CSV column; for NPY input give the labels file with --labels y.npy");
    if (input.unlabelled) {
      SMRT_THROW_IF_NOT(ParameterError, !csv_only, input.path,
                        ": --features and --ignore need CSV input (NPY columns have no names)");
      return read_npy_features(input.path, input.shift);
    }
    SMRT_THROW_IF_NOT(ParameterError, !input.labels_path.empty(), input.path,
                      ": NPY features need a labels file (--labels y.npy)");
    SMRT_THROW_IF_NOT(ParameterError, !csv_only, input.path,
                      ": --features, --ignore and column names in categorical_features need CSV input (NPY columns "
                      "have no names)");
    return read_npy_dataset(input.path, input.labels_path, input.shift);
  }
  SMRT_THROW_IF_NOT(IoError, !is_model_file(input.path), input.path,
                    ": an smrt model file, not a data table (`smrt generate ", input.path, " -n N -o new.npy` makes rows "
                    "from it)");
  SMRT_THROW_IF_NOT(ParameterError, input.labels_path.empty(), input.path,
                    ": --labels is for NPY input; for CSV name the label column with --label COLUMN");
  CsvOptions options;
  options.label_column = input.label_column;
  options.delimiter = input.delimiter;
  options.features = input.features;
  options.ignore = input.ignore;
  options.categorical = input.categorical;
  options.categorical_indices = input.categorical_indices;
  options.all_categorical = input.all_categorical;
  options.shift = input.shift;
  return input.unlabelled ? read_csv_features(input.path, options) : read_csv(input.path, options);
}

OutputName classify_output(const std::string& out) {
  SMRT_THROW_IF_NOT(ParameterError, !out.empty(), "no output given (-o OUT)");
  const size_t slash = out.find_last_of('/');
  const std::string last = slash == std::string::npos ? out : out.substr(slash + 1);
  SMRT_THROW_IF_NOT(ParameterError, last != "" && last != "." && last != ".." && !is_directory(out), "-o '", out,
                    "' is a folder; give a file name in it, e.g. ", out, ends_with(out, "/") ? "" : "/",
                    "out.csv");
  static const std::set<std::string> compressed = {".gz", ".bz2", ".xz", ".zip", ".zst", ".7z", ".lz4", ".tgz", ".z"};
  const std::string ext = extension_of(out);
  SMRT_THROW_IF_NOT(ParameterError, compressed.count(ext) == 0, "-o '", out,
                    "': compressed output is not supported; write the plain file and compress it afterwards");
  OutputName name;
  if (ext == ".csv" || ext == ".tsv" || ext == ".txt") {
    name.kind = OutputName::Kind::Csv;
    name.path = out;
  } else if (ext == ".npy" || ext.empty()) {
    name.kind = OutputName::Kind::Npy;
    name.stem = ext.empty() ? out : out.substr(0, out.size() - 4);
  } else {
    throw ParameterError(msg("-o '", out, "': cannot write '", ext,
                             "' files; use NAME.csv, NAME.tsv or NAME.txt (CSV), or NAME.npy or a NAME without "
                             "extension (NPY)"));
  }
  return name;
}

OutputTarget resolve_output(const std::string& out, const InputSpec& input, const std::string& indices) {
  const OutputName name = classify_output(out);
  OutputTarget target;
  if (name.kind == OutputName::Kind::Csv) {
    target.kind = OutputTarget::Kind::Csv;
    target.csv_path = name.path;
    const bool tsv = extension_of(out) == ".tsv";
    if (is_npy_path(input.path)) {
      target.delimiter = tsv ? '\t' : ',';
    } else {
      target.delimiter = input.delimiter;  // kept rows are copied as read, delimiters included
      SMRT_THROW_IF_NOT(ParameterError, !tsv || input.delimiter == '\t', "-o '", out, "': the input is separated by '",
                        std::string(1, input.delimiter),
                        "', and kept rows are written as read; name the output .csv (or .txt)");
    }
  } else {
    // NPY from a CSV drops its other columns and stores float32: a choice to name, not a default.
    SMRT_THROW_IF_NOT(ParameterError, !extension_of(out).empty() || is_npy_path(input.path), "-o '", out,
                      "' has no extension and the input is a CSV: name it ", out,
                      ".csv for a CSV (every column, kept rows as read) or ", out,
                      ".npy for NPY (float32 features and the labels, without the other columns)");
    target.kind = OutputTarget::Kind::NpyPair;
    target.x_path = name.stem + "_X.npy";
    target.y_path = name.stem + "_y.npy";
  }
  if (!indices.empty()) {
    const std::string ext = extension_of(indices);
    SMRT_THROW_IF_NOT(ParameterError, (ext == ".txt" || ext == ".csv") && !is_directory(indices), "--indices '",
                      indices, "' must be a NAME.txt or NAME.csv file (one input row index per line)");
    target.indices_path = indices;
  }
  const auto paths = target.paths();
  for (size_t i = 0; i < paths.size(); ++i) {
    check_output_path(paths[i], {input.path, input.labels_path});
    for (size_t j = 0; j < i; ++j)  // two outputs of one run in one file (-o and --indices)
      SMRT_THROW_IF_NOT(ParameterError, !same_file(paths[i], paths[j]), "'", paths[i],
                        "' is named for two outputs of this run (-o and --indices): give each its own file");
  }
  return target;
}

void save_rows(const OutputTarget& target, const RowSelection& rows) {
  // The indices file is written and synced first, renamed only once the data is in place.
  std::unique_ptr<AtomicFile> indices;
  if (!target.indices_path.empty()) {
    indices = std::make_unique<AtomicFile>(target.indices_path);
    std::string chunk;
    for (int64_t i = 0; i < rows.n_rows(); ++i) {
      chunk += std::to_string(rows.base_index(i));
      chunk += '\n';
      if (chunk.size() > (1 << 20)) {
        indices->write(chunk);
        chunk.clear();
      }
    }
    indices->write(chunk);
    indices->flush_to_disk();
  }
  if (target.kind == OutputTarget::Kind::Csv) write_csv(target.csv_path, rows, target.delimiter);
  else write_npy_dataset(target.x_path, target.y_path, rows);
  if (indices) indices->rename_into_place();
}

}  // namespace smrt
