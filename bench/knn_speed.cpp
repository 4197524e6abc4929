// Exact kNN throughput against this machine's SGEMM: times search_self on
// random n x d data and one large OpenBLAS SGEMM, and prints both in GFLOP/s
// (kNN counts 2 d flops per (query, fitted row) pair, as a GEMM would).
//
//   build/bench/knn_speed [n=200000] [d=20] [k=5] [threads=0 (all)]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "smrt/core/matrix.h"
#include "smrt/core/rng.h"
#include "smrt/core/threads.h"
#include "smrt/neighbors/blas.h"
#include "smrt/neighbors/exact_index.h"

int main(int argc, char** argv) {
  smrt::ensure_fast_blas(argc, argv);
  const int64_t n = argc > 1 ? std::atoll(argv[1]) : 200000;
  const int64_t d = argc > 2 ? std::atoll(argv[2]) : 20;
  const int k = argc > 3 ? std::atoi(argv[3]) : 5;
  smrt::set_num_threads(argc > 4 ? std::atoi(argv[4]) : 0);

  smrt::Matrix X(n, d);
  smrt::Rng rng(1);
  for (auto& v : X.storage()) v = static_cast<float>(rng.normal());
  smrt::ExactIndex index;
  auto t0 = std::chrono::steady_clock::now();
  index.fit(X.view());
  auto t1 = std::chrono::steady_clock::now();
  const smrt::KnnResult r = index.search_self(k);
  auto t2 = std::chrono::steady_clock::now();
  const double fit_s = std::chrono::duration<double>(t1 - t0).count();
  const double search_s = std::chrono::duration<double>(t2 - t1).count();
  const double knn_gflops = 2.0 * static_cast<double>(d) * static_cast<double>(n) * static_cast<double>(n) / search_s / 1e9;
  const smrt::BlasStatus& blas = smrt::blas_status();
  const double sgemm = smrt::measure_sgemm_gflops(2048);
  std::printf("{\"n\": %lld, \"d\": %lld, \"k\": %d, \"threads\": %d, \"fit_s\": %.4f, \"search_s\": %.4f, "
              "\"knn_gflops\": %.1f, \"sgemm_gflops\": %.1f, \"fraction_of_sgemm\": %.3f, \"blas_core\": \"%s\", "
              "\"checksum\": %lld}\n",
              static_cast<long long>(n), static_cast<long long>(d), k, smrt::num_threads(), fit_s, search_s, knn_gflops,
              sgemm, knn_gflops / sgemm, blas.core.c_str(), static_cast<long long>(r.indices[0] + r.indices.back()));
  return 0;
}
