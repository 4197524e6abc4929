# The command-line programs. Loading LibTorch costs about 0.4 s per process,
# so with the neural layers built there are two programs from the same
# sources (docs/architecture.md, "Start-up"):
#   smrt        every layer but LibTorch's: info, list METHOD and resample
#               with a classical method run here; fit, generate, eval, demo,
#               list (all methods), info --system and resample with a
#               generative method exec smrt-torch with the same arguments.
#   smrt-torch  every layer; what `smrt` was before (users call `smrt`).
# Without LibTorch, `smrt` is the one program and has every command built.
file(GLOB _cli_srcs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tools/smrt/*.cpp)

function(smrt_cli_program name api)
  add_executable(${name} ${_cli_srcs})
  target_compile_options(${name} PRIVATE ${SMRT_WARNINGS})
  target_link_libraries(${name} PRIVATE ${api} CLI11::CLI11)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR})
  smrt_unity(${name})
endfunction()

# The program with every layer that is built: generative and eval commands.
function(smrt_cli_with_all_layers name)
  smrt_cli_program(${name} smrt_api)
  foreach(_layer generative eval)
    if(TARGET smrt_${_layer})
      target_link_libraries(${name} PRIVATE smrt_${_layer})
      string(TOUPPER ${_layer} _LAYER)
      target_compile_definitions(${name} PRIVATE SMRT_HAVE_${_LAYER}=1)
    endif()
  endforeach()
endfunction()

if(TARGET smrt_generative)
  smrt_cli_with_all_layers(smrt-torch)
  smrt_cli_program(smrt smrt_api_classical)
  target_compile_definitions(smrt PRIVATE SMRT_TORCH_CLI="smrt-torch")
  if(TARGET smrt_eval)
    target_compile_definitions(smrt PRIVATE SMRT_TORCH_CLI_HAS_EVAL=1)
  endif()
  # Whoever builds or runs smrt gets the program it hands over to.
  add_dependencies(smrt smrt-torch)
  set(SMRT_CLI_PROGRAMS smrt smrt-torch)
else()
  smrt_cli_with_all_layers(smrt)
  set(SMRT_CLI_PROGRAMS smrt)
endif()
install(TARGETS ${SMRT_CLI_PROGRAMS} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
