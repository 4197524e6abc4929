# The classical samplers' extra dependency: LIBLINEAR, the classifier behind
# InstanceHardnessThreshold (Debian liblinear-dev).
find_path(LIBLINEAR_INCLUDE_DIR linear.h REQUIRED)
find_library(LIBLINEAR_LIBRARY linear REQUIRED)
target_include_directories(smrt_sample SYSTEM PRIVATE ${LIBLINEAR_INCLUDE_DIR})
target_link_libraries(smrt_sample PRIVATE ${LIBLINEAR_LIBRARY})

# LIBSVM: the RBF support vector machine behind SVMSMOTE (Debian libsvm-dev),
# the same library scikit-learn's SVC wraps.
find_path(LIBSVM_INCLUDE_DIR svm.h PATH_SUFFIXES libsvm REQUIRED)
find_library(LIBSVM_LIBRARY svm REQUIRED)
target_include_directories(smrt_sample SYSTEM PRIVATE ${LIBSVM_INCLUDE_DIR})
target_link_libraries(smrt_sample PRIVATE ${LIBSVM_LIBRARY})

# Square roots of distance sums (KMeansSMOTE's cluster sparsity) vectorise
# only without errno: no sampler reads errno after a math call.
target_compile_options(smrt_sample PRIVATE -fno-math-errno)
