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
# The CNN is the layer's one LibTorch file: it is compiled apart, with the
# neural layers' precompiled torch header (parsing torch/torch.h costs more
# than the rest of the layer), and the rest as unity files.
if(TARGET smrt_nn)
  set(_cnn ${PROJECT_SOURCE_DIR}/src/eval/cnn_classifier.cpp)
  get_target_property(_eval_srcs smrt_eval SOURCES)
  list(REMOVE_ITEM _eval_srcs ${_cnn})
  set_target_properties(smrt_eval PROPERTIES SOURCES "${_eval_srcs}")
  add_library(smrt_eval_cnn OBJECT ${_cnn})
  target_link_libraries(smrt_eval_cnn PRIVATE smrt_nn)
  target_compile_definitions(smrt_eval_cnn PRIVATE SMRT_EVAL_HAVE_NN=1)
  target_compile_options(smrt_eval_cnn PRIVATE ${SMRT_WARNINGS})
  set_target_properties(smrt_eval_cnn PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_precompile_headers(smrt_eval_cnn REUSE_FROM smrt_nn)
  target_sources(smrt_eval PRIVATE $<TARGET_OBJECTS:smrt_eval_cnn>)
endif()
smrt_unity(smrt_eval)
