// Opens a tiny report in headless Chromium: every image must load and no
// script may fail. The screenshot is kept in artifacts/eval_report/ (under
// the test's working directory, or $SMRT_TEST_ARTIFACTS).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "smrt/eval/report.h"
#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using smrt::testing::read_text;
using smrt::testing::run_command;
using smrt::testing::TempDir;
using smrt::testing::write_text;

const char* const kChromium = "/usr/bin/chromium";

/// Rings of a given radius: something visible in the image strips.
smrt::Matrix rings(int n, float radius) {
  smrt::Matrix m(n, 28 * 28);
  for (int k = 0; k < n; ++k)
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x) {
        const float d = std::hypot(static_cast<float>(x) - 14.0f, static_cast<float>(y) - 14.0f);
        m(k, y * 28 + x) = std::fabs(d - radius - 0.3f * static_cast<float>(k % 3)) < 1.5f ? 1.0f : 0.0f;
      }
  return m;
}

/// A hand-made result: a two-method ratio sweep over two seeds, a gallery and
/// a loss curve. (The report writer only formats what it is given.)
struct TinyReport {
  smrt::eval::Experiment experiment;
  std::vector<smrt::eval::ExperimentResult> results;

  TinyReport() {
    auto& e = experiment;
    e.id = "t";
    e.title = "tiny test protocol";
    e.summary = "Numbers made up for the test of the report writer.";
    e.settings = {{"scale", "test"}};
    e.ratios = {0.5, 1.0};
    e.headline = {"minority_f1", "balanced_accuracy"};
    smrt::eval::ExperimentResult r;
    r.experiment = &e;
    r.methods = {{"none", "", true, ""}, {"SMOTE", "smote", true, ""}, {"SMRT", "smrt", false, "not registered"}};
    for (uint64_t seed = 0; seed < 2; ++seed) {
      r.runs.push_back({"none", 0, seed, 100, 0, 0.1, {{"minority_f1", 0.5 + 0.01 * seed}, {"balanced_accuracy", 0.7}}});
      for (double ratio : e.ratios)
        r.runs.push_back({"SMOTE", ratio, seed, 150, 0.01, 0.1,
                          {{"minority_f1", 0.6 + 0.1 * ratio}, {"balanced_accuracy", 0.8 - 0.01 * seed}}});
    }
    r.gallery.sample_shape = {28, 28};
    r.gallery.real_label = "real";
    r.gallery.real = rings(10, 8);
    r.gallery.synthetic.push_back({"SMOTE", rings(10, 6), 1.0});
    r.losses.push_back({"CNN (none)", {1.0, 0.6, 0.4, 0.35}});
    results.push_back(std::move(r));
  }

  std::string write(const std::string& dir) const {
    smrt::eval::ReportInfo info;
    info.title = "tiny report";
    info.command = "report_chromium_test";
    info.settings = {{"threads", "1"}};
    return smrt::eval::write_report(dir, info, results);
  }
};

/// Injected first in <head>: records script errors (also failed resources,
/// whose error events reach window in the capture phase) and console.error;
/// after load, writes each image's state and the errors into the DOM.
const char* const kCheckScript = R"(<script>
window.__smrtErrors = [];
window.addEventListener('error', function (e) {
  var t = e.target;
  window.__smrtErrors.push(t && t.tagName ? 'resource failed: ' + (t.src || t.href) : 'script error: ' + e.message);
}, true);
(function () {
  var original = console.error;
  console.error = function () {
    window.__smrtErrors.push('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return original.apply(console, arguments);
  };
})();
window.addEventListener('load', function () {
  var lines = ['IMAGES'];
  document.querySelectorAll('img').forEach(function (img) {
    lines.push((img.complete && img.naturalWidth > 0 ? 'OK ' : 'BROKEN ') + img.naturalWidth + ' ' + img.getAttribute('src'));
  });
  lines.push('ERRORS');
  lines = lines.concat(window.__smrtErrors);
  lines.push('END');
  var pre = document.createElement('pre');
  pre.id = 'smrt-check';
  pre.textContent = lines.join('\n');
  document.body.appendChild(pre);
});
</script>)";

struct PageCheck {
  int images = 0;
  std::vector<std::string> broken;
  std::vector<std::string> errors;
  bool ran = false;
  std::string raw;
};

std::string chromium_flags(const std::string& profile) {
  return std::string(kChromium) +
         " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
         " --disable-component-update --disable-sync --user-data-dir=" + profile;
}

/// Loads `index` (with the check script injected) and reads the check's output back from the DOM.
PageCheck check_page(const std::string& index) {
  std::string html = read_text(index);
  const auto head = html.find("<head>");
  EXPECT_NE(head, std::string::npos);
  html.insert(head + 6, kCheckScript);
  const std::string checked = (fs::path(index).parent_path() / "checked.html").string();
  write_text(checked, html);
  TempDir profile;
  const auto r = run_command("timeout 120 " + chromium_flags(profile.path()) +
                             " --virtual-time-budget=10000 --dump-dom file://" + checked + " 2>/dev/null");
  PageCheck out;
  out.raw = r.output;
  const auto begin = r.output.find("IMAGES\n"), end = r.output.find("\nEND");
  if (begin == std::string::npos || end == std::string::npos) return out;
  out.ran = true;
  std::istringstream lines(r.output.substr(begin, end - begin));
  std::string line;
  bool in_errors = false;
  while (std::getline(lines, line)) {
    if (line == "IMAGES") continue;
    if (line == "ERRORS") {
      in_errors = true;
      continue;
    }
    if (in_errors) out.errors.push_back(line);
    else {
      ++out.images;
      if (line.rfind("OK ", 0) != 0) out.broken.push_back(line);
    }
  }
  fs::remove(checked);
  return out;
}

