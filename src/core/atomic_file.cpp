#include "smrt/core/atomic_file.h"

#include <pthread.h>
#include <signal.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>

#include "smrt/core/error.h"

namespace fs = std::filesystem;

namespace smrt {
namespace {

// Signals that end the process by default and can be caught (SIGKILL cannot).
// These come from outside (terminal closed, Ctrl-C, Ctrl-\, kill, a closed
// pipe, timers, the CPU-time limit) and are held back while outputs are renamed;
constexpr int kAsyncSignals[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU};
// these come from smrt's own step (a crash, a write past the file-size limit).
constexpr int kSyncSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGSYS, SIGXFSZ};

// Temporaries still open, removed by the signal handler. The handler can take
// no lock and read no container, so each path sits in a fixed slot that is
// marked in use only after the path is written.
constexpr size_t kSlots = 32;
struct TempSlot {
  std::atomic<bool> used{false};
  char path[PATH_MAX];
};
TempSlot g_slots[kSlots];
std::mutex g_temp_mutex;  // orders track and untrack; the handler only reads `used`

void remove_temps_and_reraise(int sig) {
  // Only async-signal-safe calls here: unlink, signal and raise. The re-raised
  // signal is delivered (with the default action) when the handler returns.
  for (const TempSlot& slot : g_slots)
    if (slot.used.load(std::memory_order_acquire)) ::unlink(slot.path);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// Takes over a signal only where it would end the process anyway: a host's own
// handler (Python's for Ctrl-C) or an ignored signal (Python ignores SIGPIPE) stays.
void handle_if_default(int sig) {
  struct sigaction old {};
  if (::sigaction(sig, nullptr, &old) != 0 || (old.sa_flags & SA_SIGINFO) != 0 || old.sa_handler != SIG_DFL) return;
  struct sigaction sa {};
  sa.sa_handler = remove_temps_and_reraise;
  sigemptyset(&sa.sa_mask);
  ::sigaction(sig, &sa, nullptr);
}

void install_handlers() {
  for (int sig : kAsyncSignals) handle_if_default(sig);
  for (int sig : kSyncSignals) handle_if_default(sig);
}

void track(const std::string& p) {
  std::lock_guard<std::mutex> lock(g_temp_mutex);
  static bool installed = false;
  if (!installed) {
    install_handlers();
    installed = true;
  }
  if (p.size() >= PATH_MAX) return;  // cannot exist on Linux; the destructor still removes it
  for (TempSlot& slot : g_slots) {
    if (slot.used.load(std::memory_order_relaxed)) continue;
    std::memcpy(slot.path, p.c_str(), p.size() + 1);
    slot.used.store(true, std::memory_order_release);
    return;
  }
  // More than kSlots outputs open at once: this one is removed on errors, not on signals.
}

void untrack(const std::string& p) {
  std::lock_guard<std::mutex> lock(g_temp_mutex);
  for (TempSlot& slot : g_slots)
    if (slot.used.load(std::memory_order_relaxed) && p == slot.path) {
      slot.used.store(false, std::memory_order_release);
      return;
    }
}

// SMRT_FSYNC=1: sync each output to the disk before renaming it into place.
bool sync_before_rename() {
  static const bool on = [] {
    const char* v = std::getenv("SMRT_FSYNC");
    return v != nullptr && std::string(v) == "1";
  }();
  return on;
}

// Atomically swaps two existing paths (Linux renameat2 RENAME_EXCHANGE);
// false where the target does not exist or the filesystem cannot.
bool exchange_names(const std::string& a, const std::string& b) {
#if defined(__linux__) && defined(RENAME_EXCHANGE)
  return ::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0;
#else
  (void)a;
  (void)b;
  return false;
#endif
}

fs::path parent_of(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

}  // namespace

void check_output_path(const std::string& path, const std::vector<std::string>& inputs) {
  SMRT_THROW_IF_NOT(IoError, !path.empty(), "output path is empty");
  const fs::path parent = parent_of(path);
  std::error_code ec;
  SMRT_THROW_IF_NOT(IoError, fs::is_directory(parent, ec), "output '", path, "': folder '", parent.string(),
                    "' does not exist");
  SMRT_THROW_IF_NOT(IoError, !fs::is_directory(path, ec), "output '", path, "' is a folder, not a file");
  for (const auto& input : inputs) {
    if (input.empty()) continue;
    SMRT_THROW_IF_NOT(IoError, !same_file(path, input), "output '", path, "' is the input file '", input,
                      "': choose another output path (inputs are never overwritten)");
  }
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::exists(a, ec) && fs::exists(b, ec) ? fs::equivalent(a, b, ec)
                                                 : fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

AtomicFile::AtomicFile(const std::string& path) : path_(path) {
  check_output_path(path, {});
  const fs::path target(path);
  temp_path_ = (parent_of(path) / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()))).string();
  file_ = std::fopen(temp_path_.c_str(), "wb");
  SMRT_THROW_IF_NOT(IoError, file_ != nullptr, "cannot write '", path, "': ", std::strerror(errno));
  track(temp_path_);
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    if (file_) std::fclose(file_);
    std::remove(temp_path_.c_str());
    untrack(temp_path_);
  }
}

