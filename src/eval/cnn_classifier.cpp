// The CNN needs LibTorch: it is built when the nn layer is (SMRT_EVAL_HAVE_NN),
// otherwise only the stub at the end is.
#include "smrt/eval/cnn_classifier.h"

#include "smrt/core/error.h"

#ifdef SMRT_EVAL_HAVE_NN

#include <torch/torch.h>

#include <cmath>
#include <numeric>

#include "smrt/core/rng.h"
#include "smrt/core/threads.h"
#include "smrt/nn/runtime.h"

namespace smrt::eval {
namespace {

class NetImpl : public torch::nn::Module {
 public:
  NetImpl(const CnnParams& p, int64_t height, int64_t width, int64_t n_classes)
      : conv1_(register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, p.channels1, 3).padding(1)))),
        conv2_(register_module("conv2",
                               torch::nn::Conv2d(torch::nn::Conv2dOptions(p.channels1, p.channels2, 3).padding(1)))),
        dropout_(register_module("dropout", torch::nn::Dropout(p.dropout))),
        fc1_(register_module("fc1", torch::nn::Linear(p.channels2 * (height / 4) * (width / 4), p.hidden))),
        fc2_(register_module("fc2", torch::nn::Linear(p.hidden, n_classes))) {}

  torch::Tensor forward(torch::Tensor x) {
    x = torch::max_pool2d(torch::relu(conv1_(x)), 2);
    x = torch::max_pool2d(torch::relu(conv2_(x)), 2);
    x = dropout_(x.flatten(1));
    return fc2_(torch::relu(fc1_(x)));
  }

 private:
  torch::nn::Conv2d conv1_, conv2_;
  torch::nn::Dropout dropout_;
  torch::nn::Linear fc1_, fc2_;
};
TORCH_MODULE(Net);

class CnnClassifier : public Classifier {
 public:
  explicit CnnClassifier(const CnnParams& p) : p_(p) {
    SMRT_THROW_IF_NOT(ParameterError, p.epochs >= 1, "CNN: epochs=", p.epochs, " must be >= 1");
    SMRT_THROW_IF_NOT(ParameterError, p.batch_size >= 1, "CNN: batch_size=", p.batch_size, " must be >= 1");
    SMRT_THROW_IF_NOT(ParameterError, p.learning_rate > 0, "CNN: learning_rate=", p.learning_rate, " must be > 0");
    SMRT_THROW_IF_NOT(ParameterError, p.dropout >= 0 && p.dropout < 1, "CNN: dropout=", p.dropout,
                      " must be in [0, 1)");
  }

  void fit(const DataView& data) override {
    validate_dataset(data, "CNN training data");
    set_image_shape(data);
    nn::init_torch();
    torch::manual_seed(p_.seed);  // weights and dropout masks
    n_classes_ = data.n_classes;
    net_ = Net(p_, height_, width_, n_classes_);
    const auto counts = data.class_counts();
    const auto w = class_weights(p_.class_weight, counts);
    torch::Tensor weight = torch::tensor(std::vector<float>(w.begin(), w.end()));
    const torch::Tensor X = images(data.X);
    const torch::Tensor y = torch::from_blob(const_cast<int32_t*>(data.y), {data.n_rows()}, torch::kInt32).to(torch::kLong);
    torch::optim::SGD opt(net_->parameters(), torch::optim::SGDOptions(p_.learning_rate).momentum(p_.momentum));
    Rng rng(p_.seed, 0xc22);
    std::vector<int64_t> order(static_cast<size_t>(data.n_rows()));
    losses_.clear();
    net_->train();
    for (int64_t epoch = 0; epoch < p_.epochs; ++epoch) {
      std::iota(order.begin(), order.end(), int64_t{0});
      shuffle(order.data(), static_cast<int64_t>(order.size()), rng);
      const torch::Tensor perm = torch::tensor(order);
      double total = 0;
      for (int64_t start = 0; start < data.n_rows(); start += p_.batch_size) {
        const int64_t end = std::min(start + p_.batch_size, data.n_rows());
        const torch::Tensor idx = perm.slice(0, start, end);
        opt.zero_grad();
        const torch::Tensor loss =
            torch::nn::functional::cross_entropy(net_->forward(X.index_select(0, idx)), y.index_select(0, idx),
                                                 torch::nn::functional::CrossEntropyFuncOptions().weight(weight));
        loss.backward();
        opt.step();
        total += loss.item<double>() * static_cast<double>(end - start);
      }
      losses_.push_back(total / static_cast<double>(data.n_rows()));
      SMRT_THROW_IF_NOT(DataError, std::isfinite(losses_.back()), "CNN: the training loss diverged at epoch ",
                        epoch + 1, " (learning_rate ", p_.learning_rate, " too high?)");
    }
  }

  Matrix predict_proba(const MatrixView& X) const override {
    SMRT_THROW_IF_NOT(Error, !net_.is_empty(), "CNN: predict before fit");
    SMRT_THROW_IF_NOT(DataError, X.n_cols == height_ * width_, "CNN: fitted on ", height_, " x ", width_,
                      " images, asked to predict rows of ", X.n_cols, " values");
    torch::NoGradGuard no_grad;
    net_->eval();
    const torch::Tensor all = images(X);
    Matrix out(X.n_rows, n_classes_);
    for (int64_t start = 0; start < X.n_rows; start += 1024) {
      const int64_t end = std::min(start + 1024, X.n_rows);
      const torch::Tensor p = torch::softmax(net_->forward(all.slice(0, start, end)), 1).contiguous();
      std::copy(p.data_ptr<float>(), p.data_ptr<float>() + (end - start) * n_classes_, out.row(start));
    }
    return out;
  }

  std::vector<double> loss_curve() const override { return losses_; }

  std::string describe() const override {
    return msg("CNN(conv", p_.channels1, "-conv", p_.channels2, "-dense", p_.hidden, ", ", p_.epochs, " epochs)");
  }

 private:
  void set_image_shape(const DataView& data) {
    const auto& s = data.sample_shape;
    const bool grey = s.size() == 2 || (s.size() == 3 && s[0] == 1);
    SMRT_THROW_IF_NOT(DataError, grey, "CNN: needs grey images (sample shape H x W or 1 x H x W), got ",
                      s.size(), " dimensions");
    height_ = s[s.size() - 2];
    width_ = s.back();
    SMRT_THROW_IF_NOT(DataError, height_ >= 4 && width_ >= 4, "CNN: images of ", height_, " x ", width_,
                      " are too small (>= 4 x 4)");
  }

  /// A view of the rows as an (N, 1, H, W) tensor (no copy; X outlives it).
  torch::Tensor images(const MatrixView& X) const {
    return torch::from_blob(const_cast<float*>(X.data), {X.n_rows, 1, height_, width_}, torch::kFloat32);
  }

  CnnParams p_;
  mutable Net net_{nullptr};
  int64_t height_ = 0, width_ = 0;
  int32_t n_classes_ = 0;
  std::vector<double> losses_;
};

}  // namespace

bool cnn_available() { return true; }

std::unique_ptr<Classifier> make_cnn(const CnnParams& params) { return std::make_unique<CnnClassifier>(params); }

}  // namespace smrt::eval

#else  // no LibTorch in this build

namespace smrt::eval {

bool cnn_available() { return false; }

std::unique_ptr<Classifier> make_cnn(const CnnParams&) {
  throw ParameterError("the CNN classifier needs LibTorch; this build has no nn layer (SMRT_WITH_TORCH=OFF?)");
}

}  // namespace smrt::eval

#endif