int count_img_tags(const std::string& html) {
  const std::regex img("<img ");
  return static_cast<int>(std::distance(std::sregex_iterator(html.begin(), html.end(), img), std::sregex_iterator()));
}

std::string artifact_dir() {
  const char* env = std::getenv("SMRT_TEST_ARTIFACTS");
  const fs::path dir = fs::path(env && *env ? env : "artifacts") / "eval_report";
  fs::create_directories(dir);
  return fs::absolute(dir).string();
}

class ReportInChromium : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kChromium)) GTEST_SKIP() << kChromium << " is not installed";
  }
};

// A report written over an earlier one leaves none of the earlier one's files
// it does not rewrite (a protocol no longer run), and keeps the user's own.
TEST(ReportFolder, ReplacesTheFilesOfAnEarlierReport) {
  TempDir dir;
  TinyReport first;
  first.write(dir.path());
  ASSERT_TRUE(fs::exists(dir.path() + "/t_runs.csv"));
  ASSERT_TRUE(fs::exists(dir.path() + "/t_minority_f1.svg"));
  ASSERT_TRUE(fs::exists(dir.path() + "/t_real.png"));
  write_text(dir.path() + "/notes.txt", "mine");
  TinyReport second;
  second.experiment.id = "u";
  second.write(dir.path());
  EXPECT_TRUE(fs::exists(dir.path() + "/u_runs.csv"));
  EXPECT_TRUE(fs::exists(dir.path() + "/u_minority_f1.svg"));
  EXPECT_TRUE(fs::exists(dir.path() + "/u_real.png"));
  EXPECT_TRUE(fs::exists(dir.path() + "/index.html"));
  EXPECT_FALSE(fs::exists(dir.path() + "/t_runs.csv"));
  EXPECT_FALSE(fs::exists(dir.path() + "/t_minority_f1.svg"));
  EXPECT_FALSE(fs::exists(dir.path() + "/t_real.png"));
  EXPECT_EQ(read_text(dir.path() + "/notes.txt"), "mine");
  // A manifest naming a path outside the folder removes nothing there.
  TempDir outside;
  write_text(outside.path() + "/keep.txt", "x");
  write_text(dir.path() + "/.smrt-report-files", "../" + fs::path(outside.path()).filename().string() + "/keep.txt\n" +
                                                     outside.path() + "/keep.txt\nnotes.txt\n");
  second.write(dir.path());
  EXPECT_TRUE(fs::exists(outside.path() + "/keep.txt"));
  EXPECT_FALSE(fs::exists(dir.path() + "/notes.txt"));  // listed, so the report's own: replaced reports clean up
}

TEST_F(ReportInChromium, EveryImageLoadsAndNoScriptFails) {
  const std::string dir = artifact_dir();
  for (const auto& entry : fs::directory_iterator(dir)) fs::remove_all(entry.path());
  TinyReport report;
  const std::string index = report.write(dir);
  const PageCheck page = check_page(index);
  ASSERT_TRUE(page.ran) << "the check script did not report; Chromium printed:\n" << page.raw.substr(0, 2000);
  const int expected = count_img_tags(read_text(index));
  EXPECT_GE(expected, 4);  // 2 plots + 2 strips + 1 loss plot
  EXPECT_EQ(page.images, expected);
  EXPECT_TRUE(page.broken.empty()) << "broken images: " << page.broken.front();
  EXPECT_TRUE(page.errors.empty()) << "page errors: " << page.errors.front();
  // The page's own script ran: it marked the best cells.
  EXPECT_NE(page.raw.find("metric best"), std::string::npos) << "the report's script did not run";

  TempDir profile;
  const std::string shot = dir + "/screenshot.png";
  run_command("timeout 120 " + chromium_flags(profile.path()) + " --window-size=1200,1600 --screenshot=" + shot +
              " file://" + index + " 2>/dev/null");
  EXPECT_TRUE(fs::exists(shot) && fs::file_size(shot) > 1000) << "no screenshot at " << shot;
}

TEST_F(ReportInChromium, MissingImageIsDetected) {
  TempDir dir;
  TinyReport report;
  const std::string index = report.write(dir.path());
  fs::remove(dir.file("t_real.png"));
  const PageCheck page = check_page(index);
  ASSERT_TRUE(page.ran) << page.raw.substr(0, 2000);
  ASSERT_EQ(page.broken.size(), 1u);
  EXPECT_NE(page.broken.front().find("t_real.png"), std::string::npos);
}

TEST_F(ReportInChromium, ScriptErrorIsDetected) {
  TempDir dir;
  TinyReport report;
  const std::string index = report.write(dir.path());
  std::string html = read_text(index);
  html.replace(html.find("</body>"), 7, "<script>undefinedFunction();</script></body>");
  write_text(index, html);
  const PageCheck page = check_page(index);
  ASSERT_TRUE(page.ran) << page.raw.substr(0, 2000);
  ASSERT_FALSE(page.errors.empty());
  EXPECT_NE(page.errors.front().find("undefinedFunction"), std::string::npos) << page.errors.front();
}

}  // namespace
