#include "smrt/eval/report.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "smrt/core/atomic_file.h"
#include "smrt/core/error.h"
#include "smrt/core/progress.h"
#include "smrt/eval/image_grid.h"
#include "smrt/eval/paired.h"
#include "smrt/eval/svg_plot.h"

namespace smrt::eval {
namespace fs = std::filesystem;
namespace {

void write_file(const std::string& path, const std::string& text) {
  AtomicFile f(path);
  f.write(text);
  f.commit();
}

/// The report's folder. It records every file a report writes in a manifest, so that a report written
/// into the folder of an earlier one removes that one's files it does not rewrite (plots of a protocol
/// no longer run would otherwise sit beside the new report), and never a file smrt did not write.
class ReportFolder {
 public:
  explicit ReportFolder(std::string dir) : dir_(std::move(dir)) {}

  /// The path of the report's file `name`, recorded as written.
  std::string path(const std::string& name) {
    written_.insert(name);
    return dir_ + "/" + name;
  }
  void write(const std::string& name, const std::string& text) { write_file(path(name), text); }

  /// Removes the previous report's files that this one did not write; then records this one's.
  void finish() {
    const std::string manifest = dir_ + "/" + kManifest;
    std::ifstream old(manifest);
    std::string name;
    while (std::getline(old, name)) {
      // Plain names only: a damaged manifest must not reach outside the folder.
      if (name.empty() || name.find('/') != std::string::npos || name == "." || name == ".." || written_.count(name))
        continue;
      std::error_code ec;
      if (fs::is_regular_file(dir_ + "/" + name, ec)) fs::remove(dir_ + "/" + name, ec);
    }
    std::string list;
    for (const auto& n : written_) list += n + "\n";
    write_file(manifest, list);
  }

 private:
  static constexpr const char* kManifest = ".smrt-report-files";
  std::string dir_;
  std::set<std::string> written_;
};

const char* const kStyle = R"(body{font-family:sans-serif;max-width:1200px;margin:1em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:2px solid #1f77b4;padding-bottom:4px;margin-top:2em}
table{border-collapse:collapse;margin:0.6em 0;font-size:0.9em}
td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f0f4f8}td.num{text-align:right;font-family:monospace;white-space:nowrap}
td.best{background:#e6f4e6;font-weight:bold}.na{color:#999}.plots img{margin:4px;border:1px solid #eee}
.settings td:first-child{font-weight:bold;white-space:nowrap}.strip img{image-rendering:pixelated}
)";

// Marks the best mean in each numeric column of every results table. Kept
// small; the Chromium test fails if it (or anything else) throws.
const char* const kScript = R"(
document.querySelectorAll('table.results').forEach(function (table) {
  var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'));
  if (rows.length === 0) return;
  var nCols = rows[0].children.length;
  for (var c = 0; c < nCols; c++) {
    var best = -Infinity, bestCells = [];
    rows.forEach(function (r) {
      var cell = r.children[c];
      if (!cell || !cell.classList.contains('metric')) return;
      var v = parseFloat(cell.textContent);
      if (isNaN(v)) return;
      if (v > best + 1e-12) { best = v; bestCells = [cell]; } else if (Math.abs(v - best) <= 1e-12) bestCells.push(cell);
    });
    bestCells.forEach(function (cell) { cell.classList.add('best'); });
  }
});
)";

std::string h(const std::string& s) { return xml_escape(s); }

std::string ratio_label(double r) { return r > 0 ? msg(r) : "-"; }


void settings_table(std::ostringstream& os, const std::vector<std::pair<std::string, std::string>>& settings) {
  os << "<table class=\"settings\">\n";
  for (const auto& [k, v] : settings) os << "<tr><td>" << h(k) << "</td><td>" << h(v) << "</td></tr>\n";
  os << "</table>\n";
}

