// The CNN needs LibTorch; without the nn layer only the stub below is built.
#include "smrt/eval/cnn_classifier.h"

#include "smrt/core/error.h"

#ifndef SMRT_EVAL_HAVE_NN

namespace smrt::eval {

bool cnn_available() { return false; }

std::unique_ptr<Classifier> make_cnn(const CnnParams&) {
  throw ParameterError("the CNN classifier needs LibTorch; this build has no nn layer (SMRT_WITH_TORCH=OFF?)");
}

}  // namespace smrt::eval

#endif
