#include "smrt/core/progress.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>

namespace smrt {
namespace {
std::atomic<int> g_verbosity{static_cast<int>(Verbosity::Normal)};
}

void set_verbosity(Verbosity v) { g_verbosity = static_cast<int>(v); }
Verbosity verbosity() { return static_cast<Verbosity>(g_verbosity.load()); }

Progress::Progress(std::string label, int64_t total)
    : label_(std::move(label)),
      total_(total),
      enabled_(verbosity() != Verbosity::Quiet),
      tty_(isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() {
  if (!finished_ && done_ > 0) finish();
}

void Progress::update(int64_t done, const std::string& note) {
  done_ = done;
  note_ = note;
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  // A terminal redraws 10 times a second; a log gets a line every 5 seconds.
  const auto interval = tty_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(5000);
  if (now - last_draw_ < interval) return;
  last_draw_ = now;
  draw(false);
}

void Progress::finish(const std::string& note) {
  if (finished_) return;
  finished_ = true;
  if (!note.empty()) note_ = note;
  if (total_ > 0) done_ = total_;
  if (enabled_) draw(true);
}

void Progress::draw(bool final) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  char bar[32] = {0};
  if (total_ > 0) {
    const int width = 24;
    const int filled = static_cast<int>(width * static_cast<double>(done_) / static_cast<double>(total_));
    for (int i = 0; i < width; ++i) bar[i] = i < filled ? '#' : '.';
    bar[width] = 0;
    std::fprintf(stderr, "%s%s [%s] %lld/%lld %.1fs %s%s", tty_ ? "\r\033[K" : "", label_.c_str(), bar,
                 static_cast<long long>(done_), static_cast<long long>(total_), seconds, note_.c_str(),
                 (final || !tty_) ? "\n" : "");
  } else {
    std::fprintf(stderr, "%s%s %lld %.1fs %s%s", tty_ ? "\r\033[K" : "", label_.c_str(),
                 static_cast<long long>(done_), seconds, note_.c_str(), (final || !tty_) ? "\n" : "");
  }
  std::fflush(stderr);
}

}  // namespace smrt
