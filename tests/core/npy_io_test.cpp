#include "smrt/core/npy_io.h"

#include <gtest/gtest.h>

#include "smrt/core/error.h"
#include "test_support.h"

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
  if (smrt::testing::run_command("/usr/bin/python3 -c 'import numpy'").exit_code != 0) GTEST_SKIP() << "no numpy";
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
      "np.save(d + 'fortran.npy', np.asfortranarray(np.ones((2, 3))))\n"
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
  EXPECT_NE(message("fortran.npy", "y_u1.npy").find("Fortran"), std::string::npos);
  EXPECT_NE(message("f8.npy", "y_f.npy").find("float labels"), std::string::npos);
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
