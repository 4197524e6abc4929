#include "smrt/core/npy_io.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <sstream>

#include "smrt/core/error.h"
#include "test_support.h"

using smrt::testing::have_numpy;
using smrt::testing::TempDir;

namespace {

smrt::Dataset tiny(bool strings) {
  smrt::Dataset d;
  std::vector<std::string> labels = strings ? std::vector<std::string>{"é-cat", "dog", "é-cat"}
                                            : std::vector<std::string>{"7", "-2", "7"};
  d.classes = smrt::ClassIndex::from_strings(labels, &d.y);
  d.X = smrt::Matrix(3, 4);
  for (int i = 0; i < 12; ++i) d.X.storage()[static_cast<size_t>(i)] = 0.5f * static_cast<float>(i) - 1.f;
  return d;
}

}  // namespace

TEST(NpyIo, RoundTripIntegerAndStringLabels) {
  TempDir dir;
  for (bool strings : {false, true}) {
    auto d = tiny(strings);
    smrt::write_npy_dataset(dir.file("X.npy"), dir.file("y.npy"), smrt::RowSelection::all(d));
    auto back = smrt::read_npy_dataset(dir.file("X.npy"), dir.file("y.npy"));
    EXPECT_EQ(back.X.storage(), d.X.storage());
    EXPECT_EQ(back.y, d.y);
    EXPECT_EQ(back.classes.kind(), d.classes.kind());
    EXPECT_EQ(back.classes.name(0), d.classes.name(0));
  }
}

TEST(NpyIo, ReadsNumpyDtypesAndImageShapes) {
  if (!have_numpy()) GTEST_SKIP() << "no numpy";
  TempDir dir;
  smrt::testing::run_python(
      "import numpy as np\n"
      "d = '" + dir.path() + "/'\n"
      "np.save(d + 'f8.npy', np.array([[1.5, -2.0], [3.0, 4.25]]))\n"
      "np.save(d + 'u1.npy', np.arange(2 * 3 * 2, dtype=np.uint8).reshape(2, 3, 2))\n"
      "np.save(d + 'i2.npy', np.array([[-7, 8], [9, 10]], dtype=np.int16))\n"
      "np.save(d + 'y_u1.npy', np.array([3, 1], dtype=np.uint8))\n"
      "np.save(d + 'y_i4.npy', np.array([[-3], [5]], dtype=np.int32))\n"
      "np.save(d + 'y_str.npy', np.array(['ab', 'c']))\n"
      "np.save(d + 'fortran.npy', np.asfortranarray(np.arange(6.0).reshape(2, 3)))\n"
      "np.save(d + 'fortran3.npy', np.asfortranarray(np.arange(24, dtype=np.int16).reshape(2, 3, 4)))\n"
      "np.save(d + 'y_f.npy', np.array([1.0, 2.0]))\n"
      "np.save(d + 'be.npy', np.ones((2, 2), dtype='>f4'))\n"
      "np.save(d + 'y_u8big.npy', np.array([1, 2**64 - 1], dtype=np.uint64))\n"
      "np.save(d + 'f8big.npy', np.array([[1.0, 2.0], [3.0, 1e300]]))\n");
  auto a = smrt::read_npy_dataset(dir.file("f8.npy"), dir.file("y_u1.npy"));
  EXPECT_EQ(a.X.storage(), (std::vector<float>{1.5f, -2.f, 3.f, 4.25f}));
  EXPECT_EQ(a.classes.integer_value(a.y[0]), 3);
  auto b = smrt::read_npy_dataset(dir.file("u1.npy"), dir.file("y_i4.npy"));
  EXPECT_EQ(b.n_cols(), 6);
  EXPECT_EQ(b.sample_shape, (std::vector<int64_t>{3, 2}));
  EXPECT_FLOAT_EQ(b.X(1, 5), 11.f);
  EXPECT_EQ(b.classes.integer_value(b.y[0]), -3);
  auto c = smrt::read_npy_dataset(dir.file("i2.npy"), dir.file("y_str.npy"));
  EXPECT_FLOAT_EQ(c.X(0, 0), -7.f);
  EXPECT_EQ(c.classes.name(c.y[0]), "ab");
  auto message = [&](const std::string& x, const std::string& y) -> std::string {
    try {
      smrt::read_npy_dataset(dir.file(x), dir.file(y));
    } catch (const smrt::Error& e) {
      return e.what();
    }
    return "";
  };
  // Column-major arrays (pandas' DataFrame.values, np.asfortranarray) read as their row-major equal.
  auto f = smrt::read_npy_dataset(dir.file("fortran.npy"), dir.file("y_u1.npy"));
  EXPECT_EQ(f.X.storage(), (std::vector<float>{0, 1, 2, 3, 4, 5}));
  auto f3 = smrt::read_npy_dataset(dir.file("fortran3.npy"), dir.file("y_u1.npy"));
  EXPECT_EQ(f3.sample_shape, (std::vector<int64_t>{3, 4}));
  for (int64_t i = 0; i < 24; ++i) EXPECT_EQ(f3.X.storage()[static_cast<size_t>(i)], static_cast<float>(i)) << i;
  EXPECT_EQ(message("f8.npy", "y_f.npy"), "");  // float labels: one class per value (NpyIo.FloatLabels...)
  EXPECT_NE(message("be.npy", "y_u1.npy").find(">f4"), std::string::npos);
  EXPECT_EQ(message("u1.npy", "y_str.npy"), "");  // images with string labels are fine
  // A uint64 label past int64 would come back negative: refused.
  EXPECT_NE(message("f8.npy", "y_u8big.npy").find("2^63 - 1"), std::string::npos);
  // A finite double past float32 is named as such (it read as inf, "not finite").
  EXPECT_NE(message("f8big.npy", "y_u1.npy").find("row 1, feature 1: value 1e+300 is beyond float32"), std::string::npos)
      << message("f8big.npy", "y_u1.npy");
}

