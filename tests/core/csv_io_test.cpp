#include "smrt/core/csv_io.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>

#include "smrt/core/error.h"
#include "test_support.h"

using smrt::testing::TempDir;
using smrt::testing::read_text;
using smrt::testing::write_text;

namespace {

smrt::CsvOptions opts(const std::string& label, char delim) {
  smrt::CsvOptions o;
  o.label_column = label;
  o.delimiter = delim;
  return o;
}

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
  smrt::CsvOptions o = opts("the label", ';');
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

// A number below double's range reads as 0 with its sign, as pandas reads it
// (1e-300 was accepted, 1e-400 refused as out of range); one above it is refused.
TEST(CsvIo, UnderflowReadsAsZeroOverflowIsAnError) {
  TempDir dir;
  const auto f = dir.file("u.csv");
  write_text(f, "a,b,y\n1e-400,-1e-400,0\n0.00000000000000000000000000000000000000000000000001e-380,2,1\n1e-300,5e-99999999999999999999,1\n");
  auto d = read(f, "y");
  EXPECT_EQ(d.X(0, 0), 0.0f);
  EXPECT_EQ(d.X(0, 1), 0.0f);
  EXPECT_TRUE(std::signbit(d.X(0, 1)));
  EXPECT_EQ(d.X(1, 0), 0.0f);
  EXPECT_EQ(d.X(2, 0), 0.0f);  // in double's range, 0 in float32
  EXPECT_EQ(d.X(2, 1), 0.0f);
  for (const char* huge : {"1e400", "-1e400", "100000000000000000000000000000e300", "1e99999999999999999999"}) {
    write_text(f, std::string("a,y\n") + huge + ",0\n2,1\n");
    EXPECT_NE(error_of(f, "y").find(std::string("line 2, column 1 ('a'): value '") + huge + "' is out of range"),
              std::string::npos)
        << error_of(f, "y");
  }
  write_text(f, "a,y\n1,1e-400\n2,0\n3,1\n");  // labels too: pandas' float 0.0, one class
  auto labels = read(f, "y");
  EXPECT_EQ(labels.classes.kind(), smrt::ClassIndex::Kind::Float);
  EXPECT_EQ(labels.y, (std::vector<int32_t>{0, 0, 1}));
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

// ---- issue 17: kept rows as read, columns, labels, reader defects ----

namespace {

smrt::Dataset read_opts(const std::string& path, smrt::CsvOptions o) { return smrt::read_csv(path, o); }

std::string error_opts(const std::string& path, const smrt::CsvOptions& o) {
  try {
    smrt::read_csv(path, o);
  } catch (const smrt::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// Kept rows are the input's bytes, whatever float32 would make of them.
TEST(CsvIo, KeptRowsAreWrittenAsRead) {
  TempDir dir;
  const std::string text = "id;x;y;note\nr1;16777217;a;\"hi; there\"\nr2;1e-50;b;plain\nr3;1001.0;a;x\n";
  write_text(dir.file("d.csv"), text);
  smrt::CsvOptions o = opts("y", ';');
  o.ignore = {"id", "note"};
  auto d = read_opts(dir.file("d.csv"), o);
  ASSERT_EQ(d.n_cols(), 1);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"x"}));
  EXPECT_EQ(d.X(0, 0), 16777216.f);  // what float32 keeps
  std::vector<int64_t> order{2, 0, 0};
  smrt::RowSelection rows{&d, &order, nullptr, nullptr};
  smrt::write_csv(dir.file("out.csv"), rows, ';');
  EXPECT_EQ(read_text(dir.file("out.csv")),
            "id;x;y;note\nr3;1001.0;a;x\nr1;16777217;a;\"hi; there\"\nr1;16777217;a;\"hi; there\"\n");
}

// Synthetic rows keep the column layout: the label in its place, carried columns empty.
TEST(CsvIo, SyntheticRowsFollowTheInputLayout) {
  TempDir dir;
  write_text(dir.file("d.csv"), "id,label,x,z\r\n7,b,1.5,2\r\n8,a,3,4\r\n");
  smrt::CsvOptions o = opts("label", ',');
  o.ignore = {"id"};
  auto d = read_opts(dir.file("d.csv"), o);
  smrt::Matrix extra(1, 2);
  extra(0, 0) = 0.25f;
  extra(0, 1) = -3.f;
  std::vector<int32_t> extra_y{d.y[0]};
  std::vector<int64_t> none;
  smrt::RowSelection rows{&d, &none, &extra, &extra_y};
  smrt::write_csv(dir.file("out.csv"), rows, ',');
  EXPECT_EQ(read_text(dir.file("out.csv")), "id,label,x,z\r\n,b,0.25,-3\r\n");
  EXPECT_EQ(rows.base_index(0), -1);
}

TEST(CsvIo, FeaturesSelectColumnsAndTheRestIsCarried) {
  TempDir dir;
  write_text(dir.file("d.csv"), "id,a,text,b,y\n1,2,hello,3,0\n2,4,bye,5,1\n");
  smrt::CsvOptions o = opts("y", ',');
  o.features = {"b", "a"};
  auto d = read_opts(dir.file("d.csv"), o);
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"a", "b"}));  // file order
  EXPECT_EQ(d.X(1, 1), 5.f);
  o.features = {"nope"};
  EXPECT_NE(error_opts(dir.file("d.csv"), o).find("--features column 'nope' not in the header"), std::string::npos);
  o.features = {"a"};
  o.ignore = {"id"};
  EXPECT_NE(error_opts(dir.file("d.csv"), o).find("not both"), std::string::npos);
  o.features.clear();
  o.ignore = {"y"};
  EXPECT_NE(error_opts(dir.file("d.csv"), o).find("--ignore names the label column"), std::string::npos);
  o.ignore = {"id"};  // 'text' is still a feature and is not a number: the error says what to do
  EXPECT_NE(error_opts(dir.file("d.csv"), o).find("--ignore 'text'"), std::string::npos) << error_opts(dir.file("d.csv"), o);
}

