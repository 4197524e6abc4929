// The CLI on NPY input: dtypes kept, kept rows bit-exact, bad headers refused
// before any allocation.
#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

using smrt::testing::CommandResult;
using smrt::testing::file_exists;
using smrt::testing::have_numpy;
using smrt::testing::run_python;
using smrt::testing::run_smrt;
using smrt::testing::TempDir;

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

// Far-off columns of float64 and int64 tables (timestamps) keep their spread
// in the new rows (the reader shifts them before float32, the writer adds the
// shift back): the same rows as the Python package's SMOTE on the same array,
// in the input's dtype; a CSV input written as NPY becomes float64.
TEST(CliNpy, FarOffColumnsKeepTheirSpreadInEveryDtype) {
  if (!have_numpy()) GTEST_SKIP() << "no numpy";
  TempDir dir;
  run_python("import numpy as np, pandas as pd\n"
             "d = '" + dir.path() + "/'\n"
             "r = np.random.default_rng(0)\n"
             "X = np.c_[1.7e9 + 60 * r.standard_normal((120, 2)), r.standard_normal(120)]\n"
             "y = np.array([0] * 100 + [1] * 20)\n"
             "np.save(d + 'f8.npy', X); np.save(d + 'y.npy', y)\n"
             "np.save(d + 'i8.npy', (X * 1000).astype(np.int64))\n"
             "pd.DataFrame(X, columns=['a', 'b', 'c']).assign(y=y).to_csv(d + 't.csv', index=False)\n");
  for (const char* x : {"f8", "i8"}) {
    ASSERT_EQ(run_smrt("-q resample " + dir.file(std::string(x) + ".npy") + " --labels " + dir.file("y.npy") +
                       " --method smote --seed 0 -o " + dir.file(std::string("o_") + x)).exit_code, 0);
  }
  ASSERT_EQ(run_smrt("-q resample " + dir.file("t.csv") + " --label y --method smote --seed 0 -o " + dir.file("o_csv.npy"))
                .exit_code, 0);
  EXPECT_EQ(run_python("import numpy as np\n"
                       "d = '" + dir.path() + "/'\n"
                       "y = np.load(d + 'y.npy')\n"
                       "for x in ('f8', 'i8', 'csv'):\n"
                       "    src = np.load(d + x + '.npy') if x != 'csv' else np.load(d + 'f8.npy')\n"
                       "    out = np.load(d + 'o_' + x + '_X.npy')\n"
                       "    new = out[120:]\n"
                       "    assert out.dtype == (src.dtype if x != 'csv' else np.float64), (x, out.dtype)\n"
                       "    assert len(new) == 80 and len(np.unique(new[:, 0])) >= 78, (x, len(np.unique(new[:, 0])))\n"
                       "    lo, hi = src[100:].min(0), src[100:].max(0)\n"
                       "    assert ((new >= lo) & (new <= hi)).all(), x\n"
                       "    if x == 'f8':\n"
                       "        assert out[:120].tobytes() == src.tobytes()\n"
                       "        try:\n"
                       "            from smrt.over_sampling import SMOTE\n"
                       "        except ImportError:\n"
                       "            continue\n"
                       "        py, _ = SMOTE(random_state=0).fit_resample(src, y)\n"
                       "        assert np.array_equal(py, out), np.abs(py - out).max()\n"
                       "print('ok')\n"),
            "ok\n");
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

// Float labels (float64 0.0 / 1.0, float32) are classes as in a CSV column of
// numbers: resampled, written back in the input's dtype bit for bit; the
// sampling strategy names them as typed ("1" for 1.0, "-0.25" for float32 -0.25).
TEST(CliNpy, FloatLabelsResampleInTheirDtype) {
  if (!have_numpy()) GTEST_SKIP() << "no numpy";
  TempDir dir;
  run_python("import numpy as np\n"
             "d = '" + dir.path() + "/'\n"
             "r = np.random.default_rng(0)\n"
             "np.save(d + 'X.npy', r.standard_normal((40, 3)))\n"
             "np.save(d + 'y8.npy', np.array([0.0] * 30 + [1.0] * 10))\n"
             "np.save(d + 'y4.npy', np.array([0.5] * 30 + [-0.25] * 10, dtype=np.float32))\n");
  for (const char* y : {"y8", "y4"}) {
    SCOPED_TRACE(y);
    const std::string out = dir.file(std::string("o_") + y);
    const std::string strategy = std::string(y) == "y8" ? "{\"1\": 25}" : "{\"-0.25\": 25}";
    CommandResult r = run_smrt("resample " + dir.file("X.npy") + " --labels " + dir.file(std::string(y) + ".npy") +
                               " --method smote --seed 0 -s '" + strategy + "' -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(run_python("import numpy as np\n"
                         "y = np.load('" + dir.file(std::string(y) + ".npy") + "')\n"
                         "oy = np.load('" + out + "_y.npy')\n"
                         "assert oy.dtype == y.dtype and oy[:40].tobytes() == y.tobytes()\n"
                         "print(len(oy), sorted(np.unique(oy).tolist()), oy[-1].tobytes() == y[-1].tobytes())\n"),
              std::string(y) == "y8" ? "55 [0.0, 1.0] True\n" : "55 [-0.25, 0.5] True\n");
  }
}