void results_table(std::ostringstream& os, const ExperimentResult& r, const std::vector<Summary>& summaries) {
  const Experiment& e = *r.experiment;
  const bool sweep = !e.ratios.empty();
  os << "<table class=\"results\"><thead><tr><th>method</th>";
  if (sweep) os << "<th>balance ratio</th>";
  for (const auto& k : e.headline) os << "<th>" << h(metric_title(k)) << "</th>";
  os << "<th>seeds</th><th>train rows</th></tr></thead><tbody>\n";
  // Training rows per method: one number, or the range where folds differ by a row.
  std::map<std::pair<std::string, double>, std::pair<int64_t, int64_t>> rows_range;
  for (const auto& run : r.runs) {
    auto [it, fresh] = rows_range.try_emplace({run.method, run.ratio}, run.n_train, run.n_train);
    if (!fresh) it->second = {std::min(it->second.first, run.n_train), std::max(it->second.second, run.n_train)};
  }
  auto rows_text = [&](const std::pair<std::string, double>& key) {
    const auto [lo, hi] = rows_range[key];
    return lo == hi ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(hi);
  };
  for (const auto& s : summaries) {
    os << "<tr><td>" << h(s.method) << "</td>";
    if (sweep) os << "<td class=\"num\">" << ratio_label(s.ratio) << "</td>";
    for (const auto& k : e.headline) {
      auto it = s.mean_std.find(k);
      os << "<td class=\"num metric\">" << (it == s.mean_std.end() ? "-" : format_mean_std(it->second)) << "</td>";
    }
    os << "<td class=\"num\">" << s.n << "</td><td class=\"num\">" << rows_text({s.method, s.ratio}) << "</td></tr>\n";
  }
  os << "</tbody></table>\n";
  bool any_missing = false;
  for (const auto& st : r.methods) any_missing |= !st.available;
  if (!any_missing) return;
  os << "<p>Not in the table (no numbers are shown for methods that did not run):</p><ul class=\"na\">\n";
  for (const auto& st : r.methods)
    if (!st.available) os << "<li>" << h(st.label) << ": did not run &mdash; " << h(st.reason) << "</li>\n";
  os << "</ul>\n";
}

/// Plots of each headline metric: against the ratio for a sweep, else bars.
void plots(std::ostringstream& os, ReportFolder& dir, const ExperimentResult& r,
           const std::vector<Summary>& summaries) {
  const Experiment& e = *r.experiment;
  os << "<div class=\"plots\">\n";
  for (const auto& key : e.headline) {
    const std::string file = e.id + "_" + key + ".svg";
    PlotOptions opt;
    opt.title = metric_title(key);
    opt.y_label = metric_title(key);
    if (!e.ratios.empty()) {
      opt.x_label = "balance ratio (minority / majority after resampling)";
      std::vector<Series> series;
      for (const auto& s : summaries) {
        auto it = s.mean_std.find(key);
        if (it == s.mean_std.end() || !std::isfinite(it->second.first)) continue;
        Series* target = nullptr;
        for (auto& ser : series)
          if (ser.name == s.method) target = &ser;
        if (!target) {
          series.push_back({s.method, {}, {}, {}, false});
          target = &series.back();
        }
        target->x.push_back(s.ratio > 0 ? s.ratio : -1);  // ratio-free: a reference line
        target->y.push_back(it->second.first);
        target->error.push_back(it->second.second);
      }
      if (series.empty()) continue;  // undefined here (average precision with three classes): no empty plot
      dir.write(file, svg_line_plot(series, opt));
    } else {
      opt.x_label = metric_title(key) + " (mean +- std over seeds)";
      std::vector<Bar> bars;
      for (const auto& s : summaries) {
        auto it = s.mean_std.find(key);
        if (it != s.mean_std.end() && std::isfinite(it->second.first))
          bars.push_back({s.method, it->second.first, it->second.second});
      }
      if (bars.empty()) continue;
      dir.write(file, svg_bar_chart(bars, opt));
    }
    os << "<img src=\"" << h(file) << "\" alt=\"" << h(opt.title) << "\">\n";
  }
  os << "</div>\n";
}

