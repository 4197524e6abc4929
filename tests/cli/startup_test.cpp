// Start-up: `smrt` does not load LibTorch; the commands that need it run in
// smrt-torch (beside it), which it execs with the same arguments.
#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

using smrt::testing::CommandResult;
using smrt::testing::file_exists;
using smrt::testing::run_command;
using smrt::testing::run_smrt;
using smrt::testing::TempDir;
using smrt::testing::write_text;

namespace {

std::string torch_cli() {
  const std::string smrt = SMRT_BINARY;
  return smrt.substr(0, smrt.rfind('/') + 1) + "smrt-torch";
}

const char kData[] =
    "a,b,label\n"
    "1,2,0\n1.5,2.5,0\n0.5,0.25,0\n3,4,0\n2,1,1\n7,7,1\n";

}  // namespace

TEST(CliStartup, SmrtItselfNeverLinksLibTorch) {
  // The dynamic loader lists every library the program loads at start.
  CommandResult r = run_command(std::string("LD_TRACE_LOADED_OBJECTS=1 ") + SMRT_BINARY);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("libc.so"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("libtorch"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("libc10"), std::string::npos) << r.output;
}

TEST(CliStartup, NeuralCommandsRunInSmrtTorch) {
  if (!file_exists(torch_cli())) GTEST_SKIP() << "built without LibTorch: smrt is the only program";
  // fit's own help (its options), from smrt-torch.
  CommandResult fit = run_smrt("fit --help");
  EXPECT_EQ(fit.exit_code, 0) << fit.output;
  EXPECT_NE(fit.output.find("--method"), std::string::npos) << fit.output;
  EXPECT_NE(fit.output.find("Usage: smrt fit"), std::string::npos) << fit.output;
  // Global options before the command are passed along.
  CommandResult gen = run_smrt("--threads 1 generate --help");
  EXPECT_EQ(gen.exit_code, 0) << gen.output;
  EXPECT_NE(gen.output.find("MODEL"), std::string::npos) << gen.output;
  // Every method is listed, the generative ones with their parameters.
  CommandResult list = run_smrt("list");
  EXPECT_EQ(list.exit_code, 0) << list.output;
  for (const char* name : {"\nsmote ", "\nsmrt ", "\ncgan ", "n_latent_factors"})
    EXPECT_NE(list.output.find(name), std::string::npos) << name << " missing in:\n" << list.output;
  CommandResult one = run_smrt("list smrt");
  EXPECT_EQ(one.exit_code, 0) << one.output;
  EXPECT_NE(one.output.find("prefit_estimators"), std::string::npos) << one.output;
  // An unknown method is named with every valid one, generative included.
  CommandResult bad = run_smrt("list nosuch");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;  // a usage error (docs/usage.md)
  EXPECT_NE(bad.output.find("unknown method 'nosuch'"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("deepsmote"), std::string::npos) << bad.output;
  // --brief and --markdown cannot both hold: a usage error, not one of them silently dropped.
  CommandResult both = run_smrt("list --brief --markdown");
  EXPECT_EQ(both.exit_code, 2) << both.output;
  EXPECT_NE(both.output.find("excludes"), std::string::npos) << both.output;
  // The system report has LibTorch's lines, and the BLAS choice made by smrt
  // (not "given by the user": smrt-torch is told how smrt chose it).
  CommandResult sys = run_command(std::string("env -u OPENBLAS_CORETYPE ") + SMRT_BINARY + " info --system");
  EXPECT_EQ(sys.exit_code, 0) << sys.output;
  EXPECT_NE(sys.output.find("torch:"), std::string::npos) << sys.output;
  EXPECT_EQ(sys.output.find("given by the user"), std::string::npos) << sys.output;
}

TEST(CliStartup, GenerativeResampleIsHandedOver) {
  if (!file_exists(torch_cli())) GTEST_SKIP() << "built without LibTorch";
  TempDir dir;
  write_text(dir.file("d.csv"), kData);
  // A bad parameter of a generative method is smrt-torch's error: it knows the table.
  CommandResult r = run_smrt("resample " + dir.file("d.csv") + " --label label --method smrt -p n_epochs=-1 -o " +
                             dir.file("o.csv"));
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("n_epochs"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("unknown method"), std::string::npos) << r.output;
}

TEST(CliStartup, MissingSmrtTorchIsAClearError) {
  if (!file_exists(torch_cli())) GTEST_SKIP() << "built without LibTorch";
  TempDir dir;
  ASSERT_EQ(run_command(std::string("cp ") + SMRT_BINARY + " " + dir.file("smrt")).exit_code, 0);
  CommandResult r = run_command(dir.file("smrt") + " fit --help");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("smrt-torch"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("cannot be started"), std::string::npos) << r.output;
  // What needs no neural network still works without it.
  write_text(dir.file("d.csv"), kData);
  CommandResult ok = run_command(dir.file("smrt") + " -q resample " + dir.file("d.csv") +
                                 " --label label --method ros --seed 0 -o " + dir.file("o.csv"));
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_TRUE(file_exists(dir.file("o.csv")));
}
