// GAN family acceptance check on Fashion-MNIST (never run by ctest).
//
// Three classes of the training set are cut to 100 images; every method
// (cgan, smate, deepsmote, augment by default) resamples that set with its
// default settings, timed. A CNN trained on the full real training set
// (bench/fashion_judge.h, cached in a file) then labels the generated images (class consistency: the share labelled as
// the class they were generated for), and the mean pairwise distance of
// generated images is compared with that of real images of the class
// (diversity; a ratio below 0.5 flags mode collapse). Writes a PNG grid
// (per class: a row of real images, then a row per method) and a JSON
// summary.
//
//   build-gan/bench/gan_fashion_check [data=DIR] [out=DIR] [classes=6,8,9] [keep=100]
//       [methods=cgan,smate,deepsmote,augment] [seed=1] [threads=2] [judge_epochs=4]
//       [judge_cache=OUT/fashion_judge_e4_b64_s1.pt (trained and written when missing)]
//       [METHOD.PARAM=VALUE ...]
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "smrt/core/error.h"
#include "smrt/core/threads.h"
#include "smrt/eval/datasets.h"
#include "smrt/generative/image_grid.h"
#include "smrt/generative/register.h"
#include "smrt/sample/registry.h"

#include "fashion_judge.h"

namespace {

using smrt::Matrix;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, sep);)
    if (!item.empty()) out.push_back(item);
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

/// CPU seconds (user + system, all threads) of this process so far: on a
/// machine shared with other work, wall time overstates the cost.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

/// Mean Euclidean distance over all pairs of (up to `cap`) rows.
double mean_pairwise_distance(const Matrix& X, int64_t cap) {
  const int64_t n = std::min(X.n_rows(), cap);
  double total = 0.0;
  int64_t pairs = 0;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = i + 1; j < n; ++j) {
      double d2 = 0.0;
      for (int64_t k = 0; k < X.n_cols(); ++k) {
        const double d = X(i, k) - X(j, k);
        d2 += d * d;
      }
      total += std::sqrt(d2);
      ++pairs;
    }
  return pairs ? total / static_cast<double>(pairs) : 0.0;
}

Matrix rows_of_class(const smrt::MatrixView& X, const std::vector<int32_t>& y, int32_t c, int64_t cap) {
  std::vector<int64_t> rows;
  for (size_t i = 0; i < y.size() && static_cast<int64_t>(rows.size()) < cap; ++i)
    if (y[i] == c) rows.push_back(static_cast<int64_t>(i));
  return smrt::gather_rows(X, rows);
}

double share_labelled(const smrt::bench::FashionJudge& judge, const Matrix& images, int32_t c) {
  if (images.n_rows() == 0) return 0.0;
  const auto pred = judge.predict(images.view());
  int64_t hit = 0;
  for (int32_t p : pred) hit += p == c;
  return static_cast<double>(hit) / static_cast<double>(pred.size());
}

}  // namespace

