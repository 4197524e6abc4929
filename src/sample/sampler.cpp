#include "smrt/sample/sampler.h"

#include <algorithm>

#include "smrt/core/error.h"
#include "smrt/core/row_selection.h"
#include "smrt/core/synthetic_destination.h"
#include "smrt/core/memory.h"
#include "smrt/core/rng.h"
#include "smrt/core/warnings.h"

namespace smrt {

std::vector<int64_t> Resampled::class_counts(const DataView& input) const {
  std::vector<int64_t> counts(static_cast<size_t>(input.n_classes), 0);
  for (int64_t i : sample_indices) ++counts[static_cast<size_t>(input.y[i])];
  for (int32_t c : synthetic_y) ++counts[static_cast<size_t>(c)];
  return counts;
}

Dataset Resampled::materialize(const Dataset& input) const {
  Dataset out;
  out.classes = input.classes;
  out.feature_names = input.feature_names;
  out.label_name = input.label_name;
  out.sample_shape = input.sample_shape;
  out.X = Matrix(n_rows(), input.n_cols());
  out.y.reserve(static_cast<size_t>(n_rows()));
  if (!synthetic_at.empty()) {  // interleaved: row by row, placed as the writers place them
    const RowSelection rows{&input, &sample_indices, &synthetic, &synthetic_y, &synthetic_at};
    for (int64_t i = 0; i < rows.n_rows(); ++i) {
      std::copy(rows.row(i), rows.row(i) + input.n_cols(), out.X.row(i));
      out.y.push_back(rows.label(i));
    }
    return out;
  }
  const auto n_kept = static_cast<int64_t>(sample_indices.size());
  Matrix kept = gather_rows(input.X.view(), sample_indices);
  std::copy(kept.data(), kept.data() + kept.storage().size(), out.X.data());
  std::copy(synthetic.data(), synthetic.data() + synthetic.n_rows() * synthetic.n_cols(),
            out.X.data() + n_kept * input.n_cols());
  for (int64_t i : sample_indices) out.y.push_back(input.y[static_cast<size_t>(i)]);
  out.y.insert(out.y.end(), synthetic_y.begin(), synthetic_y.end());
  return out;
}

Sampler::Sampler(const ParamValues& params) {
  strategy_ = SamplingStrategy::parse(params.get_string("sampling_strategy"));
  if (params.values().count("random_state")) {
    auto seed = params.get_optional_int("random_state");
    if (seed) random_state_ = static_cast<uint64_t>(*seed);
  }
  uses_distances_ = params.values().count("knn") > 0;
}

Rng Sampler::prepare(const DataView& data, const ClassIndex& classes) {
  validate_dataset(data, "input", 2, uses_distances_);  // one pass over the values for both checks
  SMRT_THROW_IF_NOT(DataError, classes.n_classes() == data.n_classes, "input: ", data.n_classes,
                    " class ids but the label index has ", classes.n_classes(), " classes");
  plan_.emplace(resolve_sampling_strategy(strategy_, data.class_counts(), classes, sampling_type()));
  if (sampling_type() == SamplingType::OverSampling) {
    // A count far beyond the data (say 'C:2000000000') would otherwise run
    // until an allocation fails: refuse it first, naming the strategy.
    double rows = 0.0;
    for (int32_t c : plan_->targeted_classes()) rows += static_cast<double>(plan_->n_to_add(c));
    // Each new row: its features, or a row index (random over-sampling), and its label.
    const double bytes = rows * (static_cast<double>(data.n_cols()) * sizeof(float) + sizeof(int64_t) + sizeof(int32_t));
    check_memory(bytes, msg("sampling_strategy='", strategy_.to_string(), "' asks for ", static_cast<long long>(rows), " new rows of ",
                            data.n_cols(), " features, which"));
  }
  return Rng(resolve_seed(random_state_));
}

namespace {
/// Sets a pointer for the length of a scope, clearing it even on an exception.
struct ScopedPointer {
  const ClassIndex*& target;
  ScopedPointer(const ClassIndex*& t, const ClassIndex* value) : target(t) { target = value; }
  ~ScopedPointer() { target = nullptr; }
};
}  // namespace

Resampled Sampler::fit_resample(const DataView& data, const ClassIndex& classes) {
  Rng rng = prepare(data, classes);
  ScopedPointer scope(classes_, &classes);
  if (sampling_type() == SamplingType::OverSampling) {
    int64_t planned = 0;
    for (int32_t c : plan_->targeted_classes()) planned += plan_->n_to_add(c);
    SyntheticDestinationScope::plan_rows(planned);
  }
  Resampled out = resample(data, *plan_, rng);
  SMRT_ASSERT(out.synthetic.n_rows() == static_cast<int64_t>(out.synthetic_y.size()), "synthetic rows ",
              out.synthetic.n_rows(), " vs labels ", out.synthetic_y.size());
  SMRT_ASSERT(out.synthetic.n_rows() == 0 || out.synthetic.n_cols() == data.n_cols(), "synthetic width");
  SMRT_ASSERT(out.synthetic_at.empty() || static_cast<int64_t>(out.synthetic_at.size()) == out.synthetic.n_rows(),
              "synthetic places ", out.synthetic_at.size(), " vs rows ", out.synthetic.n_rows());
  const auto n_kept = static_cast<int64_t>(out.sample_indices.size());
  SMRT_ASSERT(std::is_sorted(out.synthetic_at.begin(), out.synthetic_at.end()) &&
                  (out.synthetic_at.empty() || out.synthetic_at.back() <= n_kept),
              "synthetic places out of order or past the ", n_kept, " kept rows");
  if (sampling_type() == SamplingType::OverSampling && !cleans_after_adding()) warn_of_classes_left_as_they_were(data, out);
  return out;
}

void Sampler::warn_of_classes_left_as_they_were(const DataView& data, const Resampled& out) const {
  // Safe-Level-SMOTE with every safe level 0, Borderline-SMOTE with no row in
  // danger: the class comes back as it was (imbalanced-learn's behaviour), and
  // the user should hear it rather than count. Counted as output rows, since
  // random over-sampling adds its copies as indices, not as new rows.
  const std::vector<int64_t> after = out.class_counts(data);
  for (int32_t c : plan_->targeted_classes())
    if (plan_->n_to_add(c) > 0 && after[static_cast<size_t>(c)] <= plan_->class_counts()[static_cast<size_t>(c)])
      warning(msg("added no rows to class ", classes().label_text(c), " (asked for ", plan_->n_to_add(c),
                  "): its rule found no row to generate from; the class is returned as it was"));
}

void Sampler::fit_model(const DataView& data, const ClassIndex& classes) {
  Rng rng = prepare(data, classes);
  ScopedPointer scope(classes_, &classes);
  fit_only(data, *plan_, rng);
}

void Sampler::fit_only(const DataView&, const SamplingPlan&, Rng&) {
  throw ParameterError("this method has no model to fit: use fit_resample");
}

const ClassIndex& Sampler::classes() const {
  SMRT_ASSERT(classes_ != nullptr, "classes() is only valid inside resample()");
  return *classes_;
}

const SamplingPlan& Sampler::plan() const {
  SMRT_THROW_IF_NOT(Error, plan_.has_value(), "plan() called before fit_resample()");
  return *plan_;
}

std::vector<ParamSpec> sampler_params(bool randomised, std::vector<ParamSpec> own) {
  std::vector<ParamSpec> specs;
  ParamSpec strategy;
  strategy.name = "sampling_strategy";
  strategy.type = ParamType::String;
  strategy.default_value = "auto";
  strategy.doc =
      "Which classes to resample and to how many rows: 'auto', 'minority', 'majority', 'not minority', "
      "'not majority', 'all', a float (binary only), 'balance_ratio:R', 'A:100,B:200' or '[A,B]' (cleaning).";
  specs.push_back(strategy);
  if (randomised) {
    ParamSpec seed;
    seed.name = "random_state";
    seed.type = ParamType::Int;
    seed.default_value = "None";
    seed.nullable = true;
    seed.min = 0;
    seed.max = static_cast<double>(kLargestSeed);
    seed.doc = "Seed of the random draws; the same seed gives the same output whatever the thread count.";
    specs.push_back(seed);
  }
  specs.insert(specs.end(), own.begin(), own.end());
  return specs;
}

}  // namespace smrt
