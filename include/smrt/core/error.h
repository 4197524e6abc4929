#pragma once
// Errors: one hierarchy, one check macro.
//
// Bad input (a file, a parameter, data) throws an smrt::Error subclass whose
// message names what was wrong, the value received and what is allowed.
// Internal invariants use SMRT_ASSERT, which aborts: they are bugs, not input.

#include <sstream>
#include <stdexcept>
#include <string>

namespace smrt {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A parameter value is outside what the algorithm accepts.
class ParameterError : public Error {
 public:
  using Error::Error;
};

/// Input data is malformed or unusable (ragged rows, NaN, one class, ...).
class DataError : public Error {
 public:
  using Error::Error;
};

/// A file could not be read or written.
class IoError : public Error {
 public:
  using Error::Error;
};

namespace detail {
[[noreturn]] void assert_fail(const char* cond, const char* file, int line, const std::string& msg);

template <typename... Args>
std::string concat(const Args&... args) {
  std::ostringstream os;
  (os << ... << args);
  return os.str();
}
}  // namespace detail

/// Builds a message from any streamable pieces: smrt::msg("k=", k, " > ", n).
template <typename... Args>
std::string msg(const Args&... args) {
  return detail::concat(args...);
}

}  // namespace smrt

/// Throws ErrorType with the message pieces when `cond` is false.
#define SMRT_THROW_IF_NOT(ErrorType, cond, ...)          \
  do {                                                   \
    if (!(cond)) throw ErrorType(::smrt::msg(__VA_ARGS__)); \
  } while (0)

/// Internal invariant: a failure is a bug in smrt and aborts with file:line.
/// Always give a message: SMRT_ASSERT(n >= 0, "n=", n).
#define SMRT_ASSERT(cond, ...)                                                        \
  do {                                                                                \
    if (!(cond)) ::smrt::detail::assert_fail(#cond, __FILE__, __LINE__, ::smrt::msg(__VA_ARGS__)); \
  } while (0)
