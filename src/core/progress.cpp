#include "smrt/core/progress.h"

#include <unistd.h>

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <vector>

namespace smrt {
namespace {
std::atomic<int> g_verbosity{static_cast<int>(Verbosity::Normal)};

// The calling thread's scope: its verbosity (-1: the global one) and sink.
thread_local int t_verbosity = -1;
thread_local const ProgressCallback* t_sink = nullptr;
}  // namespace

void set_verbosity(Verbosity v) { g_verbosity = static_cast<int>(v); }
Verbosity verbosity() {
  return static_cast<Verbosity>(t_verbosity >= 0 ? t_verbosity : g_verbosity.load());
}

struct ProgressScope::Saved {
  int verbosity;
  const ProgressCallback* sink;
  ProgressCallback callback;
};

ProgressScope::ProgressScope(Verbosity v, ProgressCallback callback)
    : saved_(new Saved{t_verbosity, t_sink, std::move(callback)}) {
  t_verbosity = static_cast<int>(v);
  t_sink = saved_->callback ? &saved_->callback : nullptr;
  // Quiet with no callback must stay silent, not fall back to stderr.
  static const ProgressCallback ignore = [](const ProgressEvent&) {};
  if (!t_sink && v == Verbosity::Quiet) t_sink = &ignore;
}

ProgressScope::~ProgressScope() {
  t_verbosity = saved_->verbosity;
  t_sink = saved_->sink;
  delete saved_;
}

std::string format_line(const char* format, ...) {
  va_list args;
  va_start(args, format);
  va_list copy;
  va_copy(copy, args);
  const int n = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  std::vector<char> buf(static_cast<size_t>(n > 0 ? n : 0) + 1);
  std::vsnprintf(buf.data(), buf.size(), format, args);
  va_end(args);
  return std::string(buf.data(), static_cast<size_t>(n > 0 ? n : 0));
}

void progress_message(const std::string& label, const std::string& line) {
  if (t_sink) {
    ProgressEvent e;
    e.label = label;
    e.total = -1;
    e.note = line;
    e.final = true;
    (*t_sink)(e);
    return;
  }
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

Progress::Progress(std::string label, int64_t total)
    : label_(std::move(label)),
      total_(total),
      enabled_(verbosity() != Verbosity::Quiet),
      tty_(t_sink == nullptr && isatty(STDERR_FILENO) != 0),
      sink_(t_sink),
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
  // A callback (a notebook, a log handler) gets a report a second.
  const auto interval = tty_ ? std::chrono::milliseconds(100)
                        : sink_ ? std::chrono::milliseconds(1000)
                                : std::chrono::milliseconds(5000);
  if (now - last_draw_ < interval) return;
  last_draw_ = now;
  draw(false);
}

void Progress::finish(const std::string& note) { finish_early(total_ > 0 ? total_ : done_, note); }

void Progress::finish_early(int64_t done, const std::string& note) {
  if (finished_) return;
  finished_ = true;
  done_ = done;
  if (!note.empty()) note_ = note;
  if (enabled_) draw(true);
}

void Progress::draw(bool final) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (sink_) {
    (*sink_)(ProgressEvent{label_, done_, total_, seconds, note_, final});
    return;
  }
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
