#pragma once
// What `smrt demo` and `smrt eval` do, kept out of the CLI: run protocols,
// print their tables, write the report.

#include <string>
#include <vector>

#include "smrt/eval/protocols.h"
#include "smrt/eval/report.h"

namespace smrt::eval {

struct SessionPlan {
  std::vector<std::pair<std::string, ProtocolOptions>> protocols;  ///< id and options, in order ("d": six tables x two classifiers)
  std::vector<Experiment> experiments;  ///< run after `protocols` (a user's table: table_protocol)
  std::string out_dir = "report";
  std::string command;  ///< for the report ("smrt demo")
  std::string title = "smrt evaluation report";
};

/// Runs every protocol, prints each results table to stdout as it finishes,
/// writes the report and returns the path of its index.html.
std::string run_session(const SessionPlan& plan);

/// Run-wide settings for the report: version, threads, CPU, build features.
std::vector<std::pair<std::string, std::string>> environment_settings();

}  // namespace smrt::eval
