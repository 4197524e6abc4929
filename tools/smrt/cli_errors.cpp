#include "cli_errors.h"

#include <algorithm>
#include <cstdio>
#include <new>
#include <string>
#include <vector>

#include "smrt/core/error.h"
#include "smrt/core/memory.h"

namespace smrt::cli {
namespace {

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string> command_names(CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  return names;
}

/// The word naming the command: the first argument that is neither a global
/// option nor its value ("" when there is none, or an option comes first).
std::string command_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threads") {
      ++i;
      continue;
    }
    if (arg.rfind("--threads=", 0) == 0 || arg == "-q" || arg == "--quiet" || arg == "--verbose" ||
        (arg.size() >= 2 && arg[0] == '-' && arg.find_first_not_of('v', 1) == std::string::npos))
      continue;
    return arg.empty() || arg[0] == '-' ? std::string() : arg;
  }
  return "";
}

int fail(int status, const std::string& text) {
  std::fprintf(stderr, "smrt: error: %s\n", text.c_str());
  return status;
}

/// CLI11's message as one line naming the command's --help.
std::string parse_error_text(const CLI::ParseError& e, const std::string& command) {
  std::string text = e.what();
  std::replace(text.begin(), text.end(), '\n', ' ');
  // CLI11 puts the option's name before a validator's message that names it already.
  const size_t colon = text.find(": ");
  if (colon != std::string::npos && text.compare(colon + 2, colon + 1, text.substr(0, colon) + " ") == 0)
    text.erase(0, colon + 2);
  if (e.get_name() == "RequiredError" && text == "A subcommand is required")
    text = "a command is required";
  return text + (command.empty() ? " (see `smrt --help`)" : " (see `smrt " + command + " --help`)");
}

}  // namespace

std::string closest_name(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

int run_cli(CLI::App& app, int argc, char** argv) {
  const std::string word = command_word(argc, argv);
  const std::vector<std::string> commands = command_names(app);
  std::string command;
  if (!word.empty()) {
    if (std::find(commands.begin(), commands.end(), word) == commands.end()) {
      std::string list;
      for (const auto& c : commands) list += (list.empty() ? "" : ", ") + c;
      const std::string near = closest_name(word, commands);
      return fail(kExitUsage, "unknown command '" + word + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?") +
                                  " (commands: " + list + ")");
    }
    command = word;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive as "errors" with status 0.
    if (e.get_exit_code() == 0) return app.exit(e);
    return fail(kExitUsage, parse_error_text(e, command));
  } catch (const ParameterError& e) {
    return fail(kExitUsage, e.what());
  } catch (const ResourceError& e) {
    return fail(kExitMemory, e.what());
  } catch (const Error& e) {
    return fail(kExitData, e.what());
  } catch (const std::bad_alloc&) {
    return fail(kExitMemory, "out of memory (what was asked needs more memory than this machine has)");
  } catch (const std::exception& e) {
    return fail(kExitData, e.what());
  }
  return kExitOk;
}

}  // namespace smrt::cli
