# `make sanitize` (see docs/testing.md): every target of this build tree with
# the sanitizers in SMRT_SANITIZE, e.g. -DSMRT_SANITIZE=address,undefined.
# Included before any target is defined, so that every layer, test and the CLI
# are instrumented alike. Undefined behaviour aborts (no recovery), so a report
# fails the test that caused it. Line tables (-g1) make reports name the line
# without the compile time of full debug info.
set(SMRT_SANITIZE "" CACHE STRING "Sanitizers for every target (e.g. address,undefined); empty: none")
if(SMRT_SANITIZE)
  add_compile_options(-fsanitize=${SMRT_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer -g1)
  add_link_options(-fsanitize=${SMRT_SANITIZE})
  # GCC's flow analysis misreads the sanitizers' instrumentation and warns of
  # uninitialised members inside libstdc++ (std::regex, std::function).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()
