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
  # Clang 14 leaves GCC's target_clones on member functions unresolved at link
  # time: the fuzz build does without the per-CPU copies (speed only).
  file(GLOB_RECURSE _cloned CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/*.cpp)
  foreach(_src ${_cloned})
    file(STRINGS ${_src} _uses REGEX "target_clones")
    if(_uses)
      set_property(SOURCE ${_src} APPEND PROPERTY COMPILE_OPTIONS "-Dtarget_clones(...)=__unused__")
    endif()
  endforeach()
endif()
