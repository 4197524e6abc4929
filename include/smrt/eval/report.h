#pragma once
// The HTML report: for each protocol its settings, the results table
// (mean +- std over seeds), plots of the headline metrics, image strips of
// real and synthetic minority samples, training-loss curves and every run.
// Everything shown comes from the ExperimentResults passed in.

#include <string>
#include <utility>
#include <vector>

#include "smrt/eval/experiment.h"

namespace smrt::eval {

struct ReportInfo {
  std::string title = "smrt evaluation report";
  std::string command;  ///< the command that produced the results
  std::vector<std::pair<std::string, std::string>> settings;  ///< run-wide: version, threads, time, ...
};

/// Writes DIR/index.html, its SVG plots, PNG strips, per-protocol runs CSV
/// and results.md (the tables as Markdown), creating DIR. Returns the path
/// of index.html. DIR/.smrt-report-files lists what was written: a later
/// report in DIR removes the files of this one that it does not rewrite, and
/// leaves every other file alone.
std::string write_report(const std::string& dir, const ReportInfo& info, const std::vector<ExperimentResult>& results);

/// Throws IoError when the report could not be written to DIR: a file of that name, or no
/// right to create or write it. Called before a session runs, so a long run is not lost.
void check_report_folder(const std::string& dir);

/// Pretty names of the metric keys ("minority_f1" -> "minority F1").
std::string metric_title(const std::string& key);

}  // namespace smrt::eval
