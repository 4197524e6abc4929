#pragma once
// Output files appear whole or not at all.
//
// AtomicFile writes to a temporary name beside the target and renames it on
// commit(); if the writer throws or the process is interrupted before that,
// the target is untouched and the temporary is removed.

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
  /// Flushes, syncs and renames onto the target path.
  void commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string temp_path_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

/// Refuses output paths that cannot work, before any work is done: a missing
/// folder, a folder in place of a file, or a path that is one of `inputs`.
void check_output_path(const std::string& path, const std::vector<std::string>& inputs);

}  // namespace smrt
