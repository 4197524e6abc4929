#include "smrt/eval/paired.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "smrt/core/error.h"
#include "smrt/eval/report.h"

namespace smrt::eval {
namespace {

/// Student's t two-sided 5% critical value (scipy.stats.t.ppf(0.975, df)):
/// tabled to 30 degrees of freedom, then its Cornish-Fisher expansion around
/// the normal quantile (within 1e-4 of scipy's from 31 on).
double t_critical(int df) {
  static const double t[] = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
                             2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
                             2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
  if (df < 1) return INFINITY;
  if (df <= 30) return t[df - 1];
  const double z = 1.959963984540054, v = df, z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
}

}  // namespace

PairedDiff paired_difference(const ExperimentResult& result, const std::string& a, const std::string& b,
                             const std::string& metric) {
  std::map<std::pair<uint64_t, double>, double> va, vb;
  for (const auto& r : result.runs) {
    auto it = r.metrics.find(metric);
    if (it == r.metrics.end() || std::isnan(it->second)) continue;
    if (r.method == a) va[{r.seed, r.ratio}] = it->second;
    if (r.method == b) vb[{r.seed, r.ratio}] = it->second;
  }
  std::vector<double> d;
  for (const auto& [key, x] : va) {
    auto it = vb.find(key);
    if (it != vb.end()) d.push_back(x - it->second);
  }
  PairedDiff out;
  out.n = static_cast<int>(d.size());
  if (d.empty()) return out;
  for (double x : d) out.mean += x;
  out.mean /= static_cast<double>(d.size());
  double sq = 0;
  for (double x : d) sq += (x - out.mean) * (x - out.mean);
  out.std = d.size() > 1 ? std::sqrt(sq / static_cast<double>(d.size() - 1)) : 0.0;
  const double sign = out.mean > 0 ? 1 : out.mean < 0 ? -1 : 0;
  if (out.std <= 1e-12) {
    out.outcome = static_cast<int>(sign);
  } else {
    const double t = out.mean / (out.std / std::sqrt(static_cast<double>(d.size())));
    out.outcome = std::fabs(t) > t_critical(out.n - 1) ? static_cast<int>(sign) : 0;
  }
  return out;
}

WinTieLoss count_outcomes(const std::vector<ExperimentResult>& results, const std::string& a, const std::string& b,
                          const std::string& metric) {
  WinTieLoss w;
  for (const auto& r : results) {
    const PairedDiff d = paired_difference(r, a, b, metric);
    if (d.n == 0) continue;
    if (d.outcome > 0) ++w.wins;
    else if (d.outcome < 0) ++w.losses;
    else ++w.ties;
  }
  return w;
}

namespace {
/// The groups of `results` (protocol d's "d", a user's table's "table"), in first-seen order.
std::vector<std::string> groups_of(const std::vector<ExperimentResult>& results) {
  std::vector<std::string> groups;
  for (const auto& r : results)
    if (!r.experiment->group.empty() &&
        std::find(groups.begin(), groups.end(), r.experiment->group) == groups.end())
      groups.push_back(r.experiment->group);
  return groups;
}
}  // namespace

std::vector<Comparison> comparisons(const std::vector<ExperimentResult>& results, const std::string& a,
                                    const std::string& b, const std::vector<std::string>& metrics) {
  std::vector<Comparison> out;
  for (const auto& g : groups_of(results)) {
    Comparison c{g, a, b, {}};
    std::vector<std::string> header{"cell"};
    for (const auto& m : metrics) header.push_back(metric_title(m) + ": " + a + " - " + b);
    c.cells.push_back(header);
    std::vector<WinTieLoss> counts(metrics.size()), by_sign(metrics.size());
    for (const auto& r : results) {
      if (r.experiment->group != g) continue;
      std::vector<std::string> row{r.experiment->title};
      bool any = false;
      for (size_t k = 0; k < metrics.size(); ++k) {
        const PairedDiff d = paired_difference(r, a, b, metrics[k]);
        if (d.n == 0) {
          row.push_back("-");
          continue;
        }
        any = true;
        char buf[96];
        std::snprintf(buf, sizeof(buf), "%+.3f +- %.3f (%s)", d.mean, d.std,
                      d.outcome > 0 ? "win" : d.outcome < 0 ? "loss" : "tie");
        row.push_back(buf);
        (d.outcome > 0 ? counts[k].wins : d.outcome < 0 ? counts[k].losses : counts[k].ties)++;
        (d.mean > 0 ? by_sign[k].wins : d.mean < 0 ? by_sign[k].losses : by_sign[k].ties)++;
      }
      if (any) c.cells.push_back(row);
    }
    if (c.cells.size() == 1) continue;
    std::vector<std::string> total{"wins / ties / losses"};
    for (const auto& w : counts) total.push_back(msg(w.wins, " / ", w.ties, " / ", w.losses));
    c.cells.push_back(total);
    std::vector<std::string> sign{"higher / equal / lower mean"};
    for (const auto& w : by_sign) sign.push_back(msg(w.wins, " / ", w.ties, " / ", w.losses));
    c.cells.push_back(sign);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<Comparison> standings(const std::vector<ExperimentResult>& results, const std::string& b,
                                  const std::vector<std::string>& metrics) {
  std::vector<Comparison> out;
  for (const auto& group : groups_of(results)) {
    Comparison c{group, "every method", b, {}};
    std::vector<std::string> header{"method"};
    for (const auto& m : metrics) header.push_back(metric_title(m) + ": mean - " + b + ", wins / ties / losses");
    c.cells.push_back(header);
    std::vector<std::string> labels;
    for (const auto& r : results)
      if (r.experiment->group == c.group)
        for (const auto& st : r.methods)
          if (st.available && st.label != b && std::find(labels.begin(), labels.end(), st.label) == labels.end())
            labels.push_back(st.label);
    for (const auto& label : labels) {
      std::vector<std::string> row{label};
      for (const auto& m : metrics) {
        WinTieLoss w;
        double sum = 0;
        int n = 0;
        for (const auto& r : results) {
          if (r.experiment->group != c.group) continue;
          const PairedDiff d = paired_difference(r, label, b, m);
          if (d.n == 0) continue;
          sum += d.mean, ++n;
          (d.outcome > 0 ? w.wins : d.outcome < 0 ? w.losses : w.ties)++;
        }
        char buf[96];
        std::snprintf(buf, sizeof(buf), "%+.3f, %d / %d / %d", n ? sum / n : 0.0, w.wins, w.ties, w.losses);
        row.push_back(n ? buf : "-");
      }
      c.cells.push_back(row);
    }
    // Rows with a number: methods that ran beside b; a table only when there are two or more.
    c.cells.erase(std::remove_if(c.cells.begin() + 1, c.cells.end(),
                                 [](const std::vector<std::string>& row) {
                                   return std::all_of(row.begin() + 1, row.end(), [](const std::string& x) { return x == "-"; });
                                 }),
                  c.cells.end());
    if (c.cells.size() > 2) out.push_back(std::move(c));
  }
  return out;
}

std::vector<Comparison> all_comparisons(const std::vector<ExperimentResult>& results) {
  auto out = comparisons(results);
  for (auto& c : standings(results)) out.push_back(std::move(c));
  return out;
}

namespace {
std::string heading(const Comparison& c) {
  return msg(c.a, " against ", c.b, " (", c.group == "d" ? "protocol d" : "your table",
             "): paired over seeds; win / loss = a paired t-test at 5% (two-sided), else tie");
}
}  // namespace

std::string comparison_markdown(const std::vector<ExperimentResult>& results) {
  std::ostringstream os;
  for (const auto& c : all_comparisons(results)) {
    os << "## " << heading(c) << "\n\n";
    for (size_t r = 0; r < c.cells.size(); ++r) {
      os << "|";
      for (const auto& cell : c.cells[r]) os << " " << cell << " |";
      os << "\n";
      if (r == 0) {
        os << "|";
        for (size_t i = 0; i < c.cells[r].size(); ++i) os << "---|";
        os << "\n";
      }
    }
    os << "\n";
  }
  return os.str();
}

std::string comparison_text(const std::vector<ExperimentResult>& results) {
  std::ostringstream os;
  for (const auto& c : all_comparisons(results)) {
    std::vector<size_t> width(c.cells.front().size(), 0);
    for (const auto& row : c.cells)
      for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
    os << "\n" << heading(c) << "\n";
    for (const auto& row : c.cells) {
      for (size_t i = 0; i < row.size(); ++i) os << row[i] << std::string(width[i] - row[i].size() + 2, ' ');
      os << "\n";
    }
  }
  return os.str();
}

}  // namespace smrt::eval