TEST(NpyIo, MismatchedLengthsAndCorruptFilesAreClearErrors) {
  TempDir dir;
  auto d = tiny(false);
  smrt::write_npy_dataset(dir.file("X.npy"), dir.file("y.npy"), smrt::RowSelection::all(d));
  std::vector<int64_t> two{0, 1};
  smrt::RowSelection sub{&d, &two, nullptr, nullptr};
  smrt::write_npy_dataset(dir.file("X2.npy"), dir.file("y2.npy"), sub);
  try {
    smrt::read_npy_dataset(dir.file("X.npy"), dir.file("y2.npy"));
    FAIL();
  } catch (const smrt::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("3 rows but"), std::string::npos) << e.what();
  }
  smrt::testing::write_text(dir.file("junk.npy"), "not numpy at all");
  EXPECT_THROW(smrt::read_npy(dir.file("junk.npy")), smrt::DataError);
  // Truncated data.
  std::string whole = smrt::testing::read_text(dir.file("X.npy"));
  smrt::testing::write_text(dir.file("cut.npy"), whole.substr(0, whole.size() - 5));
  try {
    smrt::read_npy(dir.file("cut.npy"));
    FAIL();
  } catch (const smrt::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos);
  }
}

namespace {

// A .npy file with `dict` as its header (version 1.0) and `data` after it.
void write_npy_raw(const std::string& path, const std::string& dict, const std::string& data = "") {
  std::string header = dict;
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  smrt::testing::write_text(path, out + header + data);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const smrt::Error& e) {
    return e.what();
  }
  return "";
}

