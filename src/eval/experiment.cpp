#include "smrt/eval/experiment.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "smrt/core/error.h"
#include "smrt/core/progress.h"
#include "smrt/eval/metrics.h"
#include "smrt/eval/spread.h"

namespace smrt::eval {
namespace {

constexpr int64_t kGallerySize = 16;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<int64_t> rows_of_class(const std::vector<int32_t>& labels, int32_t c) {
  std::vector<int64_t> rows;
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] == c) rows.push_back(static_cast<int64_t>(i));
  return rows;
}

/// Up to kGallerySize of `rows`, evenly spaced: a generator's rows come in
/// kinds (SMRT's own draws, then its transferred rows), the strip shows each.
Matrix gallery_rows(const Matrix& X, const std::vector<int64_t>& rows) {
  const auto n = static_cast<int64_t>(rows.size()), m = std::min(n, kGallerySize);
  std::vector<int64_t> picked(static_cast<size_t>(m));
  for (int64_t i = 0; i < m; ++i) picked[static_cast<size_t>(i)] = rows[static_cast<size_t>(i * n / m)];
  return gather_rows(X.view(), picked);
}

std::string ratio_text(double r) { return r > 0 ? msg(r) : "auto"; }

}  // namespace

std::map<std::string, double> score_predictions(const Split& split, const std::vector<int32_t>& predicted,
                                                const Matrix& probabilities) {
  const int32_t k = split.test.classes.n_classes();
  ConfusionMatrix cm(split.test.y, predicted, k);
  std::map<std::string, double> m;
  m["accuracy"] = accuracy(cm);
  m["balanced_accuracy"] = balanced_accuracy(cm);
  m["macro_f1"] = macro_f1(cm);
  m["cohen_kappa"] = cohen_kappa(cm);
  m["gmean"] = geometric_mean(cm);
  const auto per_class = per_class_scores(cm);
  SMRT_ASSERT(!split.minority.empty(), "a split needs its minority classes");
  for (const char* key : {"minority_precision", "minority_recall", "minority_f1", "minority_specificity",
                          "minority_iba"})
    m[key] = 0;
  for (int32_t c : split.minority) {
    const auto& s = per_class[static_cast<size_t>(c)];
    m["minority_precision"] += s.precision;
    m["minority_recall"] += s.recall;
    m["minority_f1"] += s.f1;
    m["minority_specificity"] += s.specificity;
    m["minority_iba"] += s.iba;
  }
  for (const char* key : {"minority_precision", "minority_recall", "minority_f1", "minority_specificity",
                          "minority_iba"})
    m[key] /= static_cast<double>(split.minority.size());
  if (probabilities.n_rows() == split.test.n_rows() && probabilities.n_cols() == k) {
    // Each minority class against the rest (its own probability as the
    // score), averaged over the minority classes as the scores above are.
    double auc = 0, ap = 0;
    int scored = 0;
    for (int32_t pos : split.minority) {
      std::vector<uint8_t> is_pos;
      std::vector<double> score;
      for (int64_t i = 0; i < split.test.n_rows(); ++i) {
        is_pos.push_back(split.test.y[static_cast<size_t>(i)] == pos);
        score.push_back(probabilities(i, pos));
      }
      const auto positives = std::count(is_pos.begin(), is_pos.end(), uint8_t{1});
      if (positives == 0 || positives == static_cast<int64_t>(is_pos.size())) continue;  // undefined there
      auc += roc_auc(is_pos, score);
      ap += average_precision(is_pos, score);
      ++scored;
    }
    if (scored > 0) {
      m["roc_auc"] = auc / scored;
      m["average_precision"] = ap / scored;
    }
  }
  return m;
}

