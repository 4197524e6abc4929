#include "test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace smrt::testing {

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "smrt-test-XXXXXX").string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
  path_ = buf.data();
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::vector<std::string> TempDir::list() const {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(path_)) names.push_back(entry.path().filename().string());
  return names;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool file_exists(const std::string& path) { return fs::exists(path); }

CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) result.output.append(buf, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

CommandResult run_smrt(const std::string& args, const std::string& env) {
  return run_command("SMRT_NUM_THREADS=2 " + (env.empty() ? std::string() : env + " ") + SMRT_BINARY + " -q " + args);
}

bool have_imblearn() {
  static const bool ok = run_command("/usr/bin/python3 -c 'import imblearn' ").exit_code == 0;
  return ok;
}

bool have_torch() {
  const std::string smrt = SMRT_BINARY;
  return file_exists(smrt.substr(0, smrt.rfind('/') + 1) + "smrt-torch");
}

bool have_numpy() {
  static const bool ok = run_command("/usr/bin/python3 -c 'import numpy'").exit_code == 0;
  return ok;
}

std::string run_python(const std::string& script) {
  TempDir dir;
  const std::string path = dir.file("script.py");
  write_text(path, script);
  // stdout is the answer; warnings on stderr are kept apart for the error text.
  FILE* pipe = popen(("/usr/bin/python3 " + path + " 2>" + dir.file("stderr.txt")).c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot start /usr/bin/python3");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("python failed:\n" + out + read_text(dir.file("stderr.txt")));
  return out;
}

}  // namespace smrt::testing
