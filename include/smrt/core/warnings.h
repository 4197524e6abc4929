#pragma once
// Warnings about the data or a result (not progress): every front end shows
// them, at every verbosity.

#include <string>
#include <vector>

namespace smrt {

/// Reports a warning ("class 'b' has a single image, ..."). Inside a
/// WarningScope it is collected for the front end to show its own way (the
/// library's calls return them, Python raises UserWarnings); outside one it
/// goes to stderr as "smrt: warning: TEXT".
void warning(const std::string& text);

/// Collects the calling thread's warnings into `into` until destroyed
/// (scopes nest; the innermost collects).
class WarningScope {
 public:
  explicit WarningScope(std::vector<std::string>* into);
  ~WarningScope();
  WarningScope(const WarningScope&) = delete;
  WarningScope& operator=(const WarningScope&) = delete;

 private:
  std::vector<std::string>* saved_;
};

}  // namespace smrt