void gallery(std::ostringstream& os, ReportFolder& dir, const ExperimentResult& r) {
  const auto& g = r.gallery;
  const auto& shape = g.sample_shape;
  const bool images = (shape.size() == 2) || (shape.size() == 3 && shape[0] == 1);
  if (!images || g.real.n_rows() == 0) return;
  const int64_t H = shape[shape.size() - 2], W = shape.back();
  os << "<h3>Samples: real and synthetic minority images (first seed"
     << (r.experiment->ratios.empty() ? "" : msg(", balance ratio ", r.experiment->ratios.back())) << ")</h3>\n"
     << "<table class=\"strip\">\n";
  auto row = [&](const std::string& label, const Matrix& m, const std::string& file, const std::string& spread) {
    write_image_strip_png(dir.path(file), m, H, W, 2);
    os << "<tr><td>" << h(label) << "</td><td><img src=\"" << h(file) << "\" alt=\"" << h(label) << "\"></td><td>"
       << h(spread) << "</td></tr>\n";
  };
  row(g.real_label, g.real, r.experiment->id + "_real.png", format_line("%.2f", g.real_spread));
  for (size_t k = 0; k < g.synthetic.size(); ++k) {
    const GalleryRow& s = g.synthetic[k];
    const std::string spread =
        g.real_spread > 0 ? format_line("%.2f (%.2fx real)", s.spread, s.spread / g.real_spread) : format_line("%.2f", s.spread);
    if (s.rows.n_rows() > 0) row(s.label, s.rows, msg(r.experiment->id, "_synthetic_", k, ".png"), spread);
  }
  os << "</table>\n<p class=\"note\">Right: the mean distance between two rows of the class (every real training row; "
        "every synthetic row of the first seed), a collapsed generator's rows sit close together.</p>\n";
}

void losses(std::ostringstream& os, ReportFolder& dir, const ExperimentResult& r) {
  if (r.losses.empty()) return;
  std::vector<Series> series;
  for (const auto& l : r.losses) {
    Series s{l.label, {}, l.values, {}, false};
    for (size_t i = 0; i < l.values.size(); ++i) s.x.push_back(static_cast<double>(i + 1));
    if (s.x.size() == 1) s.x.push_back(2), s.y.push_back(l.values[0]);  // one epoch: draw a flat segment
    series.push_back(std::move(s));
  }
  PlotOptions opt;
  opt.title = "Training loss per epoch (first seed)";
  opt.x_label = "epoch";
  opt.y_label = "loss";
  const std::string file = r.experiment->id + "_losses.svg";
  dir.write(file, svg_line_plot(series, opt));
  os << "<h3>Training-loss curves</h3>\n<div class=\"plots\"><img src=\"" << h(file) << "\" alt=\"training loss\"></div>\n";
}

void all_runs(std::ostringstream& os, const ExperimentResult& r) {
  const Experiment& e = *r.experiment;
  os << "<details><summary>Every run (" << r.runs.size() << "), also in <a href=\"" << h(e.id)
     << "_runs.csv\">" << h(e.id) << "_runs.csv</a></summary>\n<table><tr><th>method</th><th>ratio</th><th>seed</th>"
     << "<th>train rows</th><th>resample s</th><th>fit s</th>";
  for (const auto& k : e.headline) os << "<th>" << h(metric_title(k)) << "</th>";
  os << "</tr>\n";
  for (const auto& run : r.runs) {
    os << "<tr><td>" << h(run.method) << "</td><td class=\"num\">" << ratio_label(run.ratio) << "</td><td class=\"num\">"
       << run.seed << "</td><td class=\"num\">" << run.n_train << "</td><td class=\"num\">"
       << msg(static_cast<double>(static_cast<int64_t>(run.resample_seconds * 100)) / 100) << "</td><td class=\"num\">"
       << msg(static_cast<double>(static_cast<int64_t>(run.fit_seconds * 100)) / 100) << "</td>";
    for (const auto& k : e.headline) {
      auto it = run.metrics.find(k);
      char buf[32];
      std::snprintf(buf, sizeof(buf), "%.4f", it == run.metrics.end() ? 0.0 : it->second);
      os << "<td class=\"num\">" << (it == run.metrics.end() ? "-" : buf) << "</td>";
    }
    os << "</tr>\n";
  }
  os << "</table></details>\n";
}

}  // namespace

std::string metric_title(const std::string& key) {
  static const std::map<std::string, std::string> names = {
      {"accuracy", "accuracy"},
      {"balanced_accuracy", "balanced accuracy"},
      {"macro_f1", "macro F1"},
      {"cohen_kappa", "Cohen's kappa"},
      {"gmean", "geometric mean"},
      {"minority_precision", "minority precision"},
      {"minority_recall", "minority recall"},
      {"minority_f1", "minority F1"},
      {"minority_specificity", "minority specificity"},
      {"minority_iba", "minority IBA"},
      {"roc_auc", "ROC AUC"},
      {"average_precision", "average precision"}};
  auto it = names.find(key);
  return it == names.end() ? key : it->second;
}

