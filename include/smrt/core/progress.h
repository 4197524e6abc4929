#pragma once
// Progress for long work: a bar on a terminal, a line now and then otherwise.

#include <chrono>
#include <cstdint>
#include <string>

namespace smrt {

enum class Verbosity { Quiet = 0, Normal = 1, Detailed = 2 };

/// Global verbosity for progress output (the CLI sets it from -q / -v).
void set_verbosity(Verbosity v);
Verbosity verbosity();

class Progress {
 public:
  /// `label` says what is being done; `total` units of work (0 = unknown).
  Progress(std::string label, int64_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Reports `done` units and an optional note ("loss=0.123"). Cheap to call
  /// often: output is rate-limited.
  void update(int64_t done, const std::string& note = "");
  /// Prints the final state and a newline.
  void finish(const std::string& note = "");

 private:
  void draw(bool final);

  std::string label_;
  int64_t total_;
  int64_t done_ = 0;
  std::string note_;
  bool enabled_;
  bool tty_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace smrt