ExperimentResult run_experiment(const Experiment& e) {
  ExperimentResult result;
  result.experiment = &e;
  const auto start = std::chrono::steady_clock::now();
  std::vector<const MethodSpec*> runnable;
  int64_t total = 0;
  const auto n_ratios = static_cast<int64_t>(std::max<size_t>(1, e.ratios.size()));
  for (const auto& m : e.methods) {
    MethodStatus st{m.label, m.sampler, true, unavailable_reason(m)};
    st.available = st.reason.empty();
    result.methods.push_back(st);
    if (!st.available) continue;
    runnable.push_back(&m);
    total += m.ratio_free() ? 1 : n_ratios;
  }
  if (e.make_reference_split) total += 1;
  total *= e.n_seeds;

  Progress progress(msg("protocol ", e.id), total);
  int64_t done = 0;
  std::map<std::string, std::string> failed;  // method label -> first error
  for (int s = 0; s < e.n_seeds; ++s) {
    const uint64_t seed = e.base_seed + static_cast<uint64_t>(s);
    const Split split = e.make_split(seed);
    const int32_t shown = split.minority.front();
    if (s == 0) {
      result.gallery.sample_shape = split.train.sample_shape;
      result.gallery.real_label = msg("real ", split.train.classes.name(shown));
      const auto real = rows_of_class(split.train.y, shown);
      result.gallery.real = gallery_rows(split.train.X, real);
      result.gallery.real_spread = mean_pairwise_distance(gather_rows(split.train.X.view(), real).view());
    }
    auto run_one = [&](const MethodSpec& method, const Split& sp, double ratio) {
      RunRecord rec;
      rec.method = method.label;
      rec.ratio = ratio;
      rec.seed = seed;
      const MethodOutput out =
          apply_method(method, sp.train, ratio > 0 ? msg("balance_ratio:", ratio) : "auto", seed);
      rec.resample_seconds = out.seconds;
      rec.n_train = out.train.n_rows();
      const auto t_fit = std::chrono::steady_clock::now();
      auto clf = e.make_classifier(method.class_weight, seed);
      clf->fit(out.train.view());
      const Matrix proba = clf->predict_proba(sp.test.X.view());
      const auto predicted = clf->predict(sp.test.X.view());
      rec.fit_seconds = seconds_since(t_fit);
      rec.metrics = score_predictions(sp, predicted, proba);
      if (verbosity() == Verbosity::Detailed) {
        const std::string headline = e.headline.empty() ? "accuracy" : e.headline.front();
        std::fprintf(stderr, "  %s ratio %s seed %llu: %zu rows, resample %.1f s, fit %.1f s, %s %.3f\n",
                     method.label.c_str(), ratio_text(ratio).c_str(), static_cast<unsigned long long>(seed),
                     static_cast<size_t>(rec.n_train), rec.resample_seconds, rec.fit_seconds, headline.c_str(),
                     rec.metrics[headline]);
      }
      const bool last_ratio = e.ratios.empty() || ratio == e.ratios.back() || ratio == 0;
      if (s == 0 && last_ratio) {
        const auto made = rows_of_class(out.synthetic_y, shown);
        if (!made.empty())
          result.gallery.synthetic.push_back({method.label, gallery_rows(out.synthetic, made),
                                              mean_pairwise_distance(gather_rows(out.synthetic.view(), made).view())});
        if (!clf->loss_curve().empty()) result.losses.push_back({method.label, clf->loss_curve()});
      }
      result.runs.push_back(std::move(rec));
    };
    for (const MethodSpec* method : runnable) {
      std::vector<double> ratios = method->ratio_free() || e.ratios.empty() ? std::vector<double>{0} : e.ratios;
      for (double r : ratios) {
        if (!failed.count(method->label)) {
          try {
            run_one(*method, split, r);
          } catch (const Error& err) {
            failed[method->label] = err.what();
            std::fprintf(stderr, "protocol %s: %s failed (seed %llu, ratio %s): %s; skipping it from here on\n",
                         e.id.c_str(), method->label.c_str(), static_cast<unsigned long long>(seed),
                         ratio_text(r).c_str(), err.what());
          }
        }
        progress.update(++done, msg(method->label, " seed ", seed));
      }
    }
    if (e.make_reference_split) {
      MethodSpec ref;
      ref.label = e.reference_label;
      run_one(ref, e.make_reference_split(seed), 0);
      progress.update(++done, msg(e.reference_label, " seed ", seed));
    }
  }
  progress.finish();
  for (auto& st : result.methods) {
    auto it = failed.find(st.label);
    if (it == failed.end()) continue;
    st.available = false;
    st.reason = "failed: " + it->second;
    // Keep only complete methods: a method that failed on a later seed would
    // otherwise be averaged over fewer seeds than the others.
    result.runs.erase(std::remove_if(result.runs.begin(), result.runs.end(),
                                     [&](const RunRecord& r) { return r.method == st.label; }),
                      result.runs.end());
  }
  result.seconds = seconds_since(start);
  return result;
}

