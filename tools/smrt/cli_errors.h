#pragma once
// How the CLI ends: every failure is one `smrt: error: ...` line on stderr and
// an exit status that says what kind of failure it was (docs/usage.md).

#include <CLI/CLI.hpp>

namespace smrt::cli {

/// The exit statuses docs/usage.md lists.
enum ExitStatus : int {
  kExitOk = 0,
  kExitData = 1,    ///< an input file or its data is bad, or an output cannot be written
  kExitUsage = 2,   ///< the command line: unknown command or option, a missing or bad value or parameter
  kExitMemory = 3,  ///< what was asked needs more memory than this machine has
};

/// Parses argv with `app`, runs the chosen command and returns the exit status,
/// printing `smrt: error: ...` for any failure (the messages of CLI11 too).
int run_cli(CLI::App& app, int argc, char** argv);

/// The name of `candidates` closest to `word` (edit distance at most a third
/// of its length, at least 2), or "" when none is close.
std::string closest_name(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace smrt::cli
