// End-to-end checks of the smrt binary: info, resample, and every bad input
// of the foundation issue (non-zero exit, a message naming the problem, no
// output left behind).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "test_support.h"

using smrt::testing::CommandResult;
using smrt::testing::file_exists;
using smrt::testing::read_text;
using smrt::testing::run_smrt;
using smrt::testing::TempDir;
using smrt::testing::write_text;

namespace {

const char kStringLabels[] =
    "a,b,kind\n"
    "1,2,cat\n"
    "1.5,2.5,dog\n"
    "0.5,0.25,cat\n"
    "3,4,bird\n"
    "2,1,cat\n"
    "7,7,dog\n";

// Expects failure, a message containing every `needles`, and no file `out`
// (nor any temporary) left in the folder.
void expect_failure(const TempDir& dir, const std::string& args, std::vector<std::string> needles,
                    const std::string& out = "out.csv") {
  const auto before = dir.list();
  CommandResult r = run_smrt(args);
  EXPECT_NE(r.exit_code, 0) << args << "\n" << r.output;
  for (const auto& n : needles) EXPECT_NE(r.output.find(n), std::string::npos) << "missing '" << n << "' in:\n" << r.output;
  EXPECT_FALSE(file_exists(dir.file(out))) << args;
  auto after = dir.list();
  EXPECT_EQ(before.size(), after.size()) << "files left behind by: " << args;
}

}  // namespace

TEST(CliInfo, CountsStringLabels) {
  TempDir dir;
  write_text(dir.file("d.csv"), kStringLabels);
  CommandResult r = run_smrt("info " + dir.file("d.csv") + " --label kind");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("6 rows, 2 features, 3 classes (string labels)"), std::string::npos) << r.output;
  // Classes sorted: bird 1, cat 3, dog 2; ratio 3/1.
  auto line_of = [&](const std::string& cls) {
    auto pos = r.output.find("\n  " + cls);
    return pos == std::string::npos ? std::string() : r.output.substr(pos + 1, r.output.find('\n', pos + 1) - pos - 1);
  };
  EXPECT_NE(line_of("bird").find(" 1 "), std::string::npos) << r.output;
  EXPECT_NE(line_of("cat").find(" 3 "), std::string::npos) << r.output;
  EXPECT_NE(line_of("dog").find(" 2 "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("imbalance ratio (majority / minority): 3.00"), std::string::npos) << r.output;
}

TEST(CliInfo, SystemReport) {
  CommandResult r = run_smrt("info --system");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("vector isa:"), std::string::npos);
  EXPECT_NE(r.output.find("threads:"), std::string::npos);
}

TEST(CliMisc, VersionAndHelp) {
  CommandResult v = run_smrt("--version");
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.output.find("smrt "), std::string::npos);
  for (const char* cmd : {"info", "resample", "list"}) {
    CommandResult h = run_smrt(std::string(cmd) + " --help");
    EXPECT_EQ(h.exit_code, 0) << cmd;
    EXPECT_NE(h.output.find("Examples:"), std::string::npos) << cmd << " --help has no examples";
  }
}

