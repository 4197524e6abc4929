#pragma once
// Memory pre-checks: a request far beyond the machine (a huge -n, n_hidden,
// a strategy asking for billions of rows) is refused before the allocation,
// with a message naming what asked for it, instead of failing deep inside an
// allocator (or starting a 12 GB allocation the machine cannot hold).

#include <string>

#include "smrt/core/error.h"

namespace smrt {

/// What was asked needs more memory than this machine has (checked before
/// allocating, or an allocation failed). The CLI exits with status 3.
class ResourceError : public Error {
 public:
  using Error::Error;
};

/// Bytes this process can still take: Linux's MemAvailable plus free swap,
/// else the physical memory; 0 when unknown. SMRT_MEMORY_LIMIT (bytes, or
/// with a K/M/G suffix) lowers it, for tests and for shared machines.
double available_memory_bytes();

/// Throws ResourceError "<what> needs at least N GB, more than the M GB of
/// memory available" when `bytes` (a lower bound of what the work
/// allocates) is more than available_memory_bytes(). Unknown memory: no check.
void check_memory(double bytes, const std::string& what);

}  // namespace smrt