void check_report_folder(const std::string& dir) {
  SMRT_THROW_IF_NOT(IoError, !dir.empty(), "the report folder is empty (--out)");
  const fs::path path(dir);
  std::error_code ec;
  SMRT_THROW_IF_NOT(IoError, !fs::exists(path, ec) || fs::is_directory(path, ec), "--out '", dir,
                    "' is a file; the report needs a folder");
  // The nearest folder that exists must let us create (or write into) the report folder.
  fs::path existing = fs::absolute(path, ec);
  while (!existing.empty() && !fs::exists(existing, ec)) existing = existing.parent_path();
  SMRT_THROW_IF_NOT(IoError, fs::is_directory(existing, ec), "--out '", dir, "': '", existing.string(),
                    "' is not a folder");
  SMRT_THROW_IF_NOT(IoError, ::access(existing.c_str(), W_OK | X_OK) == 0, "--out '", dir, "': cannot write in '",
                    existing.string(), "' (", std::strerror(errno), ")");
}

std::string write_report(const std::string& dir, const ReportInfo& info, const std::vector<ExperimentResult>& results) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  SMRT_THROW_IF_NOT(IoError, fs::is_directory(dir), dir, ": cannot create the report folder (", ec.message(), ")");

  ReportFolder folder(dir);
  std::ostringstream os, md;
  os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" << h(info.title)
     << "</title>\n<style>" << kStyle << "</style></head>\n<body>\n<h1>" << h(info.title) << "</h1>\n";
  if (!info.command.empty()) os << "<p>Produced by <code>" << h(info.command) << "</code>.</p>\n";
  settings_table(os, info.settings);
  os << "<p>Every number below comes from the runs listed at the end of each section; a method that did not run "
        "(not built yet, or failed) is listed by name with the reason, without numbers. Means and standard deviations "
        "(ddof=1) are over seeds; the best mean per column is highlighted.</p>\n";
  md << "# " << info.title << "\n\n";
  if (!info.command.empty()) md << "Command: `" << info.command << "`\n\n";
  for (const auto& r : results) {
    const Experiment& e = *r.experiment;
    const auto summaries = summarize(r.runs);
    os << "<h2 id=\"protocol-" << h(e.id) << "\">Protocol " << h(e.id) << ": " << h(e.title) << "</h2>\n<p>"
       << h(e.summary) << "</p>\n";
    auto settings = e.settings;
    settings.emplace_back("run time", msg(static_cast<int64_t>(r.seconds + 0.5), " s"));
    settings_table(os, settings);
    os << "<h3>Results</h3>\n";
    results_table(os, r, summaries);
    plots(os, folder, r, summaries);
    gallery(os, folder, r);
    losses(os, folder, r);
    all_runs(os, r);
    folder.write(e.id + "_runs.csv", runs_csv(r));
    md << "## Protocol " << e.id << ": " << e.title << "\n\n" << markdown_table(r) << "\n";
  }
  for (const auto& c : all_comparisons(results)) {
    const bool standing = c.a == "every method";
    os << "<h2 id=\"" << (standing ? "standings-" : "compare-") << h(c.group) << "\">" << h(c.a) << " against " << h(c.b)
       << (c.group == "d" ? " over protocol d's cells" : " on your table") << "</h2>\n<p>"
       << (standing ? msg("Each row: a method against ", c.b, " in every cell (set and classifier); per metric the mean of "
                          "its paired differences over the cells, then how many cells it wins, ties and loses. ")
                    : msg("Each cell: ", c.a, " minus ", c.b,
                          ", mean +- std of the differences paired by seed (same split, same test set). "))
       << "Win or loss: a paired t-test at 5% (two-sided) separates them; otherwise tie.</p>\n"
       << "<table class=\"compare\"><thead><tr>";
    for (const auto& cell : c.cells.front()) os << "<th>" << h(cell) << "</th>";
    os << "</tr></thead><tbody>\n";
    for (size_t r = 1; r < c.cells.size(); ++r) {
      os << "<tr>";
      for (size_t i = 0; i < c.cells[r].size(); ++i)
        os << (i ? "<td class=\"num\">" : "<td>") << h(c.cells[r][i]) << "</td>";
      os << "</tr>\n";
    }
    os << "</tbody></table>\n";
  }
  md << comparison_markdown(results);
  os << "<script>" << kScript << "</script>\n</body></html>\n";
  folder.write("results.md", md.str());
  folder.write("index.html", os.str());
  folder.finish();
  return dir + "/index.html";
}

}  // namespace smrt::eval
