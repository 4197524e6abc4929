#include "fashion_judge.h"

#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <numeric>

#include "smrt/core/error.h"
#include "smrt/core/rng.h"
#include "smrt/nn/runtime.h"

namespace smrt::bench {

struct FashionJudge::Net : torch::nn::Module {
  explicit Net(int64_t n_classes)
      : conv1(register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 32, 3).padding(1)))),
        conv2(register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(32, 64, 3).padding(1)))),
        fc1(register_module("fc1", torch::nn::Linear(64 * 7 * 7, 128))),
        fc2(register_module("fc2", torch::nn::Linear(128, n_classes))) {}

  torch::Tensor forward(torch::Tensor x) {
    x = torch::max_pool2d(torch::relu(conv1(x)), 2);
    x = torch::max_pool2d(torch::relu(conv2(x)), 2);
    x = torch::dropout(x.flatten(1), 0.25, is_training());
    x = torch::dropout(torch::relu(fc1(x)), 0.25, is_training());
    return fc2(x);
  }

  torch::nn::Conv2d conv1, conv2;
  torch::nn::Linear fc1, fc2;
};

namespace {

constexpr int64_t kSide = 28;

torch::Tensor image_tensor(const MatrixView& X) {
  SMRT_THROW_IF_NOT(DataError, X.n_cols == kSide * kSide, "judge: needs 28 x 28 images, got rows of ", X.n_cols,
                    " values");
  return torch::from_blob(const_cast<float*>(X.data), {X.n_rows, 1, kSide, kSide}, torch::kFloat32);
}

}  // namespace

std::string judge_cache_path(const std::string& dir, const JudgeOptions& o) {
  return msg(dir, "/fashion_judge_e", o.epochs, "_b", o.batch_size, "_s", o.seed, ".pt");
}

FashionJudge::FashionJudge(const std::string& cache_path, const Dataset& train, const JudgeOptions& o) {
  nn::init_torch();
  net_ = std::make_shared<Net>(train.classes.n_classes());
  if (std::filesystem::exists(cache_path)) {
    torch::serialize::InputArchive in;
    in.load_from(cache_path);
    net_->load(in);
    from_cache_ = true;
    return;
  }
  torch::manual_seed(o.seed);
  // Re-create after seeding so the initial weights follow the seed.
  net_ = std::make_shared<Net>(train.classes.n_classes());
  const torch::Tensor X = image_tensor(train.X.view());
  const torch::Tensor y = torch::from_blob(const_cast<int32_t*>(train.y.data()), {train.n_rows()}, torch::kInt32)
                              .to(torch::kLong);
  torch::optim::Adam opt(net_->parameters(), torch::optim::AdamOptions(o.learning_rate));
  Rng rng(o.seed, 0x1dc);
  std::vector<int64_t> order(static_cast<size_t>(train.n_rows()));
  net_->train();
  for (int64_t epoch = 0; epoch < o.epochs; ++epoch) {
    std::iota(order.begin(), order.end(), int64_t{0});
    shuffle(order.data(), static_cast<int64_t>(order.size()), rng);
    const torch::Tensor perm = torch::tensor(order);
    double total = 0.0;
    for (int64_t start = 0; start < train.n_rows(); start += o.batch_size) {
      const int64_t end = std::min(start + o.batch_size, train.n_rows());
      const torch::Tensor idx = perm.slice(0, start, end);
      opt.zero_grad();
      const auto loss = torch::nn::functional::cross_entropy(net_->forward(X.index_select(0, idx)), y.index_select(0, idx));
      loss.backward();
      opt.step();
      total += loss.item<double>() * static_cast<double>(end - start);
    }
    const double mean = total / static_cast<double>(train.n_rows());
    SMRT_THROW_IF_NOT(DataError, std::isfinite(mean), "judge: the training loss diverged at epoch ", epoch + 1);
    std::fprintf(stderr, "judge epoch %lld/%lld: loss %.4f\n", static_cast<long long>(epoch + 1),
                 static_cast<long long>(o.epochs), mean);
  }
  const auto parent = std::filesystem::path(cache_path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  torch::serialize::OutputArchive out;
  net_->save(out);
  out.save_to(cache_path);
}

FashionJudge::~FashionJudge() = default;

std::vector<int32_t> FashionJudge::predict(const MatrixView& X) const {
  torch::NoGradGuard no_grad;
  net_->eval();
  const torch::Tensor all = image_tensor(X);
  std::vector<int32_t> out(static_cast<size_t>(X.n_rows));
  for (int64_t start = 0; start < X.n_rows; start += 1024) {
    const int64_t end = std::min(start + 1024, X.n_rows);
    const torch::Tensor p = net_->forward(all.slice(0, start, end)).argmax(1).to(torch::kInt32).contiguous();
    std::copy(p.data_ptr<int32_t>(), p.data_ptr<int32_t>() + (end - start), out.begin() + start);
  }
  return out;
}

}  // namespace smrt::bench
