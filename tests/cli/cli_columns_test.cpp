// Issue 17, the CSV path end to end: kept rows come back byte for byte in the
// input's layout, --indices maps rows back, columns are selected by name,
// SMOTEN/SMOTENC take text categories and column names, one output-name rule.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "test_support.h"

using smrt::testing::CommandResult;
using smrt::testing::file_exists;
using smrt::testing::read_text;
using smrt::testing::run_smrt;
using smrt::testing::TempDir;
using smrt::testing::write_text;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// float64 values float32 cannot hold, an id, free text with the delimiter
// quoted inside, a semicolon delimiter and the label in the middle.
const char kMixed[] =
    "id;x1;label;x2;comment\n"
    "a01;16777217;pos;1e-50;\"first; with a semicolon\"\n"
    "a02;1001.0;neg;0.1000000000000000055511151231257827;plain text\n"
    "a03;-2.5E+3;neg;3;\"quoted \"\"word\"\"\"\n"
    "a04;0.30000000000000004;neg;4.000;x\n"
    "a05;7;pos;+8;\n"
    "a06;9.99999999999;neg;10;y\n"
    "a07;11;neg;12;z\n";

}  // namespace

// The acceptance round trip of issue 17.
TEST(CliColumns, RusKeepsRowsByteIdentical) {
  TempDir dir;
  write_text(dir.file("d.csv"), kMixed);
  CommandResult r = run_smrt("resample " + dir.file("d.csv") +
                             " --label label --delimiter ';' --ignore id,comment --method rus --seed 4 --indices " +
                             dir.file("idx.txt") + " -o " + dir.file("out.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto in = lines_of(kMixed);
  const auto out = lines_of(read_text(dir.file("out.csv")));
  const auto idx = lines_of(read_text(dir.file("idx.txt")));
  ASSERT_EQ(out.size(), 1u + 4u);  // 2 pos + 2 neg
  ASSERT_EQ(idx.size(), 4u);
  EXPECT_EQ(out[0], in[0]);
  std::set<std::string> seen;
  for (size_t i = 0; i < idx.size(); ++i) {
    const int k = std::stoi(idx[i]);
    ASSERT_GE(k, 0);
    EXPECT_EQ(out[i + 1], in[static_cast<size_t>(k) + 1]) << "output row " << i;
    seen.insert(out[i + 1]);
  }
  EXPECT_EQ(seen.size(), 4u);
  EXPECT_NE(read_text(dir.file("out.csv")).find("a01;16777217;pos;1e-50;\"first; with a semicolon\"\n"),
            std::string::npos);
}

TEST(CliColumns, OverSamplingMarksSyntheticRows) {
  TempDir dir;
  write_text(dir.file("d.csv"), kMixed);
  CommandResult r = run_smrt("resample " + dir.file("d.csv") +
                             " --label label --delimiter ';' --features x1,x2 --method smote -p k_neighbors=1 --seed 1 "
                             "--indices " + dir.file("idx.txt") + " -o " + dir.file("out.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto in = lines_of(kMixed);
  const auto out = lines_of(read_text(dir.file("out.csv")));
  const auto idx = lines_of(read_text(dir.file("idx.txt")));
  ASSERT_EQ(out.size(), 1u + 10u);
  ASSERT_EQ(idx.size(), 10u);
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ(out[i + 1], in[static_cast<size_t>(std::stoi(idx[i])) + 1]);
  for (size_t i = 7; i < 10; ++i) {
    EXPECT_EQ(idx[i], "-1");
    EXPECT_EQ(out[i + 1].rfind(";", 0), 0u) << out[i + 1];               // no id
    EXPECT_NE(out[i + 1].find(";pos;"), std::string::npos) << out[i + 1];  // label in its place
    EXPECT_EQ(out[i + 1].back(), ';') << out[i + 1];                      // no comment
  }
}

TEST(CliColumns, SmotencAndSmotenTakeTextCategoriesByName) {
  TempDir dir;
  write_text(dir.file("d.csv"),
             "color,w,size,y\nred,1,S,0\nblue,2,M,0\nred,3,L,0\nred,4,S,0\nblue,5,M,0\nred,6,S,1\nred,6.5,M,1\n"
             "blue,7,S,1\n");
  CommandResult r = run_smrt("resample " + dir.file("d.csv") +
                             " --label y --method smotenc -p categorical_features=color,size -p k_neighbors=2 --seed 0 "
                             "-o " + dir.file("nc.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto out = lines_of(read_text(dir.file("nc.csv")));
  ASSERT_EQ(out.size(), 1u + 10u);
  for (size_t i = 9; i < out.size(); ++i) {
    const std::string& line = out[i];
    EXPECT_TRUE(line.rfind("red,", 0) == 0 || line.rfind("blue,", 0) == 0) << line;
    EXPECT_TRUE(line.find(",S,1") != std::string::npos || line.find(",M,1") != std::string::npos ||
                line.find(",L,1") != std::string::npos) << line;
  }
  r = run_smrt("resample " + dir.file("d.csv") + " --label y --ignore w --method smoten -p k_neighbors=2 --seed 0 -o " +
               dir.file("n.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  out = lines_of(read_text(dir.file("n.csv")));
  ASSERT_EQ(out.size(), 1u + 10u);
  for (size_t i = 9; i < out.size(); ++i) EXPECT_TRUE(out[i].rfind("red,,", 0) == 0 || out[i].rfind("blue,,", 0) == 0) << out[i];
  r = run_smrt("resample " + dir.file("d.csv") + " --label y --method smotenc -p categorical_features=colour -o " +
               dir.file("bad.csv"));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("categorical_features column 'colour' not in the header"), std::string::npos) << r.output;
}

// 0, 0.0 and 1.0 are two classes (pandas reads a float column).
TEST(CliColumns, FloatLabelsAreOneClassPerValue) {
  TempDir dir;
  write_text(dir.file("d.csv"), "x,y\n1,0\n2,0.0\n3,1.0\n4,0\n5,1\n");
  CommandResult r = run_smrt("info " + dir.file("d.csv") + " --label y");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("2 classes"), std::string::npos) << r.output;
  r = run_smrt("resample " + dir.file("d.csv") + " --label y --method ros --seed 0 -o " + dir.file("o.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_text(dir.file("o.csv")).substr(read_text(dir.file("o.csv")).size() - 4), "1.0\n");
}

TEST(CliColumns, OneOutputNameRule) {
  TempDir dir;
  write_text(dir.file("d.csv"), "a,y\n1,0\n2,0\n3,1\n");
  const std::string base = "resample " + dir.file("d.csv") + " --label y --method ros -o ";
  ASSERT_EQ(run_smrt(base + dir.file("OUT.CSV")).exit_code, 0);
  EXPECT_EQ(read_text(dir.file("OUT.CSV")).rfind("a,y\n1,0\n", 0), 0u);
  for (const char* bad : {"out.csv.gz", "out.zip"}) {
    CommandResult r = run_smrt(base + dir.file(bad));
    EXPECT_NE(r.exit_code, 0) << bad << r.output;
    EXPECT_NE(r.output.find("compressed output is not supported"), std::string::npos) << r.output;
  }
  for (const std::string& bad : {dir.path() + "/", dir.path(), std::string("./"), std::string(".")}) {
    CommandResult r = run_smrt(base + bad);
    EXPECT_NE(r.exit_code, 0) << bad;
    EXPECT_NE(r.output.find("is a folder"), std::string::npos) << r.output;
  }
  CommandResult r = run_smrt(base + dir.file("out.parquet"));
  EXPECT_NE(r.output.find("cannot write '.parquet' files"), std::string::npos) << r.output;
  r = run_smrt(base + dir.file("o.tsv"));  // kept rows keep their ',' : not a .tsv
  EXPECT_NE(r.output.find("name the output .csv"), std::string::npos) << r.output;
  r = run_smrt(base + dir.file("o.csv") + " --indices " + dir.file("i.npy"));
  EXPECT_NE(r.output.find("--indices"), std::string::npos) << r.output;
  const auto files = dir.list();
  EXPECT_EQ(files.size(), 2u);  // d.csv, OUT.CSV: nothing else was written
}
