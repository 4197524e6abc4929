// The CLI on NPY input: dtypes kept, kept rows bit-exact, bad headers refused
// before any allocation.
#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

using smrt::testing::CommandResult;
using smrt::testing::file_exists;
using smrt::testing::run_python;
using smrt::testing::run_smrt;
using smrt::testing::TempDir;

namespace {

bool have_numpy() { return smrt::testing::run_command("/usr/bin/python3 -c 'import numpy'").exit_code == 0; }

}  // namespace

TEST(CliNpy, HugeDeclaredShapeFailsFastNamingTheFile) {
  if (!have_numpy()) GTEST_SKIP() << "no numpy";
  TempDir dir;
  // A valid header declaring (10^9, 1000) float64 (8 TB) over 64 bytes of data.
  run_python("import numpy as np\n"
             "d = '" + dir.path() + "/'\n"
             "h = np.lib.format.header_data_from_array_1_0(np.zeros((1, 1)))\n"
             "h['shape'] = (10**9, 1000)\n"
             "with open(d + 'X.npy', 'wb') as f:\n"
             "    np.lib.format.write_array_header_1_0(f, h)\n"
             "    f.write(bytes(64))\n"
             "np.save(d + 'y.npy', np.zeros(3, dtype=np.int64))\n"
             "np.save(d + 'X3.npy', np.zeros((3, 2)))\n"
             "h = np.lib.format.header_data_from_array_1_0(np.zeros(1, dtype=np.int64))\n"
             "h['shape'] = (10**12,)\n"
             "with open(d + 'ybig.npy', 'wb') as f:\n"
             "    np.lib.format.write_array_header_1_0(f, h)\n");
  CommandResult r = run_smrt("info " + dir.file("X.npy") + " --labels " + dir.file("y.npy"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("smrt: error: " + dir.file("X.npy") + ": truncated data"), std::string::npos) << r.output;
  r = run_smrt("info " + dir.file("X3.npy") + " --labels " + dir.file("ybig.npy"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find(dir.file("ybig.npy") + ": truncated data"), std::string::npos) << r.output;
}

TEST(CliNpy, Float64AndIntegerRowsComeBackBitExact) {
  if (!have_numpy()) GTEST_SKIP() << "no numpy";
  TempDir dir;
  run_python("import numpy as np\n"
             "d = '" + dir.path() + "/'\n"
             "r = np.random.default_rng(0)\n"
             "X = r.standard_normal((40, 3)) * 1e-3 + 16777217.0\n"
             "X[0, 0] = 1e-50\n"
             "y = np.array([7] * 30 + [-2] * 10, dtype=np.int16)\n"
             "np.save(d + 'f8.npy', X)\n"
             "np.save(d + 'i4.npy', r.integers(-10**9, 10**9, (40, 3)).astype(np.int32))\n"
             "np.save(d + 'y.npy', y)\n");
  for (const char* x : {"f8", "i4"}) {
    for (const char* method : {"rus", "smote"}) {
      SCOPED_TRACE(std::string(x) + " " + method);
      const std::string out = dir.file(std::string("o_") + x + method);
      CommandResult r = run_smrt("resample " + dir.file(std::string(x) + ".npy") + " --labels " + dir.file("y.npy") +
                                 " --method " + method + " --seed 1 -o " + out);
      ASSERT_EQ(r.exit_code, 0) << r.output;
      // Every output row is an input row, bit for bit, or (SMOTE) a new row
      // after the input's rows; dtypes are the input's.
      const std::string check = run_python(
          "import numpy as np\n"
          "d = '" + dir.path() + "/'\n"
          "X = np.load(d + '" + x + ".npy'); y = np.load(d + 'y.npy')\n"
          "oX = np.load('" + out + "_X.npy'); oy = np.load('" + out + "_y.npy')\n"
          "assert oX.dtype == X.dtype and oy.dtype == y.dtype, (oX.dtype, oy.dtype)\n"
          "rows = {r.tobytes(): l for r, l in zip(X, y)}\n"
          "kept = [rows.get(r.tobytes()) for r in oX]\n"
          "n_kept = sum(k is not None for k in kept)\n"
          "assert all(k == l for k, l in zip(kept, oy) if k is not None)\n"
          "if '" + method + "' == 'smote': assert (oX[:40] == X).all() and n_kept >= 40 and len(oX) == 60\n"
          "else: assert n_kept == len(oX) == 20\n"
          "print('ok', sorted(np.unique(oy).tolist()))\n");
      EXPECT_EQ(check, "ok [-2, 7]\n");
    }
  }
}

TEST(CliNpy, NanNamesTheFile) {
  if (!have_numpy()) GTEST_SKIP() << "no numpy";
  TempDir dir;
  run_python("import numpy as np\n"
             "d = '" + dir.path() + "/'\n"
             "X = np.ones((4, 2)); X[2, 1] = np.nan\n"
             "np.save(d + 'X.npy', X)\n"
             "np.save(d + 'y.npy', np.array([0, 0, 1, 1]))\n");
  CommandResult r = run_smrt("resample " + dir.file("X.npy") + " --labels " + dir.file("y.npy") +
                             " --method ros -o " + dir.file("out"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find(dir.file("X.npy") + ": row 2, feature 1: value nan is not finite"), std::string::npos)
      << r.output;
  EXPECT_FALSE(file_exists(dir.file("out_X.npy")));
}
