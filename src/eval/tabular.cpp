#include "smrt/eval/tabular.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "protocol_parts.h"
#include "smrt/core/dataset_io.h"
#include "smrt/core/error.h"
#include "smrt/eval/knn_classifier.h"
#include "smrt/eval/logistic_regression.h"

namespace smrt::eval {
namespace {

constexpr int64_t kImbalance = 20;     // training majority : minority
constexpr int64_t kMinMinority = 8;    // SMOTE's k=5 and ADASYN need a few neighbours
constexpr double kTestShare = 0.3;

struct ClassifierChoice {
  std::string id, name;
  std::function<std::unique_ptr<Classifier>(ClassWeight, uint64_t)> make;
};

std::vector<ClassifierChoice> classifiers() {
  return {{"lr", "logistic regression",
           [](ClassWeight w, uint64_t) {
             LogisticRegressionParams p;
             p.class_weight = w;
             return std::unique_ptr<Classifier>(new LogisticRegression(p));
           }},
          {"knn", "5-nearest neighbours", [](ClassWeight w, uint64_t) {
             KnnClassifierParams p;
             p.class_weight = w;
             return std::unique_ptr<Classifier>(new KnnClassifier(p));
           }}};
}

std::vector<MethodSpec> tabular_methods() {
  return {detail::make_method("none", ""),          detail::make_method("random over", "ros"),
          detail::make_method("SMOTE", "smote"),      detail::make_method("BorderlineSMOTE", "borderline_smote"),
          detail::make_method("ADASYN", "adasyn"),    detail::make_method("SMRT", "smrt"),
          // The samplers from the smote-variants ranking (issue 18).
          detail::make_method("PolynomFitSMOTE", "polynom_fit_smote"), detail::make_method("ProWSyn", "prowsyn"),
          detail::make_method("SMOTEIPF", "smote_ipf"), detail::make_method("SafeLevelSMOTE", "safe_level_smote"),
          detail::make_method("MWMOTE", "mwmote"),    detail::make_method("GeometricSMOTE", "gsmote"),
          detail::make_method("SMOBD", "smobd")};
}

/// The smallest class id (the minority whose scores are reported).
int32_t smallest_class(const Dataset& d) {
  const auto counts = d.class_counts();
  return static_cast<int32_t>(std::min_element(counts.begin(), counts.end()) - counts.begin());
}

Dataset load_table(const std::string& dir, const std::string& name) {
  InputSpec in;
  in.path = dir + "/tabular/" + name + "_X.npy";
  in.labels_path = dir + "/tabular/" + name + "_y.npy";
  try {
    return load_dataset(in);
  } catch (const IoError& e) {
    throw IoError(msg(e.what(), " (protocol d's tables are made by scripts/setup)"));
  }
}

/// Per seed: 30% of each class for testing, the rest for training with the
/// minority (label 1) cut to 1:20 of the majority, standardised.
Split cut_split(const Dataset& data, int32_t minority, uint64_t seed) {
  Rng rng(seed, 0xd);
  const auto rows = shuffled_class_rows(data, rng);
  std::vector<int64_t> train, test;
  int64_t n_major = 0;
  for (size_t c = 0; c < rows.size(); ++c)
    if (static_cast<int32_t>(c) != minority)
      n_major += static_cast<int64_t>(rows[c].size()) -
                 static_cast<int64_t>(std::ceil(kTestShare * static_cast<double>(rows[c].size())));
  for (size_t c = 0; c < rows.size(); ++c) {
    const auto n = static_cast<int64_t>(rows[c].size());
    const auto n_test = static_cast<int64_t>(std::ceil(kTestShare * static_cast<double>(n)));
    int64_t n_train = n - n_test;
    if (static_cast<int32_t>(c) == minority) n_train = std::min(n_train, std::max(kMinMinority, n_major / kImbalance));
    test.insert(test.end(), rows[c].begin(), rows[c].begin() + n_test);
    train.insert(train.end(), rows[c].begin() + n_test, rows[c].begin() + n_test + n_train);
  }
  std::sort(train.begin(), train.end());
  std::sort(test.begin(), test.end());
  Split s{subset(data, train), subset(data, test), {minority}};
  standardize_split(s.train, s.test);
  return s;
}

/// Fold `fold` of `folds` stratified folds (each class's shuffled rows dealt round-robin).
Split fold_split(const Dataset& data, int32_t minority, int folds, int fold, uint64_t shuffle_seed) {
  Rng rng(shuffle_seed, 0xf01d);
  const auto rows = shuffled_class_rows(data, rng);
  std::vector<int64_t> train, test;
  int64_t dealt = 0;  // continue the deal across classes, as StratifiedKFold balances fold sizes
  for (const auto& class_rows : rows)
    for (int64_t r : class_rows) (dealt++ % folds == fold ? test : train).push_back(r);
  std::sort(train.begin(), train.end());
  std::sort(test.begin(), test.end());
  Split s{subset(data, train), subset(data, test), {minority}};
  standardize_split(s.train, s.test);
  return s;
}

std::vector<std::string> headline() { return {"minority_f1", "balanced_accuracy", "average_precision", "minority_recall"}; }

}  // namespace

void standardize_split(Dataset& train, Dataset& test) {
  const int64_t d = train.n_cols(), n = train.n_rows();
  for (int64_t j = 0; j < d; ++j) {
    double mean = 0, sq = 0;
    for (int64_t i = 0; i < n; ++i) mean += train.X(i, j);
    mean /= static_cast<double>(std::max<int64_t>(1, n));
    for (int64_t i = 0; i < n; ++i) sq += (train.X(i, j) - mean) * (train.X(i, j) - mean);
    const double var = sq / static_cast<double>(std::max<int64_t>(1, n));
    // Constant as scikit-learn's StandardScaler decides (_is_constant_feature):
    // relative to the column's own size, so a feature in tiny units (1e-13 F)
    // is scaled like any other instead of being left at ~0.
    const double eps = std::numeric_limits<double>::epsilon(), nd = static_cast<double>(n);
    const bool constant = var <= nd * eps * var + (nd * mean * eps) * (nd * mean * eps);
    const double scale = constant ? 1.0 : 1.0 / std::sqrt(var);
    for (Dataset* part : {&train, &test})
      for (int64_t i = 0; i < part->n_rows(); ++i)
        part->X(i, j) = static_cast<float>((part->X(i, j) - mean) * scale);
  }
}

const std::vector<std::string>& tabular_set_names() {
  static const std::vector<std::string> names{"breast_cancer", "wine",          "digits",
                                              "synth_easy",    "synth_clusters", "synth_hard"};
  return names;
}

std::vector<Experiment> protocol_d(const ProtocolOptions& o) {
  SMRT_THROW_IF_NOT(ParameterError, o.per_class == 0 && o.cnn_epochs == 0,
                    "--per-class and --cnn-epochs size protocols b and c; protocol d is tabular");
  const std::string dir = data_dir(o.data_dir);
  std::vector<std::string> sets = tabular_set_names();
  if (o.scale == Scale::Tiny) sets.resize(2);
  std::vector<Experiment> out;
  for (const auto& name : sets) {
    auto data = std::make_shared<Dataset>(load_table(dir, name));
    const auto minority = data->classes.find("1");
    SMRT_THROW_IF_NOT(DataError, minority && data->classes.n_classes() == 2, dir, "/tabular/", name,
                      "_y.npy: protocol d needs labels 0 and 1 (1 = minority); found ", data->classes.describe());
    const Split example = cut_split(*data, *minority, o.base_seed);
    const auto counts = example.train.class_counts();
    for (const auto& clf : classifiers()) {
      Experiment e = detail::start(
          "d-" + name + "-" + clf.id, "tabular: " + name + ", " + clf.name,
          "One of protocol d's six imbalanced tables (scikit-learn data exported by scripts/setup). Per seed, 30% of "
          "each class is held out for testing; the training minority is cut to 1:20 of the training majority (at "
          "least 8 rows); features are standardised with the training split's mean and std. Each method raises the "
          "minority to the majority count (sampling_strategy 'auto').",
          o, 3);
      e.group = "d";
      e.methods = tabular_methods();
      detail::finish(e, o, e.methods.size());  // tables are small: the tiny scale keeps every method
      e.headline = headline();
      const int32_t min_id = *minority;
      e.make_split = [data, min_id](uint64_t seed) { return cut_split(*data, min_id, seed); };
      e.make_classifier = clf.make;
      e.settings = {{"scale", to_string(o.scale)},
                    {"data", msg(dir, "/tabular/", name, "_{X,y}.npy: ", data->n_rows(), " rows x ", data->n_cols(),
                                 " features, ", data->class_counts()[static_cast<size_t>(min_id)],
                                 " of class 1 (the minority)")},
                    {"training set (first seed)", msg(counts[static_cast<size_t>(1 - min_id)], " majority + ",
                                                      counts[static_cast<size_t>(min_id)], " minority rows")},
                    {"test set (first seed)", msg(example.test.n_rows(), " rows (30% of each class)")},
                    {"sampling_strategy", "'auto' (the minority up to the majority count)"}};
      detail::add_settings(e, o, clf.make(ClassWeight::None, 0)->describe());
      out.push_back(std::move(e));
    }
  }
  return out;
}

std::vector<Experiment> table_protocol(const Dataset& data, const std::string& source, int folds,
                                       const ProtocolOptions& o) {
  SMRT_THROW_IF_NOT(ParameterError, folds >= 2, "--folds ", folds, " must be >= 2");
  const auto counts = data.class_counts();
  const int32_t minority = smallest_class(data);
  SMRT_THROW_IF_NOT(DataError, data.classes.n_classes() >= 2, source, ": needs at least two classes, found ",
                    data.classes.describe());
  SMRT_THROW_IF_NOT(DataError, counts[static_cast<size_t>(minority)] >= folds, source, ": class '",
                    data.classes.name(minority), "' has ", counts[static_cast<size_t>(minority)],
                    " rows, fewer than the ", folds, " folds of the cross-validation (use --folds)");
  auto shared = std::make_shared<Dataset>(data);
  std::vector<Experiment> out;
  for (const auto& clf : classifiers()) {
    ProtocolOptions oo = o;
    oo.seeds = folds;
    Experiment e = detail::start(
        "table-" + clf.id, source + ", " + clf.name,
        msg("Stratified ", folds, "-fold cross-validation of ", source, " (each fold is one run, listed as its "
            "'seed'); features standardised with the training folds' mean and std; each method raises every class "
            "to the majority count (sampling_strategy 'auto'). Minority scores are class '", data.classes.name(minority),
            "''s."),
        oo, folds);
    e.base_seed = 0;
    e.group = "table";
    e.methods = tabular_methods();
    detail::finish(e, o, e.methods.size());  // tables are small: the tiny scale keeps every method
    e.headline = headline();
    const uint64_t shuffle = o.base_seed;
    e.make_split = [shared, minority, folds, shuffle](uint64_t fold) {
      return fold_split(*shared, minority, folds, static_cast<int>(fold), shuffle);
    };
    e.make_classifier = clf.make;
    std::string class_text;
    for (int32_t c = 0; c < data.classes.n_classes(); ++c)
      class_text += (c ? ", " : "") + data.classes.name(c) + ": " + std::to_string(counts[static_cast<size_t>(c)]);
    e.settings = {{"data", msg(source, ": ", data.n_rows(), " rows x ", data.n_cols(), " features")},
                  {"classes (rows)", class_text},
                  {"folds", msg(folds, " stratified, shuffled with seed ", o.base_seed, " (seed column = fold)")}};
    detail::add_settings(e, oo, clf.make(ClassWeight::None, 0)->describe());
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace smrt::eval