void AtomicFile::write(const void* data, size_t bytes) {
  if (bytes == 0) return;
  SMRT_THROW_IF_NOT(IoError, std::fwrite(data, 1, bytes, file_) == bytes, "writing '", path_,
                    "' failed: ", std::strerror(errno));
}

void AtomicFile::commit() {
  flush_to_disk();
  rename_into_place();
}

void AtomicFile::flush_to_disk() {
  SMRT_ASSERT(!committed_ && file_ != nullptr, "commit twice");
  // No fsync by default (docs/usage.md, "Output files"): the rename already
  // makes the file appear whole or not at all to every reader and to a crash
  // of smrt itself; only a crash of the machine before the kernel writes the
  // data back can lose it, and syncing 170 MB here took longer than the whole
  // resampling.
  const bool flushed = std::fflush(file_) == 0 && (!sync_before_rename() || ::fsync(::fileno(file_)) == 0);
  const int close_rc = std::fclose(file_);
  file_ = nullptr;
  SMRT_THROW_IF_NOT(IoError, flushed && close_rc == 0, "writing '", path_, "' failed: ", std::strerror(errno));
}

void AtomicFile::rename_into_place() {
  SMRT_ASSERT(!committed_ && file_ == nullptr, "rename before flush_to_disk, or twice");
  // Over an existing file, ext4 starts writing the new file's data back inside
  // rename() (auto_da_alloc: 110-150 ms for 160 MB here). Swapping the two
  // names atomically and then removing the old file (now at the temporary
  // name) gives readers the same whole-or-nothing view without that wait.
  if (exchange_names(temp_path_, path_)) ::unlink(temp_path_.c_str());
  else
    SMRT_THROW_IF_NOT(IoError, std::rename(temp_path_.c_str(), path_.c_str()) == 0, "cannot move output into '",
                      path_, "': ", std::strerror(errno));
  committed_ = true;
  untrack(temp_path_);
}

void commit_together(const std::vector<AtomicFile*>& files) {
  for (AtomicFile* f : files) f->flush_to_disk();
  sigset_t held, before;
  sigemptyset(&held);
  for (int sig : kAsyncSignals) sigaddset(&held, sig);
  pthread_sigmask(SIG_BLOCK, &held, &before);
  std::string failure;
  size_t renamed = 0;
  for (; renamed < files.size(); ++renamed) {
    try {
      files[renamed]->rename_into_place();
    } catch (const IoError& e) {
      failure = e.what();
      break;
    }
  }
  if (!failure.empty())  // no new file beside an old partner
    for (size_t i = 0; i < renamed; ++i) std::remove(files[i]->path().c_str());
  pthread_sigmask(SIG_SETMASK, &before, nullptr);
  SMRT_THROW_IF_NOT(IoError, failure.empty(), failure, failure.empty() ? "" : "; the outputs written with it were removed");
}

}  // namespace smrt