TEST(CsvIo, TextCategoriesGetSortedCodes) {
  TempDir dir;
  write_text(dir.file("d.csv"), "color,n,size,y\nred,1,3,0\nblue,2,1,1\nred,3,2,0\n");
  smrt::CsvOptions o = opts("y", ',');
  o.categorical = {"color"};
  o.categorical_indices = {2};  // 'size' by position: numeric categories stay numbers
  auto d = read_opts(dir.file("d.csv"), o);
  ASSERT_TRUE(d.csv);
  EXPECT_EQ(d.csv->categories[0], (std::vector<std::string>{"blue", "red"}));
  EXPECT_TRUE(d.csv->categories[2].empty());
  EXPECT_EQ(d.X(0, 0), 1.f);
  EXPECT_EQ(d.X(1, 0), 0.f);
  EXPECT_EQ(d.X(0, 2), 3.f);
  smrt::Matrix extra(1, 3);
  extra(0, 0) = 0.f;
  extra(0, 1) = 2.5f;
  extra(0, 2) = 1.f;
  std::vector<int32_t> ey{1};
  std::vector<int64_t> none;
  smrt::write_csv(dir.file("out.csv"), smrt::RowSelection{&d, &none, &extra, &ey}, ',');
  EXPECT_EQ(read_text(dir.file("out.csv")), "color,n,size,y\nblue,2.5,1,1\n");
  o.all_categorical = true;
  o.categorical.clear();
  auto all = read_opts(dir.file("d.csv"), o);
  EXPECT_EQ(all.csv->categories[0].size(), 2u);
}

