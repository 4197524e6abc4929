// smrt: resample imbalanced data from the command line.
#include <CLI/CLI.hpp>
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <exception>

#include "cli_errors.h"
#include "commands.h"
#include "smrt/core/error.h"
#include "smrt/core/progress.h"
#include "smrt/core/threads.h"
#include "smrt/neighbors/blas.h"

namespace {

// glibc gives every freed block over 128 KB back to the kernel at once, and
// the next large buffer is then faulted in afresh, page by page (about 2 us a
// 4 KB page on this project's machine: 8 ms for a 14 MB output). Keeping
// freed blocks up to 64 MB in the process lets later buffers reuse them;
// larger ones are still mapped and unmapped directly.
void keep_freed_memory_for_reuse() {
#ifdef M_MMAP_THRESHOLD
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  // First: may restart the program so OpenBLAS loads with kernels fit for this CPU.
  smrt::ensure_fast_blas(argc, argv);
  keep_freed_memory_for_reuse();
  CLI::App app{"smrt: learning from imbalanced data (SMRT, SMOTE family, GAN oversampling)", "smrt"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("smrt ") + SMRT_VERSION);
  int threads = -1;
  bool quiet = false;
  int verbose = 0;
  app.add_option("--threads", threads, "Threads for OpenMP, BLAS and torch (default and 0: SMRT_NUM_THREADS, else "
                 "OMP_NUM_THREADS, else the CPUs this process may run on)")
      ->check(CLI::Validator(
          [](std::string& text) {  // CLI::Range says "Value abc not in range" for a word
            char* end = nullptr;
            const long v = std::strtol(text.c_str(), &end, 10);
            return !text.empty() && end && *end == '\0' && v >= 0 && v <= smrt::kMaxThreads
                       ? std::string()
                       : "--threads " + text + " is not a whole number from 0 to " + std::to_string(smrt::kMaxThreads);
          },
          "INT in [0, " + std::to_string(smrt::kMaxThreads) + "]"));
  app.add_flag("-q,--quiet", quiet, "No progress output");
  app.add_flag("-v,--verbose", verbose, "More detail (repeat for more)");
  app.fallthrough();
  app.footer(
      "Examples:\n"
      "  smrt info data.csv --label class\n"
      "  smrt resample data.csv --label class --method smote --ratio 0.5 --seed 42 -o balanced.csv\n"
      "  smrt list\n"
      "Run `smrt COMMAND --help` for each command's options.");
  smrt::cli::add_all_commands(app);

  // Threads are applied before any command runs (parse_complete_callback).
  app.parse_complete_callback([&] {
    smrt::set_verbosity(quiet ? smrt::Verbosity::Quiet
                              : verbose > 0 ? smrt::Verbosity::Detailed : smrt::Verbosity::Normal);
    if (threads >= 0) smrt::set_num_threads(threads);
    else smrt::init_threads_from_env();
  });

  return smrt::cli::run_cli(app, argc, argv);
}
