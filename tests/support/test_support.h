#pragma once
// Helpers shared by the test binaries: temporary folders, files, running the
// CLI, and calling the reference implementation (imbalanced-learn) when the
// system Python has it.

#include <string>
#include <vector>

namespace smrt::testing {

/// A fresh folder under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  /// File names in the folder (to check that nothing was left behind).
  std::vector<std::string> list() const;

 private:
  std::string path_;
};

void write_text(const std::string& path, const std::string& text);
std::string read_text(const std::string& path);
bool file_exists(const std::string& path);

struct CommandResult {
  int exit_code = -1;
  std::string output;  ///< stdout and stderr together
};

/// Runs a shell command, capturing its output.
CommandResult run_command(const std::string& command);
/// Runs the smrt binary (`smrt -q`, SMRT_NUM_THREADS=2) with `args` (already
/// shell-quoted as needed); `env` is put before it ("A=1 B=2", or
/// LD_PRELOAD=...): the one way every CLI test runs smrt.
CommandResult run_smrt(const std::string& args, const std::string& env = "");

/// /usr/bin/python3 with imbalanced-learn importable?
bool have_imblearn();
/// /usr/bin/python3 with numpy importable?
bool have_numpy();
/// Built with LibTorch (the generative methods)? Then smrt-torch stands beside
/// the smrt binary; without it smrt is the only program.
bool have_torch();
/// Runs a Python script with /usr/bin/python3; returns stdout (throws on failure).
std::string run_python(const std::string& script);

}  // namespace smrt::testing