long max_rss_kb() {
  struct rusage u {};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

TEST(NpyIo, DeclaredSizeIsCheckedAgainstTheFileBeforeAllocating) {
  TempDir dir;
  // 2 GB declared in a file of a few bytes: refused without touching 2 GB.
  write_npy_raw(dir.file("big.npy"), "{'descr': '<f4', 'fortran_order': False, 'shape': (500000000, 1), }", "abcd");
  write_npy_raw(dir.file("y.npy"), "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", std::string(8, '\0'));
  write_npy_raw(dir.file("X1.npy"), "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", std::string(4, '\0'));
  write_npy_raw(dir.file("ybig.npy"), "{'descr': '<i8', 'fortran_order': False, 'shape': (300000000,), }", "x");
  const long before = max_rss_kb();
  std::string e = error_of([&] { smrt::read_npy_dataset(dir.file("big.npy"), dir.file("y.npy")); });
  EXPECT_NE(e.find(dir.file("big.npy") + ": truncated data"), std::string::npos) << e;
  EXPECT_NE(e.find("2000000000 bytes"), std::string::npos) << e;
  e = error_of([&] { smrt::read_npy(dir.file("big.npy")); });
  EXPECT_NE(e.find("truncated data"), std::string::npos) << e;
  e = error_of([&] { smrt::read_npy_dataset(dir.file("X1.npy"), dir.file("ybig.npy")); });
  EXPECT_NE(e.find(dir.file("ybig.npy") + ": truncated data"), std::string::npos) << e;
  EXPECT_LT(max_rss_kb() - before, 200 * 1024) << "allocated the declared size";
  // A shape whose size overflows names the file.
  write_npy_raw(dir.file("over.npy"),
                "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }");
  e = error_of([&] { smrt::read_npy(dir.file("over.npy")); });
  EXPECT_NE(e.find(dir.file("over.npy")), std::string::npos) << e;
  EXPECT_NE(e.find("overflows"), std::string::npos) << e;
  // A header length past the end of the file.
  smrt::testing::write_text(dir.file("hdr.npy"), std::string("\x93NUMPY\x02\x00\xff\xff\xff\x7f", 12) + "{}");
  e = error_of([&] { smrt::read_npy(dir.file("hdr.npy")); });
  EXPECT_NE(e.find("truncated header"), std::string::npos) << e;
  // A folder is not a file.
  e = error_of([&] { smrt::read_npy(dir.path()); });
  EXPECT_NE(e.find("is a folder"), std::string::npos) << e;
}

TEST(NpyIo, UnsupportedDtypesAndNaNAreNamed) {
  TempDir dir;
  write_npy_raw(dir.file("rec.npy"),
                "{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (1,), }", std::string(8, 0));
  std::string e = error_of([&] { smrt::read_npy(dir.file("rec.npy")); });
  EXPECT_NE(e.find(dir.file("rec.npy") + ": structured dtypes"), std::string::npos) << e;
  write_npy_raw(dir.file("c8.npy"), "{'descr': '<c8', 'fortran_order': False, 'shape': (1, 1), }", std::string(8, 0));
  e = error_of([&] { smrt::read_npy(dir.file("c8.npy")); });
  EXPECT_NE(e.find("'<c8' is not supported"), std::string::npos) << e;
  write_npy_raw(dir.file("f3.npy"), "{'descr': '<f3', 'fortran_order': False, 'shape': (1, 1), }", std::string(3, 0));
  EXPECT_NE(error_of([&] { smrt::read_npy(dir.file("f3.npy")); }).find("'<f3' is not supported"), std::string::npos);
  // NaN at row 1, column 2 of a float32 file (read straight into the matrix).
  const float values[6] = {1, 2, 3, 4, 5, std::nanf("")};
  write_npy_raw(dir.file("nan.npy"), "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                std::string(reinterpret_cast<const char*>(values), sizeof values));
  write_npy_raw(dir.file("y2.npy"), "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", "\x01\x02");
  e = error_of([&] { smrt::read_npy_dataset(dir.file("nan.npy"), dir.file("y2.npy")); });
  EXPECT_NE(e.find(dir.file("nan.npy") + ": row 1, feature 2: value nan is not finite"), std::string::npos) << e;
}

TEST(NpyIo, Float16ConversionsMatchNumpy) {
  // Every half value reads back and converts to itself.
  for (uint32_t h = 0; h < 0x10000; ++h) {
    const float f = smrt::half_to_float(static_cast<uint16_t>(h));
    if (std::isnan(f)) continue;
    ASSERT_EQ(smrt::float_to_half(f), h) << std::hex << h;
  }
  EXPECT_EQ(smrt::half_to_float(0x3c00), 1.0f);
  EXPECT_EQ(smrt::half_to_float(0x0001), std::ldexp(1.0f, -24));  // smallest subnormal
  if (!have_numpy()) GTEST_SKIP() << "no numpy";
  // Rounding of float32 values between halves, against numpy's astype.
  const std::string out = smrt::testing::run_python(
      "import numpy as np\n"
      "r = np.random.default_rng(3)\n"
      "v = np.concatenate([r.standard_normal(2000) * 10.0 ** r.integers(-9, 6, 2000), "
      "[65519.0, 65520.0, 70000.0, -1e-8, 2.0**-25, 3 * 2.0**-26, 1e-45]]).astype(np.float32)\n"
      "for x, h in zip(v, v.astype(np.float16).view(np.uint16)): print(x.view(np.uint32), h)\n");
  std::istringstream in(out);
  uint32_t bits = 0, want = 0;
  int checked = 0;
  while (in >> bits >> want) {
    float f;
    std::memcpy(&f, &bits, 4);
    ASSERT_EQ(smrt::float_to_half(f), want) << f;
    ++checked;
  }
  EXPECT_EQ(checked, 2007);
}

TEST(NpyIo, KeptRowsAndLabelsKeepTheirBytesAndDtype) {
  if (!have_numpy()) GTEST_SKIP() << "no numpy";
  TempDir dir;
  // Values float32 cannot hold: 16777217, 1e-50, 0.1, 2^53 + 1, -2^63.
  smrt::testing::run_python(
      "import numpy as np\n"
      "d = '" + dir.path() + "/'\n"
      "np.save(d + 'f8.npy', np.array([[16777217.0, 1e-50], [0.1, -3.0], [1001.0, 2.5e-8]]))\n"
      "np.save(d + 'i8.npy', np.array([[2**53 + 1, -2**63], [7, 8], [9, -10]], dtype=np.int64))\n"
      "np.save(d + 'u1.npy', np.array([[0, 255], [3, 4], [5, 6]], dtype=np.uint8))\n"
      "np.save(d + 'f2.npy', np.array([[0.1, 1000], [2, 3], [4, 5]], dtype=np.float16))\n"
      "np.save(d + 'b1.npy', np.array([[True, False], [False, True], [True, True]]))\n"
      "np.save(d + 'y_i2.npy', np.array([-3, 5, -3], dtype=np.int16))\n"
      "np.save(d + 'y_u.npy', np.array([['éa'], ['b'], ['éa']]))\n");
  // Synthetic rows: -3.7 and 300.6 in every dtype.
  smrt::Matrix extra(1, 2);
  extra(0, 0) = -3.7f;
  extra(0, 1) = 300.6f;
  for (const char* x : {"f8", "i8", "u1", "f2", "b1"}) {
    for (const char* y : {"y_i2", "y_u"}) {
      SCOPED_TRACE(std::string(x) + " " + y);
      const auto data = smrt::read_npy_dataset(dir.file(std::string(x) + ".npy"), dir.file(std::string(y) + ".npy"));
      const std::vector<int64_t> keep{2, 0};
      const std::vector<int32_t> extra_y{data.y[1]};
      smrt::RowSelection rows{&data, &keep, &extra, &extra_y};
      smrt::write_npy_dataset(dir.file("o_X.npy"), dir.file("o_y.npy"), rows);
      const auto in_x = smrt::read_npy(dir.file(std::string(x) + ".npy"));
      const auto out_x = smrt::read_npy(dir.file("o_X.npy"));
      ASSERT_EQ(out_x.descr, in_x.descr);
      ASSERT_EQ(out_x.shape, (std::vector<int64_t>{3, 2}));
      const auto row = static_cast<size_t>(in_x.item_size() * 2);
      EXPECT_EQ(std::memcmp(out_x.bytes.data(), in_x.bytes.data() + 2 * row, row), 0);
      EXPECT_EQ(std::memcmp(out_x.bytes.data() + row, in_x.bytes.data(), row), 0);
      const auto in_y = smrt::read_npy(dir.file(std::string(y) + ".npy"));
      const auto out_y = smrt::read_npy(dir.file("o_y.npy"));
      EXPECT_EQ(out_y.descr, in_y.descr);
      EXPECT_EQ(out_y.shape.size(), in_y.shape.size());
      const auto item = static_cast<size_t>(in_y.item_size());
      EXPECT_EQ(std::memcmp(out_y.bytes.data(), in_y.bytes.data() + 2 * item, item), 0);
      EXPECT_EQ(std::memcmp(out_y.bytes.data() + item, in_y.bytes.data(), item), 0);
      EXPECT_EQ(std::memcmp(out_y.bytes.data() + 2 * item, in_y.bytes.data() + item, item), 0);  // class of row 1
    }
  }
  // The synthetic row as numpy's astype gives it (integers toward zero, clamped).
  const std::string out = smrt::testing::run_python(
      "import numpy as np\n"
      "d = '" + dir.path() + "/'\n"
      "print(np.load(d + 'o_X.npy')[2].tolist())\n");
  EXPECT_EQ(out, "[True, True]\n");  // the last written: bool
  auto synthetic_of = [&](const char* x) {
    const auto data = smrt::read_npy_dataset(dir.file(std::string(x) + ".npy"), dir.file("y_i2.npy"));
    const std::vector<int32_t> extra_y{0};
    smrt::RowSelection rows{&data, nullptr, &extra, &extra_y};
    smrt::write_npy_dataset(dir.file("s_X.npy"), dir.file("s_y.npy"), rows);
    return smrt::testing::run_python("import numpy as np\nprint(np.load('" + dir.file("s_X.npy") + "')[3].tolist())\n");
  };
  EXPECT_EQ(synthetic_of("f8"), "[-3.700000047683716, 300.6000061035156]\n");
  EXPECT_EQ(synthetic_of("i8"), "[-3, 300]\n");
  EXPECT_EQ(synthetic_of("u1"), "[0, 255]\n");
  EXPECT_EQ(synthetic_of("f2"), "[-3.69921875, 300.5]\n");
}

// Float labels read as a CSV column of numbers is (docs/usage.md): one class
// per value, named as numpy prints the value in the array's precision, found
// by the text a user types, written back as the input's bytes; NaN refused.
// Extra rows placed between the base rows (extra_at; ClusterCentroids'
// class-by-class order): the NPY writers' runs, of an in-memory table and of
// an NPY source, put them where the per-row accessors (--indices) say.
TEST(NpyIo, ExtraRowsGoWhereExtraAtPlacesThem) {
  TempDir dir;
  const auto d = tiny(false);  // 3 rows, labels 7, -2, 7
  smrt::Matrix extra(2, 4);
  for (int i = 0; i < 8; ++i) extra.storage()[static_cast<size_t>(i)] = 100.f + static_cast<float>(i);
  const std::vector<int64_t> keep{0, 1, 2}, at{0, 2};
  const std::vector<int32_t> extra_y{1, 0};
  smrt::write_npy_dataset(dir.file("in_X.npy"), dir.file("in_y.npy"), smrt::RowSelection::all(d));
  const auto source = smrt::read_npy_dataset(dir.file("in_X.npy"), dir.file("in_y.npy"));
  for (const smrt::Dataset* base : {&d, &source}) {
    SCOPED_TRACE(base == &d ? "in memory" : "NPY source");
    const smrt::RowSelection rows{base, &keep, &extra, &extra_y, &at};
    std::vector<int64_t> copies;
    for (int64_t i = 0; i < rows.n_rows(); ++i) copies.push_back(rows.base_index(i));
    EXPECT_EQ(copies, (std::vector<int64_t>{-1, 0, 1, -1, 2}));
    smrt::write_npy_dataset(dir.file("o_X.npy"), dir.file("o_y.npy"), rows);
    const auto out = smrt::read_npy_dataset(dir.file("o_X.npy"), dir.file("o_y.npy"));
    ASSERT_EQ(out.n_rows(), 5);
    const std::vector<const float*> want{extra.row(0), d.X.row(0), d.X.row(1), extra.row(1), d.X.row(2)};
    const std::vector<std::string> labels{"7", "7", "-2", "-2", "7"};
    for (int64_t i = 0; i < 5; ++i) {
      const float* w = want[static_cast<size_t>(i)];
      EXPECT_EQ(std::vector<float>(out.X.row(i), out.X.row(i) + 4), std::vector<float>(w, w + 4)) << i;
      EXPECT_EQ(out.classes.name(out.y[static_cast<size_t>(i)]), labels[static_cast<size_t>(i)]) << i;
    }
  }
}

TEST(NpyIo, FloatLabelsAreOneClassPerValueInTheirPrecision) {
  if (!have_numpy()) GTEST_SKIP() << "no numpy";
  TempDir dir;
  smrt::testing::run_python(
      "import numpy as np\n"
      "d = '" + dir.path() + "/'\n"
      "np.save(d + 'X.npy', np.arange(10.0).reshape(5, 2))\n"
      "np.save(d + 'y8.npy', np.array([1.0, 0.0, -0.0, 0.1, 1.0]))\n"
      "np.save(d + 'y4.npy', np.array([0.1, 0.1, 2.5, 1e-7, 0.1], dtype=np.float32))\n"
      "np.save(d + 'y2.npy', np.array([0.1, 0.1, 3.0, 3.0, 0.1], dtype=np.float16))\n"
      "np.save(d + 'ynan.npy', np.array([0.0, 1.0, np.nan, 1.0, 0.0]))\n");
  auto names = [](const smrt::ClassIndex& c) {
    std::vector<std::string> out;
    for (int32_t i = 0; i < c.n_classes(); ++i) out.push_back(c.name(i));
    return out;
  };
  auto d8 = smrt::read_npy_dataset(dir.file("X.npy"), dir.file("y8.npy"));
  EXPECT_EQ(d8.classes.kind(), smrt::ClassIndex::Kind::Float);
  EXPECT_EQ(names(d8.classes), (std::vector<std::string>{"0.0", "0.1", "1.0"}));  // -0.0 is 0.0's class
  EXPECT_EQ(d8.y, (std::vector<int32_t>{2, 0, 0, 1, 2}));
  EXPECT_EQ(d8.classes.find("1"), std::optional<int32_t>(2));
  auto d4 = smrt::read_npy_dataset(dir.file("X.npy"), dir.file("y4.npy"));
  EXPECT_EQ(names(d4.classes), (std::vector<std::string>{"1e-07", "0.1", "2.5"}));  // numpy's float32 repr
  EXPECT_EQ(d4.classes.find("0.1"), std::optional<int32_t>(1));  // 0.1 typed is the float32 0.1
  auto d2 = smrt::read_npy_dataset(dir.file("X.npy"), dir.file("y2.npy"));
  EXPECT_EQ(names(d2.classes), (std::vector<std::string>{"0.1", "3.0"}));
  EXPECT_EQ(d2.classes.find("0.1"), std::optional<int32_t>(0));
  try {
    smrt::read_npy_dataset(dir.file("X.npy"), dir.file("ynan.npy"));
    FAIL() << "NaN label accepted";
  } catch (const smrt::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("ynan.npy: label 2 is NaN"), std::string::npos) << e.what();
  }
  // Written back bit for bit, synthetic rows with their class's first bytes (-0.0 stays -0.0 where it was).
  std::vector<int64_t> rows{2, 1, 3};
  smrt::Matrix extra(1, 2);
  std::vector<int32_t> extra_y{0};
  smrt::RowSelection sel{&d8, &rows, &extra, &extra_y};
  smrt::write_npy_dataset(dir.file("oX.npy"), dir.file("oy.npy"), sel);
  EXPECT_EQ(smrt::testing::run_python(
                "import numpy as np\n"
                "y = np.load('" + dir.file("oy.npy") + "')\n"
                "print(y.dtype, np.signbit(y).tolist(), y.tolist())\n"),
            "float64 [True, False, False, False] [-0.0, 0.0, 0.1, 0.0]\n");
}

// A CSV float label column written as NPY is float64, as pandas reads it.
TEST(NpyIo, CsvFloatClassesWriteFloat64Labels) {
  TempDir dir;
  smrt::Dataset d;
  d.classes = smrt::ClassIndex::from_floats({0.5, 2.0, 0.5}, &d.y);
  d.X = smrt::Matrix(3, 1);
  smrt::write_npy_dataset(dir.file("X.npy"), dir.file("y.npy"), smrt::RowSelection::all(d));
  auto back = smrt::read_npy_dataset(dir.file("X.npy"), dir.file("y.npy"));
  EXPECT_EQ(back.npy->y.descr, "<f8");
  EXPECT_EQ(back.classes.kind(), smrt::ClassIndex::Kind::Float);
  EXPECT_EQ(back.classes.name(back.y[1]), "2.0");
  EXPECT_EQ(back.y, d.y);
}