std::vector<Summary> summarize(const std::vector<RunRecord>& runs) {
  std::vector<Summary> out;
  std::vector<std::vector<const RunRecord*>> groups;
  for (const auto& r : runs) {
    size_t g = 0;
    while (g < out.size() && !(out[g].method == r.method && out[g].ratio == r.ratio)) ++g;
    if (g == out.size()) {
      out.push_back({r.method, r.ratio, 0, {}});
      groups.emplace_back();
    }
    groups[g].push_back(&r);
  }
  for (size_t g = 0; g < out.size(); ++g) {
    out[g].n = static_cast<int>(groups[g].size());
    for (const auto& [key, unused] : groups[g].front()->metrics) {
      (void)unused;
      double sum = 0, sq = 0;
      int n = 0;
      for (const RunRecord* r : groups[g]) {
        auto it = r->metrics.find(key);
        if (it == r->metrics.end() || std::isnan(it->second)) continue;
        sum += it->second;
        ++n;
      }
      const double mean = n ? sum / n : std::nan("");
      for (const RunRecord* r : groups[g]) {
        auto it = r->metrics.find(key);
        if (it == r->metrics.end() || std::isnan(it->second)) continue;
        sq += (it->second - mean) * (it->second - mean);
      }
      out[g].mean_std[key] = {mean, n > 1 ? std::sqrt(sq / (n - 1)) : 0.0};
    }
  }
  return out;
}

std::string format_mean_std(const std::pair<double, double>& v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.3f +- %.3f", v.first, v.second);
  return buf;
}

namespace {

/// Rows of cells: a header, one row per (method, ratio), then unavailable methods.
std::vector<std::vector<std::string>> table_cells(const ExperimentResult& result) {
  const Experiment& e = *result.experiment;
  const bool sweep = !e.ratios.empty();
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{"method"};
  if (sweep) header.push_back("ratio");
  header.insert(header.end(), e.headline.begin(), e.headline.end());
  header.push_back(e.group == "table" ? "folds" : "seeds");  // an own table's runs are folds of one shuffle
  rows.push_back(header);
  for (const auto& s : summarize(result.runs)) {
    std::vector<std::string> row{s.method};
    if (sweep) row.push_back(s.ratio > 0 ? msg(s.ratio) : "-");
    for (const auto& key : e.headline) {
      auto it = s.mean_std.find(key);
      row.push_back(it == s.mean_std.end() ? "-" : format_mean_std(it->second));
    }
    row.push_back(std::to_string(s.n));
    rows.push_back(row);
  }
  for (const auto& st : result.methods) {
    if (st.available) continue;
    std::vector<std::string> row{st.label};
    if (sweep) row.push_back("-");
    row.push_back("not available: " + st.reason);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

std::string text_table(const ExperimentResult& result) {
  const auto rows = table_cells(result);
  std::vector<size_t> width(rows.front().size(), 0);
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size() && i < width.size(); ++i)
      if (row.size() == width.size() || i == 0) width[i] = std::max(width[i], row[i].size());
  std::ostringstream os;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      os << row[i];
      if (i + 1 < row.size()) os << std::string(i < width.size() ? width[i] - std::min(width[i], row[i].size()) + 2 : 2, ' ');
    }
    os << "\n";
  }
  return os.str();
}

std::string markdown_table(const ExperimentResult& result) {
  const auto rows = table_cells(result);
  const size_t n_cols = rows.front().size();
  std::ostringstream os;
  for (size_t r = 0; r < rows.size(); ++r) {
    os << "|";
    for (size_t i = 0; i < n_cols; ++i) os << " " << (i < rows[r].size() ? rows[r][i] : "") << " |";
    os << "\n";
    if (r == 0) {
      os << "|";
      for (size_t i = 0; i < n_cols; ++i) os << "---|";
      os << "\n";
    }
  }
  return os.str();
}

std::string runs_csv(const ExperimentResult& result) {
  std::vector<std::string> keys;
  for (const auto& r : result.runs)
    for (const auto& [k, v] : r.metrics) {
      (void)v;
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  std::ostringstream os;
  os.precision(6);
  os << "protocol,method,ratio,seed,n_train,resample_seconds,fit_seconds";
  for (const auto& k : keys) os << "," << k;
  os << "\n";
  for (const auto& r : result.runs) {
    os << result.experiment->id << ",\"" << r.method << "\"," << r.ratio << "," << r.seed << "," << r.n_train << ","
       << r.resample_seconds << "," << r.fit_seconds;
    for (const auto& k : keys) {
      auto it = r.metrics.find(k);
      os << ",";
      if (it != r.metrics.end()) os << it->second;
    }
    os << "\n";
  }
  return os.str();
}

}  // namespace smrt::eval
