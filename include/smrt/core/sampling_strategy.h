#pragma once
// sampling_strategy with imbalanced-learn 0.10's meaning, plus SMRT's
// balance_ratio, resolved in one place into a SamplingPlan.
//
// Unlike imbalanced-learn's dict, whose numbers mean "to add" for
// over-samplers and "to keep" for under-samplers, a SamplingPlan stores the
// target count of each class and answers n_to_add() / n_to_keep() by name.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "smrt/core/class_index.h"

namespace smrt {

enum class SamplingType { OverSampling, UnderSampling, CleanSampling };
const char* to_string(SamplingType t);

class SamplingStrategy {
 public:
  enum class Form { Auto, Minority, Majority, NotMinority, NotMajority, All, Ratio, PerClass, ClassList, BalanceRatio };

  SamplingStrategy() = default;  ///< 'auto'
  static SamplingStrategy named(Form form);
  /// A float in (0, 1]: imbalanced-learn's ratio for binary targets.
  static SamplingStrategy ratio(double value);
  /// SMRT's balance_ratio in (0, 1]: every class below ratio x majority is
  /// raised to int(ratio x majority).
  static SamplingStrategy balance_ratio(double value);
  /// Target counts per class label, as typed ("3" or "cat"); empty: no class changed.
  static SamplingStrategy per_class(std::map<std::string, int64_t> counts);
  /// Classes to clean (cleaning samplers only); empty: none.
  static SamplingStrategy class_list(std::vector<std::string> classes);

  /// Parses the text forms: 'auto', 'minority', 'majority', 'not minority',
  /// 'not majority', 'all', a number in (0, 1], 'balance_ratio:R',
  /// 'A:100,B:200' or a JSON object {"A": 100}, '[A,B]' or a JSON list.
  static SamplingStrategy parse(const std::string& text);

  Form form() const { return form_; }
  double value() const { return value_; }
  const std::map<std::string, int64_t>& counts() const { return counts_; }
  const std::vector<std::string>& classes() const { return classes_; }
  /// The text form; parse(to_string()) gives this strategy back (for UTF-8 labels).
  std::string to_string() const;

 private:
  bool reads_back(const std::string& text) const;

  Form form_ = Form::Auto;
  double value_ = 0.0;
  std::map<std::string, int64_t> counts_;
  std::vector<std::string> classes_;
};

/// The resolved targets: which classes a sampler changes, and to how many rows.
class SamplingPlan {
 public:
  SamplingPlan(SamplingType type, std::vector<int64_t> class_counts, std::map<int32_t, int64_t> targets);

  SamplingType type() const { return type_; }
  const std::vector<int64_t>& class_counts() const { return counts_; }
  int32_t n_classes() const { return static_cast<int32_t>(counts_.size()); }
  bool targets(int32_t c) const { return targets_.count(c) > 0; }
  /// Targeted class ids, ascending.
  std::vector<int32_t> targeted_classes() const;
  /// Over-sampling: rows to generate for class c (0 when not targeted).
  int64_t n_to_add(int32_t c) const;
  /// Under-sampling: rows to keep for class c (all when not targeted).
  int64_t n_to_keep(int32_t c) const;
  /// The count imbalanced-learn's sampling_strategy_ dict holds for c.
  int64_t imblearn_value(int32_t c) const;

 private:
  SamplingType type_;
  std::vector<int64_t> counts_;
  std::map<int32_t, int64_t> targets_;  // over/under: final count; clean: n_minority
};

/// imbalanced-learn's check_sampling_strategy. `counts` are rows per class id;
/// `classes` maps label text to ids. Errors name sampling_strategy, the value
/// and what is allowed.
SamplingPlan resolve_sampling_strategy(const SamplingStrategy& strategy, const std::vector<int64_t>& counts,
                                       const ClassIndex& classes, SamplingType type);

}  // namespace smrt
