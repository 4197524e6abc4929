# The neural layers: smrt_nn (LibTorch modules, trainer, optimisers, save/load)
# and smrt_generative (autoencoders, VAE, SMRT). Included by the top
# CMakeLists.txt when src/nn exists and SMRT_WITH_TORCH is ON. LibTorch
# headers stay in these layers and above.

find_package(Torch REQUIRED PATHS /usr/lib/x86_64-linux-gnu/cmake/Torch)

smrt_layer(nn)
# Torch's headers are SYSTEM so that our -Wconversion/-Wshadow stay clean.
target_include_directories(smrt_nn SYSTEM PUBLIC ${TORCH_INCLUDE_DIRS})
target_link_libraries(smrt_nn PUBLIC smrt_core ${TORCH_LIBRARIES})
# torch/torch.h costs ~20 s per file to parse; a precompiled header makes the
# layer affordable on a 2-core machine.
target_precompile_headers(smrt_nn PRIVATE <torch/torch.h>)

if(EXISTS ${PROJECT_SOURCE_DIR}/src/generative)
  smrt_layer(generative)
  target_link_libraries(smrt_generative PUBLIC smrt_nn smrt_sample)
  target_precompile_headers(smrt_generative REUSE_FROM smrt_nn)
endif()