int main(int argc, char** argv) try {
  std::map<std::string, std::string> args{{"data", ""},       {"out", "bench/out"}, {"classes", "6,8,9"},
                                          {"keep", "100"},    {"seed", "1"},        {"threads", "2"},
                                          {"judge_epochs", "4"}, {"judge_cache", ""}, {"methods", "cgan,smate,deepsmote,augment"}};
  std::map<std::string, std::map<std::string, std::string>> method_params;
  for (int i = 1; i < argc; ++i) {
    auto [key, value] = smrt::split_key_value(argv[i]);
    const auto dot = key.find('.');
    if (dot != std::string::npos) method_params[key.substr(0, dot)][key.substr(dot + 1)] = value;
    else {
      SMRT_THROW_IF_NOT(smrt::ParameterError, args.count(key), "unknown argument '", key, "'");
      args[key] = value;
    }
  }
  smrt::set_num_threads(std::stoi(args["threads"]));
  smrt::register_sample_methods();
  smrt::register_generative_methods();
  const uint64_t seed = std::stoull(args["seed"]);
  const std::string out_dir = args["out"];
  std::filesystem::create_directories(out_dir);  // now, not after minutes of training

  const auto fm = smrt::eval::load_fashion_mnist(smrt::eval::data_dir(args["data"]));
  std::vector<int32_t> minority;
  for (const auto& label : split(args["classes"], ',')) {
    auto id = fm.train.classes.find(label);
    SMRT_THROW_IF_NOT(smrt::ParameterError, id.has_value(), "classes: '", label, "' is not a Fashion-MNIST label");
    minority.push_back(*id);
  }
  smrt::Rng rng(seed);
  const smrt::Dataset reduced = smrt::eval::reduce_classes(fm.train, minority, std::stoll(args["keep"]), 0, rng);
  std::fprintf(stderr, "training set: %lld images, classes %s cut to %s\n", static_cast<long long>(reduced.n_rows()),
               args["classes"].c_str(), args["keep"].c_str());

  // The judge: a CNN on the full real training set, cached on disk.
  smrt::bench::JudgeOptions judge_options;
  judge_options.epochs = std::stoll(args["judge_epochs"]);
  judge_options.seed = seed;
  const std::string judge_path =
      args["judge_cache"].empty() ? smrt::bench::judge_cache_path(out_dir, judge_options) : args["judge_cache"];
  auto t0 = std::chrono::steady_clock::now();
  const double judge_cpu0 = cpu_seconds();
  const smrt::bench::FashionJudge judge(judge_path, fm.train, judge_options);
  nlohmann::json report{{"classes", args["classes"]},     {"keep", std::stoll(args["keep"])},
                        {"seed", seed},                   {"threads", smrt::num_threads()},
                        {"judge", "CNN conv32-conv64-dense128, Adam 1e-3"},
                        {"judge_epochs", judge_options.epochs}, {"judge_cache", judge_path},
                        {"judge_from_cache", judge.from_cache()},
                        {"judge_fit_seconds", seconds_since(t0)}, {"judge_fit_cpu_seconds", cpu_seconds() - judge_cpu0}};
  {
    const auto pred = judge.predict(fm.test.X.view());
    std::vector<int64_t> hit(static_cast<size_t>(fm.test.classes.n_classes())), seen(hit.size());
    for (size_t i = 0; i < pred.size(); ++i) {
      const auto c = static_cast<size_t>(fm.test.y[i]);
      ++seen[c];
      hit[c] += pred[i] == fm.test.y[i];
    }
    int64_t all_hit = 0;
    for (size_t c = 0; c < hit.size(); ++c) {
      all_hit += hit[c];
      report["judge_test_accuracy_per_class"][fm.test.classes.name(static_cast<int32_t>(c))] =
          seen[c] ? static_cast<double>(hit[c]) / static_cast<double>(seen[c]) : 0.0;
    }
    report["judge_test_accuracy"] = static_cast<double>(all_hit) / static_cast<double>(pred.size());
  }
  for (int32_t c : minority) {
    const Matrix test_c = rows_of_class(fm.test.X.view(), fm.test.y, c, 1000);
    const Matrix real_c = rows_of_class(fm.train.X.view(), fm.train.y, c, 300);
    report["real"][fm.train.classes.name(c)] = {{"consistency_test_images", share_labelled(judge, test_c, c)},
                                                 {"mean_pairwise_distance", mean_pairwise_distance(real_c, 300)}};
    std::fprintf(stderr, "  real class %s: judge labels %.3f of the test images as %s\n",
                 fm.train.classes.name(c).c_str(), report["real"][fm.train.classes.name(c)]["consistency_test_images"].get<double>(),
                 fm.train.classes.name(c).c_str());
  }
  std::fprintf(stderr, "judge (%s): %.1f s wall, %.1f s CPU, test accuracy %.4f\n",
               judge.from_cache() ? "cached" : "trained", report["judge_fit_seconds"].get<double>(),
               report["judge_fit_cpu_seconds"].get<double>(), report["judge_test_accuracy"].get<double>());

  // Grid rows: per class, real images then each method.
  const int64_t per_row = 10, d = reduced.n_cols();
  std::map<int32_t, std::vector<Matrix>> grid_rows;
  for (int32_t c : minority) grid_rows[c].push_back(rows_of_class(reduced.X.view(), reduced.y, c, per_row));

  for (const auto& method : split(args["methods"], ',')) {
    auto params = method_params[method];
    params.emplace("random_state", std::to_string(seed));
    auto sampler = smrt::SamplerRegistry::global().create(method, params);
    t0 = std::chrono::steady_clock::now();
    const double cpu0 = cpu_seconds();
    const smrt::Resampled out = sampler->fit_resample(reduced);
    const double secs = seconds_since(t0), cpu = cpu_seconds() - cpu0;
    report["methods"][method]["seconds"] = secs;
    report["methods"][method]["cpu_seconds"] = cpu;
    std::fprintf(stderr, "%s: %.1f s wall, %.1f s CPU for %lld new images\n", method.c_str(), secs, cpu,
                 static_cast<long long>(out.synthetic.n_rows()));
    for (int32_t c : minority) {
      const Matrix gen = rows_of_class(out.synthetic.view(), out.synthetic_y, c, 2000);
      const double consistency = share_labelled(judge, gen, c);
      // What the judge calls the images it does not call class c.
      nlohmann::json labelled_as = nlohmann::json::object();
      for (int32_t p : judge.predict(gen.view())) {
        const std::string name = fm.train.classes.name(p);
        labelled_as[name] = labelled_as.value(name, 0) + 1;
      }
      const double diversity = mean_pairwise_distance(gen, 300);
      const double real_div = report["real"][fm.train.classes.name(c)]["mean_pairwise_distance"].get<double>();
      report["methods"][method]["classes"][fm.train.classes.name(c)] = {
          {"n_generated", out.synthetic_y.size() / minority.size()},
          {"consistency", consistency},
          {"labelled_as", labelled_as},
          {"mean_pairwise_distance", diversity},
          {"diversity_ratio", diversity / real_div}};
      std::fprintf(stderr, "  class %s: consistency %.3f, diversity %.2f (real %.2f, ratio %.2f)\n",
                   fm.train.classes.name(c).c_str(), consistency, diversity, real_div, diversity / real_div);
      Matrix first(per_row, d);
      for (int64_t i = 0; i < std::min(per_row, gen.n_rows()); ++i)
        std::copy(gen.row(i), gen.row(i) + d, first.row(i));
      grid_rows[c].push_back(std::move(first));
    }
  }

  Matrix grid(0, d);
  for (auto& [c, rows] : grid_rows)
    for (auto& m : rows)
      for (int64_t i = 0; i < m.n_rows(); ++i) grid.append_row(m.row(i));
  smrt::ImageGridOptions grid_options;
  grid_options.n_cols = per_row;
  grid_options.lo = 0.0f;
  grid_options.hi = 1.0f;
  const std::string png = out_dir + "/gan_fashion_check.png";
  smrt::write_image_grid_png(png, grid.view(), reduced.sample_shape, grid_options);
  const std::string json_path = out_dir + "/gan_fashion_check.json";
  std::FILE* f = std::fopen(json_path.c_str(), "w");
  SMRT_THROW_IF_NOT(smrt::IoError, f != nullptr, json_path, ": cannot write");
  std::fputs(report.dump(2).c_str(), f);
  std::fclose(f);
  std::printf("%s\n", report.dump(2).c_str());
  std::fprintf(stderr, "wrote %s and %s (grid: per class a real row, then %s)\n", png.c_str(), json_path.c_str(),
               args["methods"].c_str());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "gan_fashion_check: error: %s\n", e.what());
  return 1;
}
