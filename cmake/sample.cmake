# The classical samplers' extra dependency: LIBLINEAR, the classifier behind
# InstanceHardnessThreshold (Debian liblinear-dev).
find_path(LIBLINEAR_INCLUDE_DIR linear.h REQUIRED)
find_library(LIBLINEAR_LIBRARY linear REQUIRED)
target_include_directories(smrt_sample SYSTEM PRIVATE ${LIBLINEAR_INCLUDE_DIR})
target_link_libraries(smrt_sample PRIVATE ${LIBLINEAR_LIBRARY})
