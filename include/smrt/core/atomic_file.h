#pragma once
// Output files appear whole or not at all.
//
// AtomicFile writes to a temporary name beside the target and renames it on
// commit(); if the writer throws, or a signal other than SIGKILL ends the
// process before that (Ctrl-C, SIGTERM, SIGHUP, a crash), the target is
// untouched and the temporary is removed.

#include <cstdio>
#include <string>
#include <vector>

namespace smrt {

class AtomicFile {
 public:
  /// Checks that the folder exists and opens a temporary file in it.
  explicit AtomicFile(const std::string& path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::FILE* handle() { return file_; }
  void write(const void* data, size_t bytes);
  void write(const std::string& text) { write(text.data(), text.size()); }
  /// Flushes (and with SMRT_FSYNC=1 syncs to disk), then renames onto the target path.
  void commit();
  /// commit() in two steps, for files that must appear together
  /// (commit_together): flush (may throw), then rename.
  void flush_to_disk();
  void rename_into_place();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string temp_path_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

/// Commits files that belong together (a features file and its labels):
/// all are flushed to disk first, so a failure (a full disk) leaves none of
/// them; then all are renamed with Ctrl-C, SIGTERM and the other signals from
/// outside held back, so a new file never sits beside an old partner.
void commit_together(const std::vector<AtomicFile*>& files);

/// Refuses output paths that cannot work, before any work is done: a missing
/// folder, a folder in place of a file, or a path that is one of `inputs`.
void check_output_path(const std::string& path, const std::vector<std::string>& inputs);
/// Whether two paths name one file: the same file where both exist (links
/// too), the same normalised path otherwise.
bool same_file(const std::string& a, const std::string& b);

}  // namespace smrt