// NPY -> CSV: kept rows print the input's values (a float64's shortest
// round-trip text, an int64 in full), labels as numpy prints them.
TEST(CliNpy, CsvOutputPrintsKeptRowsExactly) {
  if (!have_numpy()) GTEST_SKIP() << "no numpy";
  TempDir dir;
  run_python("import numpy as np\n"
             "d = '" + dir.path() + "/'\n"
             "r = np.random.default_rng(1)\n"
             "X = r.standard_normal((30, 2)); X[0] = [0.1, 16777217.0]\n"
             "np.save(d + 'f8.npy', X)\n"
             "np.save(d + 'i8.npy', r.integers(-10**12, 10**12, (30, 2)))\n"
             "np.save(d + 'f2.npy', np.where(np.abs(X) > 1e4, 0.5, X).astype(np.float16))\n"
             "np.save(d + 'y.npy', np.array([0.0] * 20 + [2.5] * 10))\n");
  for (const char* x : {"f8", "i8", "f2"}) {
    SCOPED_TRACE(x);
    const std::string out = dir.file(std::string("o_") + x + ".csv");
    CommandResult r = run_smrt("resample " + dir.file(std::string(x) + ".npy") + " --labels " + dir.file("y.npy") +
                               " --method smote --seed 0 -o " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(run_python("import numpy as np, pandas as pd\n"
                         "X = np.load('" + dir.file(std::string(x) + ".npy") + "')\n"
                         "t = pd.read_csv('" + out + "', dtype=str)\n"
                         "kept = t.iloc[:30, :2].to_numpy()\n"
                         "back = kept.astype(np.float64).astype(X.dtype) if X.dtype.kind == 'f' else kept.astype(X.dtype)\n"
                         "assert back.tobytes() == X.tobytes()\n"
                         "short = all(len(s) <= len(repr(v.item())) for s, v in zip(kept.ravel(), X.ravel()))\n"
                         "print(len(t), sorted(set(t['label'])), short)\n"),
              "40 ['0.0', '2.5'] True\n");
  }
}

// CSV float labels written as NPY: float64 labels (pandas' dtype for the
// column), not text; integer labels stay int64.
TEST(CliNpy, CsvFloatLabelsWriteFloat64Npy) {
  if (!have_numpy()) GTEST_SKIP() << "no numpy";
  TempDir dir;
  smrt::testing::write_text(dir.file("f.csv"), "x,y\n1,0\n2,0.0\n3,1.5\n4,0\n5,1.5\n6,0\n");
  smrt::testing::write_text(dir.file("i.csv"), "x,y\n1,0\n2,0\n3,1\n4,0\n5,1\n6,0\n");
  for (const char* name : {"f", "i"}) {
    CommandResult r = run_smrt("resample " + dir.file(std::string(name) + ".csv") + " --label y --method ros --seed 0 -o " +
                               dir.file(std::string("o_") + name + ".npy"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  EXPECT_EQ(run_python("import numpy as np\n"
                       "f = np.load('" + dir.file("o_f_y.npy") + "'); i = np.load('" + dir.file("o_i_y.npy") + "')\n"
                       "print(f.dtype, f.tolist(), i.dtype)\n"),
            "float64 [0.0, 0.0, 1.5, 0.0, 1.5, 0.0, 1.5, 1.5] int64\n");
}

// Channels-last images (N x H x W x C) are refused by the methods that read
// the axes, as the Python classes refuse them: augment warped the colour axis
// as the image width (exit 0), the GANs asked for another image size.
TEST(CliNpy, ChannelsLastImagesAreRefusedWithWhatToDo) {
  if (!have_numpy()) GTEST_SKIP() << "no numpy";
  TempDir dir;
  run_python("import numpy as np\n"
             "d = '" + dir.path() + "/'\n"
             "r = np.random.default_rng(0)\n"
             "np.save(d + 'cl.npy', r.random((30, 12, 12, 3)).astype(np.float32))\n"
             "np.save(d + 'cf.npy', r.random((30, 3, 12, 12)).astype(np.float32))\n"
             "np.save(d + 'y.npy', np.array([0] * 24 + [1] * 6))\n");
  for (const std::string method : {"augment", "cgan -p n_epochs=1"}) {
    SCOPED_TRACE(method);
    CommandResult r = run_smrt("--threads 1 resample " + dir.file("cl.npy") + " --labels " + dir.file("y.npy") +
                               " --seed 0 -o " + dir.file("out") + " -m " + method);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("12 x 12 x 3 look channels-last"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("np.moveaxis(X, -1, 1)"), std::string::npos) << r.output;
    EXPECT_FALSE(file_exists(dir.file("out_X.npy")));
  }
  CommandResult ok = run_smrt("--threads 1 resample " + dir.file("cf.npy") + " --labels " + dir.file("y.npy") +
                              " -m augment --seed 0 -o " + dir.file("ok"));
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
}
