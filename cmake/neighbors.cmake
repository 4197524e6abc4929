# The neighbors layer's extras: one micro-kernel per instruction set (chosen
# at run time), FAISS for knn=hnsw, and OpenBLAS (the one torch and numpy
# load) so smrt can check and report its kernel.
set(_knn_kernels ${PROJECT_SOURCE_DIR}/src/neighbors/kernels)
set_source_files_properties(${_knn_kernels}/tile_avx512.cpp PROPERTIES
  COMPILE_OPTIONS "-mavx512f;-mavx512bw;-mavx512vl;-mfma")
set_source_files_properties(${_knn_kernels}/tile_avx512_bf16.cpp PROPERTIES
  COMPILE_OPTIONS "-mavx512f;-mavx512bw;-mavx512vl;-mavx512bf16;-mfma")
set_source_files_properties(${_knn_kernels}/tile_avx2.cpp PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma")
set_source_files_properties(${_knn_kernels}/l2_avx512.cpp PROPERTIES COMPILE_OPTIONS "-mavx512f;-mfma")
set_source_files_properties(${_knn_kernels}/l2_avx2.cpp PROPERTIES COMPILE_OPTIONS "-mavx2;-mfma")

find_package(faiss CONFIG QUIET)
if(TARGET faiss)
  target_link_libraries(smrt_neighbors PRIVATE faiss)
  target_compile_definitions(smrt_neighbors PRIVATE SMRT_HAVE_FAISS=1)
  message(STATUS "smrt: knn=hnsw via FAISS ${faiss_VERSION}")
else()
  message(STATUS "smrt: FAISS not found, knn=hnsw disabled")
endif()

find_library(SMRT_OPENBLAS_LIBRARY NAMES openblas)
if(SMRT_OPENBLAS_LIBRARY)
  target_link_libraries(smrt_neighbors PUBLIC ${SMRT_OPENBLAS_LIBRARY})
  target_compile_definitions(smrt_neighbors PRIVATE SMRT_HAVE_OPENBLAS=1)
endif()
