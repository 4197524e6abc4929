#include "smrt/sample/combine/smote_ipf.h"

#include <algorithm>

#include "smrt/core/threads.h"
#include "smrt/neighbors/knn_params.h"
#include "smrt/sample/combine/decision_tree.h"
#include "smrt/sample/combine/smote_then_clean.h"
#include "smrt/sample/register.h"
#include "smrt/sample/registry.h"
#include "smrt/sample/under/neighbourhood.h"

namespace smrt {
namespace {

// Rows `alive` dealt into `n_folds` parts, class by class after a shuffle,
// so each part holds about 1 / n_folds of every class.
std::vector<std::vector<int64_t>> stratified_parts(const std::vector<int64_t>& alive, const DataView& data, int n_folds,
                                                   Rng& rng) {
  std::vector<std::vector<int64_t>> by_class(static_cast<size_t>(data.n_classes));
  for (int64_t r : alive) by_class[static_cast<size_t>(data.y[r])].push_back(r);
  std::vector<std::vector<int64_t>> parts(static_cast<size_t>(n_folds));
  size_t next = 0;
  for (auto& rows : by_class) {
    shuffle(rows.data(), static_cast<int64_t>(rows.size()), rng);
    for (int64_t r : rows) parts[next++ % parts.size()].push_back(r);
  }
  return parts;
}

/// Whether some class with rows in `before` has none in `after`.
bool empties_a_class(const std::vector<int64_t>& before, const std::vector<int64_t>& after, const DataView& data) {
  std::vector<char> had(static_cast<size_t>(data.n_classes), 0), has(static_cast<size_t>(data.n_classes), 0);
  for (int64_t r : before) had[static_cast<size_t>(data.y[r])] = 1;
  for (int64_t r : after) has[static_cast<size_t>(data.y[r])] = 1;
  return had != has;
}

}  // namespace

std::vector<int64_t> ipf_filter(const DataView& data, const IpfSettings& s, Rng& rng,
                                std::vector<int64_t>* removed_per_round) {
  std::vector<int64_t> alive(static_cast<size_t>(data.n_rows()));
  for (int64_t i = 0; i < data.n_rows(); ++i) alive[static_cast<size_t>(i)] = i;
  const double few = s.p * static_cast<double>(data.n_rows());
  for (int quiet = 0; quiet < s.k;) {
    const int n_folds = static_cast<int>(std::min<size_t>(static_cast<size_t>(s.n_folds), alive.size()));
    const auto parts = stratified_parts(alive, data, n_folds, rng);
    const uint64_t round_seed = rng.next_u64();
    // wrong[t][i]: tree t (grown on part t) misclassifies alive[i].
    std::vector<std::vector<char>> wrong(static_cast<size_t>(n_folds));
#pragma omp parallel for schedule(dynamic) num_threads(num_threads())
    for (int t = 0; t < n_folds; ++t) {
      Rng tree_rng(round_seed, static_cast<uint64_t>(t));
      DecisionTree tree;
      tree.fit(data.X, data.y, data.n_classes, parts[static_cast<size_t>(t)], tree_rng);
      auto& w = wrong[static_cast<size_t>(t)];
      w.resize(alive.size());
      for (size_t i = 0; i < alive.size(); ++i) w[i] = tree.predict(data.X.row(alive[i])) != data.y[alive[i]];
    }
    std::vector<int64_t> kept;
    for (size_t i = 0; i < alive.size(); ++i) {
      int votes = 0;
      for (const auto& w : wrong) votes += w[i];
      const bool noisy = s.consensus ? votes == n_folds : 2 * votes > n_folds;
      if (!noisy) kept.push_back(alive[i]);
    }
    // On rows without signal the trees' votes can flag every row of a class; a filter that
    // removes a class has stopped telling noise from signal: that round is not applied.
    if (empties_a_class(alive, kept, data)) break;
    const auto removed = static_cast<int64_t>(alive.size() - kept.size());
    if (removed_per_round) removed_per_round->push_back(removed);
    alive = std::move(kept);
    // A round that removes nothing counts as quiet too, so p = 0 still ends.
    quiet = (removed == 0 || static_cast<double>(removed) < few) ? quiet + 1 : 0;
  }
  return alive;
}

SMOTEIPF::SMOTEIPF(const ParamValues& params)
    : Sampler(params), k_neighbors_(params.get_int("k_neighbors")), knn_(params.get_string("knn")) {
  ipf_.n_folds = static_cast<int>(params.get_int("n_folds"));
  ipf_.k = static_cast<int>(params.get_int("k"));
  ipf_.p = params.get_float("p");
  ipf_.consensus = params.get_string("voting") == "consensus";
}

std::vector<ParamSpec> SMOTEIPF::param_specs() {
  auto own = smote_step_params();
  ParamSpec n_folds = positive_int_param("n_folds", 9, "IPF: parts the rows are split into each round, a tree each.");
  n_folds.min = 2;
  own.push_back(n_folds);
  own.push_back(positive_int_param("k", 3, "IPF: stop after k rounds in a row that remove fewer than p of the rows."));
  ParamSpec p;
  p.name = "p";
  p.type = ParamType::Float;
  p.default_value = "0.01";
  p.min = 0;
  p.max = 1;
  p.doc = "IPF: a round removing fewer than this share of SMOTE's output rows is a quiet round.";
  own.push_back(p);
  ParamSpec voting;
  voting.name = "voting";
  voting.type = ParamType::String;
  voting.default_value = "majority";
  voting.choices = {"majority", "consensus"};
  voting.doc = "IPF: a row is noise when more than half (majority) or all (consensus) of the trees misclassify it.";
  own.push_back(voting);
  own.push_back(knn_param_spec());
  return sampler_params(true, own);
}

Resampled SMOTEIPF::resample(const DataView& data, const SamplingPlan& /*plan*/, Rng& rng) {
  return smote_then_clean(data, classes(), strategy(), rng,
                          {{"k_neighbors", std::to_string(k_neighbors_)}, {"knn", knn_}},
                          [&](const DataView& oversampled) {
                            Rng filter_rng(rng.seed(), 1);  // its own stream: SMOTE used the seed's first
                            return ipf_filter(oversampled, ipf_, filter_rng);
                          });
}

void register_smote_ipf(SamplerRegistry& registry) {
  registry.add({"smote_ipf",
                {"SMOTEIPF", "SMOTE_IPF", "smote-ipf"},
                "combine",
                "SMOTE-IPF: SMOTE, then the Iterative-Partitioning Filter (decision trees vote out noisy rows).",
                SMOTEIPF::param_specs(),
                [](const ParamValues& p) { return std::make_unique<SMOTEIPF>(p); }});
}

}  // namespace smrt
