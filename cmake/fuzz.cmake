# `make fuzz` (see docs/testing.md): with -DSMRT_FUZZ=ON and clang, every
# library of this build tree is compiled with libFuzzer's coverage hooks plus
# ASan and UBSan, and tests/fuzz builds the fuzz_<name> executables. Included
# before any target is defined. The normal build (any compiler) builds the same
# targets as corpus replayers instead, so clang is needed only here.
option(SMRT_FUZZ "Build the libFuzzer targets (clang only)" OFF)
if(SMRT_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "SMRT_FUZZ needs clang (configure with CXX=clang++; make fuzz does)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -gline-tables-only)
  add_link_options(-fsanitize=address,undefined)
endif()