TEST(CliResample, RandomOverSamplingCsvRoundTrip) {
  TempDir dir;
  write_text(dir.file("d.csv"), kStringLabels);
  CommandResult r = run_smrt("resample " + dir.file("d.csv") + " --label kind --method ros --seed 3 -o " +
                             dir.file("out.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string out = read_text(dir.file("out.csv"));
  EXPECT_EQ(out.rfind("a,b,kind\n", 0), 0u) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1 + 9);  // 3 classes x 3 rows
  // Original rows come first, unchanged.
  EXPECT_NE(out.find("1.5,2.5,dog\n"), std::string::npos);
  // Same seed, same output.
  ASSERT_EQ(run_smrt("resample " + dir.file("d.csv") + " --label kind --method ros --seed 3 -o " +
                     dir.file("out2.csv")).exit_code, 0);
  EXPECT_EQ(out, read_text(dir.file("out2.csv")));
}

// Timestamps (1.7e9 + a few minutes) are seen by float32 in steps of 128:
// said (run_smrt passes -q: a warning about the data is not progress), with
// the column named; ordinary columns and data say nothing.
// Far-off columns (timestamps) are shifted before float32 where the method
// allows it, and the shift is added back to the new rows: they keep the
// column's spread (they were on float32's 128-unit steps). Where the method
// does not allow it (IHT's regularised intercept), the column is warned about.
TEST(CliResample, FarOffColumnsKeepTheirSpreadOrAreWarnedAbout) {
  TempDir dir;
  std::string csv = "t,x,kind\n";
  for (int i = 0; i < 40; ++i)
    csv += std::to_string(1700000000 + 37 * i) + "." + std::to_string(i % 10) + "," + std::to_string(0.1 * i) + "," +
           (i < 30 ? "a" : "b") + "\n";
  write_text(dir.file("d.csv"), csv);
  CommandResult r = run_smrt("resample " + dir.file("d.csv") + " --label kind --method smote --seed 1 -o " +
                             dir.file("out.csv") + " -p k_neighbors=2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("warning"), std::string::npos) << r.output;
  const std::string out = read_text(dir.file("out.csv"));
  ASSERT_EQ(out.rfind(csv, 0), 0u) << out;  // header and kept rows byte for byte
  std::set<std::string> times;
  size_t pos = csv.size(), n_new = 0;
  while (pos < out.size()) {
    const size_t end = out.find('\n', pos);
    const std::string line = out.substr(pos, end - pos);
    pos = end + 1;
    ++n_new;
    EXPECT_EQ(line.substr(line.size() - 2), ",b") << line;
    const double t = std::stod(line.substr(0, line.find(',')));
    EXPECT_GE(t, 1700000000 + 37 * 30) << line;  // between two rows of class b
    EXPECT_LE(t, 1700000000 + 37 * 39 + 1) << line;
    times.insert(line.substr(0, line.find(',')));
  }
  EXPECT_EQ(n_new, 20u);
  EXPECT_GE(times.size(), 18u) << out;  // float32 alone gave at most 4 values (333 units in steps of 128)

  r = run_smrt("resample " + dir.file("d.csv") + " --label kind --method iht --seed 1 -o " + dir.file("iht.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("warning: column 't'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("steps of 128"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("column 'x'"), std::string::npos) << r.output;
  write_text(dir.file("plain.csv"), kStringLabels);
  r = run_smrt("resample " + dir.file("plain.csv") + " --label kind --method ros -o " + dir.file("p.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("warning"), std::string::npos) << r.output;
}

// A class an over-sampler leaves as it was (Safe-Level-SMOTE where every
// minority row's neighbours are of the other class) is said on stderr, under
// -q too, as the Python package warns; a class it raises says nothing.
TEST(CliResample, AClassAnOverSamplerLeavesAsItWasIsWarnedAbout) {
  TempDir dir;
  std::string csv = "x,y,kind\n";
  for (int i = 0; i < 30; ++i) csv += std::string("1,1,") + (i < 24 ? "a" : "b") + "\n";
  write_text(dir.file("d.csv"), csv);
  CommandResult r = run_smrt("resample " + dir.file("d.csv") + " --label kind -m safe_level_smote -o " +
                             dir.file("out.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("smrt: warning: safe_level_smote: added no rows to class 'b' (asked for 18)"),
            std::string::npos) << r.output;
  EXPECT_EQ(read_text(dir.file("out.csv")), csv);
  r = run_smrt("resample " + dir.file("d.csv") + " --label kind -m ros -o " + dir.file("ros.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("warning"), std::string::npos) << r.output;
}

TEST(CliResample, NpyInputWritesPrefixPair) {
  TempDir dir;
  write_text(dir.file("d.csv"), kStringLabels);
  ASSERT_EQ(run_smrt("resample " + dir.file("d.csv") + " --label kind --method rus --seed 1 -o " + dir.file("u.npy")).exit_code, 0);
  ASSERT_TRUE(file_exists(dir.file("u_X.npy")));
  ASSERT_TRUE(file_exists(dir.file("u_y.npy")));
  CommandResult r = run_smrt("info " + dir.file("u_X.npy") + " --labels " + dir.file("u_y.npy"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("3 rows, 2 features, 3 classes (string labels)"), std::string::npos) << r.output;
  // NPY in, CSV out.
  ASSERT_EQ(run_smrt("resample " + dir.file("u_X.npy") + " --labels " + dir.file("u_y.npy") +
                     " --method ros -o " + dir.file("back.csv")).exit_code, 0);
  EXPECT_EQ(read_text(dir.file("back.csv")).rfind("x0,x1,label\n", 0), 0u);  // NPY has no column names
}

TEST(CliBadInput, EmptyFile) {
  TempDir dir;
  write_text(dir.file("d.csv"), "");
  expect_failure(dir, "resample " + dir.file("d.csv") + " --label y --method ros -o " + dir.file("out.csv"),
                 {"d.csv", "empty"});
}

TEST(CliBadInput, HeaderOnly) {
  TempDir dir;
  write_text(dir.file("d.csv"), "a,b,y\n");
  expect_failure(dir, "resample " + dir.file("d.csv") + " --label y --method ros -o " + dir.file("out.csv"),
                 {"d.csv", "no data rows"});
}

TEST(CliBadInput, RaggedRow) {
  TempDir dir;
  write_text(dir.file("d.csv"), "a,b,y\n1,2,0\n3,1\n4,5,1\n");
  expect_failure(dir, "resample " + dir.file("d.csv") + " --label y --method ros -o " + dir.file("out.csv"),
                 {"d.csv", "line 3", "ragged"});
}

TEST(CliBadInput, NonNumericCell) {
  TempDir dir;
  write_text(dir.file("d.csv"), "a,b,y\n1,2,0\n3,x7,1\n");
  expect_failure(dir, "resample " + dir.file("d.csv") + " --label y --method ros -o " + dir.file("out.csv"),
                 {"d.csv", "line 3", "column 2", "'b'", "not a number"});
}

TEST(CliBadInput, NanAndInfCells) {
  TempDir dir;
  write_text(dir.file("nan.csv"), "a,b,y\n1,2,0\n3,nan,1\n");
  write_text(dir.file("inf.csv"), "a,b,y\n1,2,0\n-inf,1,1\n");
  expect_failure(dir, "resample " + dir.file("nan.csv") + " --label y --method ros -o " + dir.file("out.csv"),
                 {"nan.csv", "line 3", "column 2", "not finite"});
  expect_failure(dir, "resample " + dir.file("inf.csv") + " --label y --method ros -o " + dir.file("out.csv"),
                 {"inf.csv", "line 3", "column 1", "not finite"});
}

TEST(CliBadInput, MissingLabelColumn) {
  TempDir dir;
  write_text(dir.file("d.csv"), "a,b,y\n1,2,0\n3,1,1\n");
  expect_failure(dir, "resample " + dir.file("d.csv") + " --label target --method ros -o " + dir.file("out.csv"),
                 {"d.csv", "label column 'target'", "a, b, y"});
  expect_failure(dir, "resample " + dir.file("d.csv") + " --method ros -o " + dir.file("out.csv"), {"--label"});
}

TEST(CliBadInput, SingleClass) {
  TempDir dir;
  write_text(dir.file("d.csv"), "a,b,y\n1,2,0\n3,1,0\n");
  expect_failure(dir, "resample " + dir.file("d.csv") + " --label y --method ros -o " + dir.file("out.csv"),
                 {"d.csv", "only one class ('0')", "at least 2"});
}

TEST(CliBadInput, MeaninglessRatios) {
  TempDir dir;
  write_text(dir.file("d.csv"), kStringLabels);
  const std::string base = "resample " + dir.file("d.csv") + " --label kind --method ros -o " + dir.file("out.csv");
  expect_failure(dir, base + " --ratio 0", {"--ratio 0", "(0, 1]"});
  expect_failure(dir, base + " --ratio 1.5", {"ratio"});
  expect_failure(dir, base + " --sampling-strategy 0", {"(0, 1]"});
  expect_failure(dir, base + " --sampling-strategy 1.2", {"(0, 1]"});
  expect_failure(dir, base + " --sampling-strategy -0.5", {"(0, 1]"});
  // A float needs a binary target; this one has three classes.
  expect_failure(dir, base + " --sampling-strategy 0.5", {"binary"});
  // NaN passed CLI11's range check and was then ignored; a seed past 2^63 - 1 was clamped. Seeds stop at
  // numpy's 2^32 - 1, where the Python package's do (a CLI run it cannot repeat was possible).
  expect_failure(dir, base + " --ratio nan", {"--ratio nan", "(0, 1]"});
  expect_failure(dir, base + " --seed 99999999999999999999", {"--seed", "2^32 - 1"});
  expect_failure(dir, base + " --seed 4294967296", {"--seed 4294967296", "2^32 - 1"});
  expect_failure(dir, base + " -p random_state=4294967296", {"random_state=4294967296", "[0, 4294967295]"});
  // An int parameter past what smrt's counts hold wrapped to a negative int: a segfault.
  expect_failure(dir, "resample " + dir.file("d.csv") + " --label kind -m smote -p k_neighbors=2147483648 -o " +
                          dir.file("out.csv"),
                 {"k_neighbors=2147483648", "larger than 1000000000"});
  // An empty strategy was taken as 'auto'; a class given twice kept the last count.
  expect_failure(dir, base + " --sampling-strategy ''", {"--sampling-strategy is empty"});
  expect_failure(dir, base + " --sampling-strategy cat:5,cat:6", {"class 'cat' is given twice"});
  // A count no machine can hold is refused before any allocation, naming the strategy.
  expect_failure(dir, base + " --sampling-strategy cat:99999999999", {"cat:99999999999", "GB of memory"});
}

TEST(CliBadInput, UnknownMethodAndParameter) {
  TempDir dir;
  write_text(dir.file("d.csv"), kStringLabels);
  expect_failure(dir, "resample " + dir.file("d.csv") + " --label kind --method smtoe -o " + dir.file("out.csv"),
                 {"unknown method 'smtoe'", "ros", "rus"});
  expect_failure(dir,
                 "resample " + dir.file("d.csv") + " --label kind --method ros --param k_neigbors=3 -o " +
                     dir.file("out.csv"),
                 {"unknown parameter 'k_neigbors'", "shrinkage"});
  expect_failure(dir,
                 "resample " + dir.file("d.csv") + " --label kind --method ros --param shrinkage=-1 -o " +
                     dir.file("out.csv"),
                 {"shrinkage=-1", "out of range"});
  expect_failure(dir,
                 "resample " + dir.file("d.csv") + " --label kind --method ros --param shrinkage -o " + dir.file("out.csv"),
                 {"KEY=VALUE"});
}

TEST(CliBadInput, OutputInMissingFolder) {
  TempDir dir;
  write_text(dir.file("d.csv"), kStringLabels);
  CommandResult r = run_smrt("resample " + dir.file("d.csv") + " --label kind --method ros -o " +
                             dir.file("no/such/dir/out.csv"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("does not exist"), std::string::npos) << r.output;
  EXPECT_FALSE(file_exists(dir.file("no")));
}

TEST(CliBadInput, OutputEqualsInput) {
  TempDir dir;
  write_text(dir.file("d.csv"), kStringLabels);
  CommandResult r = run_smrt("resample " + dir.file("d.csv") + " --label kind --method ros -o " + dir.file("d.csv"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("is the input file"), std::string::npos) << r.output;
  EXPECT_EQ(read_text(dir.file("d.csv")), kStringLabels);  // untouched
  // The same file through another spelling of its path.
  r = run_smrt("resample " + dir.file("d.csv") + " --label kind --method ros -o " + dir.path() + "/./d.csv");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(read_text(dir.file("d.csv")), kStringLabels);
}

TEST(CliBadInput, MismatchedNpyLabels) {
  TempDir dir;
  write_text(dir.file("d.csv"), kStringLabels);
  ASSERT_EQ(run_smrt("resample " + dir.file("d.csv") + " --label kind --method rus --seed 1 -o " + dir.file("u.npy")).exit_code, 0);
  ASSERT_EQ(run_smrt("resample " + dir.file("d.csv") + " --label kind --method ros --seed 1 -o " + dir.file("o.npy")).exit_code, 0);
  expect_failure(dir, "resample " + dir.file("u_X.npy") + " --labels " + dir.file("o_y.npy") + " --method ros -o " +
                          dir.file("out.csv"),
                 {"mismatched labels", "3 rows", "9 labels"});
}

TEST(CliBadInput, CsvToAnOutputWithoutExtensionIsRefused) {
  // NPY from a CSV would drop its other columns and store float32: the user names the format.
  TempDir dir;
  write_text(dir.file("d.csv"), kStringLabels);
  expect_failure(dir, "resample " + dir.file("d.csv") + " --label kind --method ros -o " + dir.file("result"),
                 {"no extension", "result.csv", "result.npy"}, "result_X.npy");
  EXPECT_EQ(run_smrt("resample " + dir.file("d.csv") + " --label kind --method ros -o " + dir.file("result.npy")).exit_code, 0);
  EXPECT_TRUE(file_exists(dir.file("result_X.npy")));
}

TEST(CliMisc, SyntaxErrorsExitWithTwo) {
  EXPECT_EQ(run_smrt("resample").exit_code, 2);
  CommandResult r = run_smrt("--threads x info --system");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--threads x is not a whole number from 0 to 4096"), std::string::npos) << r.output;
  EXPECT_EQ(run_smrt("--threads 4097 list").exit_code, 2);
  EXPECT_EQ(run_smrt("--threads 1.5 list").exit_code, 2);
  EXPECT_EQ(run_smrt("--threads 2 list --brief").exit_code, 0);
  EXPECT_EQ(run_smrt("nonsense").exit_code, 2);
}

// A line end ends a CSV record and '"' quotes a field: as a delimiter either is
// a usage error (a newline read the whole file as one column and blamed --label).
TEST(CliBadInput, DelimiterThatCannotSeparateFields) {
  TempDir dir;
  write_text(dir.file("d.csv"), kStringLabels);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"\n", "--delimiter '\\n' is a line end"}, {"\r", "--delimiter '\\r' is a line end"},
      {"\"", "--delimiter '\"' is the quote character"}};
  for (const auto& [delimiter, message] : cases) {
    // Single-quoted, the shell passes a newline or a double quote through as one character.
    CommandResult r = run_smrt("info " + dir.file("d.csv") + " --label kind --delimiter '" + delimiter + "'");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << r.output;
  }
}
