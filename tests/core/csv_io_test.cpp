#include "smrt/core/csv_io.h"

#include <gtest/gtest.h>

#include "smrt/core/error.h"
#include "test_support.h"

using smrt::testing::TempDir;
using smrt::testing::write_text;

namespace {

smrt::Dataset read(const std::string& path, const std::string& label, char delim = ',') {
  smrt::CsvOptions o;
  o.label_column = label;
  o.delimiter = delim;
  return smrt::read_csv(path, o);
}

std::string error_of(const std::string& path, const std::string& label) {
  try {
    read(path, label);
  } catch (const smrt::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(CsvIo, ReadsFeaturesAndStringLabelsInSortedClassOrder) {
  TempDir dir;
  write_text(dir.file("d.csv"), "x,label,z\n1,b,2\n3.5,a,-4e2\n5,b,6\n");
  auto d = read(dir.file("d.csv"), "label");
  ASSERT_EQ(d.n_rows(), 3);
  ASSERT_EQ(d.n_cols(), 2);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"x", "z"}));
  EXPECT_EQ(d.classes.kind(), smrt::ClassIndex::Kind::String);
  EXPECT_EQ(d.classes.name(0), "a");
  EXPECT_EQ(d.y, (std::vector<int32_t>{1, 0, 1}));
  EXPECT_FLOAT_EQ(d.X(1, 1), -400.f);
}

TEST(CsvIo, IntegerLabelsSortNumerically) {
  TempDir dir;
  write_text(dir.file("d.csv"), "f,y\n1,10\n2,9\n3,-1\n4,10\n");
  auto d = read(dir.file("d.csv"), "y");
  EXPECT_EQ(d.classes.kind(), smrt::ClassIndex::Kind::Integer);
  EXPECT_EQ(d.classes.integer_value(0), -1);
  EXPECT_EQ(d.classes.integer_value(2), 10);
  EXPECT_EQ(d.y, (std::vector<int32_t>{2, 1, 0, 2}));
}

TEST(CsvIo, QuotingCrlfBlankLinesAndDelimiter) {
  TempDir dir;
  write_text(dir.file("d.csv"), "\"a\";\"the label\"\r\n1,5;\"x;y\"\r\n\r\n2;\"q\"\"r\"\r\n");
  // ';' delimiter: "1,5" is not a number.
  smrt::CsvOptions o{"the label", ';'};
  EXPECT_THROW(smrt::read_csv(dir.file("d.csv"), o), smrt::DataError);
  write_text(dir.file("e.csv"), "\"a\";\"the label\"\r\n1.5;\"x;y\"\r\n\r\n2;\"q\"\"r\"\r\n");
  auto d = smrt::read_csv(dir.file("e.csv"), o);
  ASSERT_EQ(d.n_rows(), 2);
  EXPECT_EQ(d.classes.name(d.y[0]), "x;y");
  EXPECT_EQ(d.classes.name(d.y[1]), "q\"r");
}

TEST(CsvIo, RoundTripKeepsValuesAndLabels) {
  TempDir dir;
  write_text(dir.file("d.csv"), "a,b,y\n0.1,1e-30,cat\n3.4028234e38,-0,\"d,og\"\n");
  auto d = read(dir.file("d.csv"), "y");
  smrt::write_csv(dir.file("out.csv"), smrt::RowSelection::all(d));
  auto back = read(dir.file("out.csv"), "y");
  EXPECT_EQ(back.X.storage(), d.X.storage());
  EXPECT_EQ(back.y, d.y);
  EXPECT_EQ(back.classes.name(1), "d,og");
  EXPECT_EQ(back.feature_names, d.feature_names);
}

TEST(CsvIo, ErrorsNameFileLineAndColumn) {
  TempDir dir;
  const auto f = dir.file("bad.csv");
  write_text(f, "");
  EXPECT_NE(error_of(f, "y").find("empty"), std::string::npos);
  write_text(f, "a,y\n");
  EXPECT_NE(error_of(f, "y").find("no data rows"), std::string::npos);
  write_text(f, "a,y\n1,0\n\n2\n");
  EXPECT_NE(error_of(f, "y").find("line 4"), std::string::npos) << error_of(f, "y");
  write_text(f, "a,b,y\n1,2,0\n1,,1\n");
  EXPECT_NE(error_of(f, "y").find("line 3, column 2 ('b'): empty cell"), std::string::npos) << error_of(f, "y");
  write_text(f, "a,b,y\n1,2,0\n1,2x,1\n");
  EXPECT_NE(error_of(f, "y").find("line 3, column 2 ('b'): '2x' is not a number"), std::string::npos);
  write_text(f, "a,b,y\n1,NaN,0\n");
  EXPECT_NE(error_of(f, "y").find("line 2, column 2 ('b')"), std::string::npos);
  write_text(f, "a,b,y\n1,1e39,0\n");
  EXPECT_NE(error_of(f, "y").find("1e39"), std::string::npos) << error_of(f, "y");  // overflows float32
  write_text(f, "a,b,y\n1,2,\n");
  EXPECT_NE(error_of(f, "y").find("empty label"), std::string::npos);
  write_text(f, "a,b\n1,2\n");
  EXPECT_NE(error_of(f, "y").find("label column 'y' not in the header (columns: a, b)"), std::string::npos);
  write_text(f, "y\n1\n");
  EXPECT_NE(error_of(f, "y").find("no feature columns"), std::string::npos);
  write_text(f, "a,y\n\"1,0\n");
  EXPECT_NE(error_of(f, "y").find("malformed CSV"), std::string::npos) << error_of(f, "y");
  EXPECT_NE(error_of(dir.file("missing.csv"), "y").find("cannot open"), std::string::npos);
}

// A spreadsheet's byte order mark is not part of the first column's name;
// spaces are part of a label, as pandas reads them (" a" and "a" are two
// classes), while numbers may carry spaces.
TEST(CsvIo, ByteOrderMarkAndSpacesAroundLabels) {
  TempDir dir;
  write_text(dir.file("d.csv"), "\xEF\xBB\xBFlabel,x\na, 1 \n a,2\n\" a\",3\nb ,4\n");
  auto d = read(dir.file("d.csv"), "label");
  ASSERT_EQ(d.n_rows(), 4);
  ASSERT_EQ(d.classes.n_classes(), 3);
  EXPECT_EQ(d.classes.name(d.y[0]), "a");
  EXPECT_EQ(d.classes.name(d.y[1]), " a");
  EXPECT_EQ(d.classes.name(d.y[2]), " a");
  EXPECT_EQ(d.classes.name(d.y[3]), "b ");
  EXPECT_FLOAT_EQ(d.X(0, 0), 1.f);
}

TEST(CsvIo, TwoLabelColumnsOfTheSameNameAreAnError) {
  TempDir dir;
  write_text(dir.file("d.csv"), "class,x,class\na,1,b\n");
  EXPECT_NE(error_of(dir.file("d.csv"), "class").find("appears twice (columns 1 and 3)"), std::string::npos)
      << error_of(dir.file("d.csv"), "class");
}
