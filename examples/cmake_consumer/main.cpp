// Balances a small two-class table with SMOTE through smrt's library API.
#include <cstdio>
#include <vector>

#include "smrt/smrt.h"

int main() {
  // 40 rows of 2 features: class 0 around (0, 0), ten rows of class 1 around (5, 5).
  std::vector<double> X;
  std::vector<int64_t> y;
  for (int i = 0; i < 40; ++i) {
    const bool minority = i % 4 == 0;
    X.push_back((minority ? 5.0 : 0.0) + 0.1 * (i % 7));
    X.push_back((minority ? 5.0 : 0.0) + 0.1 * (i % 5));
    y.push_back(minority ? 1 : 0);
  }
  std::vector<int32_t> ids;
  const smrt::Labels labels = smrt::Labels::of(y.data(), static_cast<int64_t>(y.size()), ids);
  try {
    smrt::Estimator smote =
        smrt::Estimator::create("SMOTE", {{"k_neighbors", int64_t{3}}, {"random_state", int64_t{0}}});
    const smrt::ResampleResult r = smote.fit_resample(smrt::Features::of(X.data(), 40, 2), labels);
    std::printf("smrt %s: kept %zu rows, added %lld synthetic rows\n", smrt::version(), r.sample_indices.size(),
                static_cast<long long>(r.synthetic.n_rows()));
    smrt::Estimator::create("SMOTE", {{"k_neighbors", int64_t{0}}});  // throws: k_neighbors must be >= 1
  } catch (const smrt::ParameterError& e) {
    std::printf("ParameterError: %s\n", e.what());
    return 0;
  }
  return 1;
}
