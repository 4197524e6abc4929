#pragma once
// Progress for long work: a bar on a terminal, a line now and then otherwise.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace smrt {

enum class Verbosity { Quiet = 0, Normal = 1, Detailed = 2 };

/// Global verbosity for progress output (the CLI sets it from -q / -v).
void set_verbosity(Verbosity v);
/// The calling thread's verbosity: its ProgressScope's, else the global one.
Verbosity verbosity();

/// One progress report: a bar's state, or (total < 0) a message line.
struct ProgressEvent {
  std::string label;  ///< what is being done ("vae", "SMOTE")
  int64_t done = 0;   ///< units done
  int64_t total = 0;  ///< units in all; 0 = unknown, -1 = a message line in `note`
  double seconds = 0; ///< since the work started
  std::string note;   ///< "cost=0.12", or the message
  bool final = false; ///< the last report of this piece of work
};
using ProgressCallback = std::function<void(const ProgressEvent&)>;

/// Routes the calling thread's progress (bars and messages) to `callback`
/// instead of stderr, at verbosity `v`, until destroyed (scopes nest). Front
/// ends that own their output (Python, a GUI) use it; a null callback with
/// Quiet is silence.
class ProgressScope {
 public:
  ProgressScope(Verbosity v, ProgressCallback callback);
  ~ProgressScope();
  ProgressScope(const ProgressScope&) = delete;
  ProgressScope& operator=(const ProgressScope&) = delete;

 private:
  struct Saved;
  Saved* saved_;
};

/// A whole line of progress text ("Epoch: 3, cost=0.2"): to the thread's
/// callback, else to stderr.
void progress_message(const std::string& label, const std::string& line);
/// printf-style formatting into a std::string (for progress lines).
std::string format_line(const char* format, ...) __attribute__((format(printf, 1, 2)));

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
  /// Prints the final state (the whole total done) and a newline.
  void finish(const std::string& note = "");
  /// The same when the work ends after `done` units, before its total
  /// (early stopping): the final line shows what was done.
  void finish_early(int64_t done, const std::string& note = "");

 private:
  void draw(bool final);

  std::string label_;
  int64_t total_;
  int64_t done_ = 0;
  std::string note_;
  bool enabled_;
  bool tty_;
  const ProgressCallback* sink_;  // the thread's callback, or null for stderr
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace smrt
