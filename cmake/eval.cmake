# The evaluation layer: classifiers, metrics, protocols, the HTML report.
# Included by the top CMakeLists.txt when src/eval exists, after torch.cmake,
# so smrt_nn / smrt_generative are known here when they are built.

find_path(LIBLINEAR_INCLUDE_DIR linear.h REQUIRED)
find_library(LIBLINEAR_LIBRARY linear REQUIRED)
find_path(STB_INCLUDE_DIR stb/stb_image_write.h REQUIRED)

smrt_layer(eval)
target_include_directories(smrt_eval SYSTEM PRIVATE ${LIBLINEAR_INCLUDE_DIR} ${STB_INCLUDE_DIR})
target_link_libraries(smrt_eval PUBLIC smrt_sample PRIVATE ${LIBLINEAR_LIBRARY})
target_compile_definitions(smrt_eval PRIVATE SMRT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
# The CNN and the generative methods need LibTorch; without it the harness
# still runs the classical methods with logistic regression.
foreach(_dep nn generative)
  if(TARGET smrt_${_dep})
    target_link_libraries(smrt_eval PUBLIC smrt_${_dep})
    string(TOUPPER ${_dep} _DEP)
    target_compile_definitions(smrt_eval PUBLIC SMRT_EVAL_HAVE_${_DEP}=1)
  endif()
endforeach()