// pandas' typing of a label column is the rule.
TEST(CsvIo, LabelsFollowPandas) {
  TempDir dir;
  write_text(dir.file("f.csv"), "x,y\n1,0\n2,0.0\n3,1.0\n4,1e0\n");
  auto f = read(dir.file("f.csv"), "y");
  EXPECT_EQ(f.classes.kind(), smrt::ClassIndex::Kind::Float);
  ASSERT_EQ(f.classes.n_classes(), 2);
  EXPECT_EQ(f.classes.name(0), "0.0");
  EXPECT_EQ(f.classes.name(1), "1.0");
  EXPECT_EQ(f.y, (std::vector<int32_t>{0, 0, 1, 1}));
  EXPECT_EQ(f.classes.find("1"), std::optional<int32_t>(1));
  write_text(dir.file("i.csv"), "x,y\n1,01\n2,+1\n3,1\n4, 2\n");
  auto i = read(dir.file("i.csv"), "y");
  EXPECT_EQ(i.classes.kind(), smrt::ClassIndex::Kind::Integer);
  EXPECT_EQ(i.y, (std::vector<int32_t>{0, 0, 0, 1}));
  write_text(dir.file("s.csv"), "x,y\n1,01\n2,1\n3,a\n");
  auto s = read(dir.file("s.csv"), "y");
  EXPECT_EQ(s.classes.kind(), smrt::ClassIndex::Kind::String);
  EXPECT_EQ(s.classes.n_classes(), 3);
  // Integers beyond int64 are never floats (which merged ...614 and ...615):
  // pandas reads uint64 (refused, as NPY uint64 labels are) or, beyond it, text.
  write_text(dir.file("u.csv"), "x,y\n1,18446744073709551614\n2,18446744073709551615\n3,1\n");
  EXPECT_NE(error_of(dir.file("u.csv"), "y").find("line 2, column 2 ('y'): label 18446744073709551614 is above 2^63 - 1"),
            std::string::npos)
      << error_of(dir.file("u.csv"), "y");
  write_text(dir.file("big.csv"),
             "x,y\n1,123456789012345678901\n2,123456789012345678902\n3,123456789012345678902\n4,1\n");
  auto big = read(dir.file("big.csv"), "y");
  EXPECT_EQ(big.classes.kind(), smrt::ClassIndex::Kind::String);
  ASSERT_EQ(big.classes.n_classes(), 3);
  EXPECT_EQ(big.classes.name(1), "123456789012345678901");
  EXPECT_EQ(big.y, (std::vector<int32_t>{1, 2, 2, 0}));
  write_text(dir.file("neg.csv"), "x,y\n1,-1\n2,18446744073709551615\n");
  EXPECT_EQ(read(dir.file("neg.csv"), "y").classes.kind(), smrt::ClassIndex::Kind::String);
  write_text(dir.file("fl.csv"), "x,y\n1,1.5\n2,123456789012345678901\n");
  EXPECT_EQ(read(dir.file("fl.csv"), "y").classes.kind(), smrt::ClassIndex::Kind::Float);
  write_text(dir.file("na.csv"), "x,y\n1,1\n2,NA\n");
  EXPECT_NE(error_of(dir.file("na.csv"), "y").find("line 3, column 2 ('y'): missing label 'NA'"), std::string::npos)
      << error_of(dir.file("na.csv"), "y");
  EXPECT_EQ(smrt::float_label_text(1e-5), "1e-05");
  EXPECT_EQ(smrt::float_label_text(1e16), "1e+16");
  EXPECT_EQ(smrt::float_label_text(123456.5), "123456.5");
  EXPECT_EQ(smrt::float_label_text(0.001), "0.001");
}

TEST(CsvIo, ReaderDefectsGetClearErrors) {
  TempDir dir;
  const auto f = dir.file("bad.csv");
  write_text(f, std::string("\xFF\xFE" "a\0,\0y\0", 8));
  EXPECT_NE(error_of(f, "y").find("UTF-16"), std::string::npos) << error_of(f, "y");
  EXPECT_EQ(error_of(f, "y").find('\xFF'), std::string::npos);  // no raw bytes echoed
  write_text(f, std::string("a\0,\0y\0\n\0", 8));
  EXPECT_NE(error_of(f, "y").find("UTF-16"), std::string::npos) << error_of(f, "y");
  write_text(f, std::string("a,y\n1,0\n2\0x,1\n", 15));
  EXPECT_NE(error_of(f, "y").find("line 3, column 1 ('a'): a NUL byte"), std::string::npos) << error_of(f, "y");
  EXPECT_NE(error_of(dir.path(), "y").find("is a directory"), std::string::npos) << error_of(dir.path(), "y");
  smrt::CsvOptions o = opts("y", ',');
  o.max_record_bytes = 1024;
  write_text(f, "a,y\n" + std::string(5000, '1') + ",0\n");
  EXPECT_NE(error_opts(f, o).find("line 2: a record longer than"), std::string::npos) << error_opts(f, o);
  write_text(f, "a,y\n\"" + std::string(5000, '1') + "\n");
  EXPECT_NE(error_opts(f, o).find("never be closed"), std::string::npos) << error_opts(f, o);
  // /dev/zero: refused at once instead of growing memory.
  EXPECT_NE(error_of("/dev/zero", "y").find("NUL"), std::string::npos);
}
