#include "smrt/core/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

#include "smrt/core/error.h"
#include "test_support.h"

using smrt::testing::TempDir;

TEST(AtomicFile, NothingAppearsUntilCommitAndNothingIsLeftOnError) {
  TempDir dir;
  {
    smrt::AtomicFile f(dir.file("out.txt"));
    f.write(std::string("half"));
    EXPECT_FALSE(smrt::testing::file_exists(dir.file("out.txt")));
    // Destroyed without commit, as when a writer throws.
  }
  EXPECT_TRUE(dir.list().empty());
  {
    smrt::AtomicFile f(dir.file("out.txt"));
    f.write(std::string("whole"));
    f.commit();
  }
  EXPECT_EQ(smrt::testing::read_text(dir.file("out.txt")), "whole");
  EXPECT_EQ(dir.list().size(), 1u);
}

TEST(AtomicFile, RefusesMissingFoldersFoldersAndInputs) {
  TempDir dir;
  EXPECT_THROW(smrt::AtomicFile(dir.file("nope/out.txt")), smrt::IoError);
  EXPECT_THROW(smrt::check_output_path(dir.path(), {}), smrt::IoError);
  smrt::testing::write_text(dir.file("in.csv"), "x");
  EXPECT_THROW(smrt::check_output_path(dir.file("in.csv"), {dir.file("in.csv")}), smrt::IoError);
  EXPECT_THROW(smrt::check_output_path(dir.path() + "/../" + dir.path().substr(dir.path().rfind('/') + 1) + "/in.csv",
                                       {dir.file("in.csv")}),
               smrt::IoError);
  EXPECT_NO_THROW(smrt::check_output_path(dir.file("other.csv"), {dir.file("in.csv")}));
}

TEST(AtomicFile, ReplacesAnExistingFileAndItsPartner) {
  TempDir dir;
  smrt::testing::write_text(dir.file("x.npy"), "old x");
  smrt::testing::write_text(dir.file("y.npy"), "old y");
  {
    smrt::AtomicFile x(dir.file("x.npy")), y(dir.file("y.npy"));
    x.write(std::string("new x"));
    y.write(std::string("new y"));
    EXPECT_EQ(smrt::testing::read_text(dir.file("x.npy")), "old x");
    smrt::commit_together({&x, &y});
  }
  EXPECT_EQ(smrt::testing::read_text(dir.file("x.npy")), "new x");
  EXPECT_EQ(smrt::testing::read_text(dir.file("y.npy")), "new y");
  EXPECT_EQ(dir.list().size(), 2u);  // the old files (swapped to the temporary names) are gone
  {
    smrt::AtomicFile f(dir.file("x.npy"));
    f.write(std::string("newer"));
    f.commit();
  }
  EXPECT_EQ(smrt::testing::read_text(dir.file("x.npy")), "newer");
  EXPECT_EQ(dir.list().size(), 2u);
}

// A signal that ends the process while an output is being written (a closed
// terminal, a closed pipe, a crash) removes the temporary, then still ends the
// process by that signal. A signal whose handler someone else installed first
// (AddressSanitizer takes SEGV, BUS and FPE) is theirs: smrt leaves it alone.
TEST(AtomicFile, ASignalThatEndsTheProcessLeavesNoTemporary) {
  constexpr int kOwnedElsewhere = 77;
  int checked = 0;
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL}) {
    TempDir dir;
    const pid_t child = ::fork();
    ASSERT_NE(child, -1);
    if (child == 0) {
      const struct rlimit no_core {0, 0};
      ::setrlimit(RLIMIT_CORE, &no_core);
      struct sigaction current {};
      ::sigaction(sig, nullptr, &current);
      if ((current.sa_flags & SA_SIGINFO) != 0 || current.sa_handler != SIG_DFL) ::_exit(kOwnedElsewhere);
      smrt::AtomicFile f(dir.file("out.txt"));
      f.write(std::string("half"));
      std::fflush(f.handle());
      ::raise(sig);
      ::_exit(0);  // not reached: the signal ends the child
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    if (WIFEXITED(status) && WEXITSTATUS(status) == kOwnedElsewhere) continue;
    ++checked;
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << "signal " << sig << ", status " << status;
    EXPECT_TRUE(dir.list().empty()) << "signal " << sig << " left " << dir.list().front();
  }
  EXPECT_GE(checked, 7);  // the outside signals, ABRT and ILL at least
}
