// `smrt` without LibTorch: the commands that need a neural network run in
// smrt-torch, the same CLI with every layer, which this program execs with
// the arguments it was given. Loading LibTorch costs about 0.4 s per call
// (it maps some 290 libraries and registers its operators), so info, list of
// a classical method and resample with a classical method start in a few
// milliseconds here instead (docs/architecture.md, "Start-up").
#ifdef SMRT_TORCH_CLI
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "commands.h"
#include "smrt/core/error.h"
#include "smrt/neighbors/blas.h"
#include "smrt/sample/registry.h"

namespace smrt::cli {
namespace {

// This process's arguments as given (main's argv is not passed down here;
// the kernel keeps them, NUL-separated).
std::vector<std::string> own_arguments() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  for (size_t start = 0; start < all.size();) {
    const size_t end = all.find('\0', start);
    args.push_back(all.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return args;
}

// smrt-torch sits beside this program (build folder and install prefix alike).
std::string torch_cli_path() {
  std::vector<char> self(4096);
  const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
  SMRT_THROW_IF_NOT(Error, n > 0, "cannot find this program's path: ", std::strerror(errno));
  std::string path(self.data(), static_cast<size_t>(n));
  return path.substr(0, path.rfind('/') + 1) + SMRT_TORCH_CLI;
}

void add_stub(CLI::App& app, const char* name, const char* summary) {
  auto* cmd = app.add_subcommand(name, summary);
  // Everything after the name, --help included, is smrt-torch's to parse.
  cmd->prefix_command();
  cmd->set_help_flag();
  cmd->fallthrough(false);
  cmd->callback([] { hand_over_to_torch_cli(); });
}

}  // namespace

bool runs_here(const std::string& method) {
  register_all_methods();
  return SamplerRegistry::global().contains(method);
}

void hand_over_to_torch_cli() {
  std::vector<std::string> args = own_arguments();
  SMRT_THROW_IF_NOT(Error, !args.empty(), "cannot read this program's arguments from /proc/self/cmdline");
  const std::string path = torch_cli_path();
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  keep_blas_choice_for_exec();
  std::fflush(nullptr);
  ::execv(path.c_str(), argv.data());
  throw Error(msg("this command needs the neural-network layer, ", path, ", which cannot be started: ",
                  std::strerror(errno), " (it is built and installed beside smrt)"));
}

void add_torch_commands(CLI::App& app) {
  add_stub(app, "fit", kFitSummary);
  add_stub(app, "generate", kGenerateSummary);
#ifdef SMRT_TORCH_CLI_HAS_EVAL
  add_stub(app, "eval", kEvalSummary);
  add_stub(app, "demo", kDemoSummary);
#endif
}

}  // namespace smrt::cli
#endif  // SMRT_TORCH_CLI
