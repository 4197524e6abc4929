# The library API (include/smrt/smrt.h, src/api): what the CLI, the Python
# package and C++ users call. Included after the layers it stands on.
smrt_layer(api)
target_link_libraries(smrt_api PUBLIC smrt_sample)
if(TARGET smrt_generative)
  target_link_libraries(smrt_api PUBLIC smrt_generative)
  target_compile_definitions(smrt_api PRIVATE SMRT_HAVE_GENERATIVE=1)
endif()

# The same API without the generative layer, for the CLI program that never
# loads LibTorch (cmake/cli.cmake): Estimator and the method table know the
# classical samplers only, Model's calls report the missing layer.
if(TARGET smrt_generative)
  file(GLOB _api_srcs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/api/*.cpp)
  add_library(smrt_api_classical STATIC ${_api_srcs})
  target_include_directories(smrt_api_classical PUBLIC ${PROJECT_SOURCE_DIR}/include)
  target_compile_options(smrt_api_classical PRIVATE ${SMRT_WARNINGS})
  target_link_libraries(smrt_api_classical PUBLIC smrt_sample)
  smrt_unity(smrt_api_classical)
endif()
smrt_unity(smrt_api)

# For other projects: one shared library (every layer inside) with the
# public headers and a CMake package, so that
#   find_package(smrt) + target_link_libraries(app smrt::smrt)
# works after `cmake --install`.
add_library(smrt_library SHARED ${PROJECT_SOURCE_DIR}/src/api/library.cpp)
set(_smrt_layers smrt_core smrt_sample smrt_api)
foreach(_layer neighbors nn generative)
  if(TARGET smrt_${_layer})
    list(APPEND _smrt_layers smrt_${_layer})
  endif()
endforeach()
# Every object of every layer goes in (a consumer may call any public header),
# then the layers again as targets, for their own dependencies (torch, ...).
set(_whole -Wl,--whole-archive)
foreach(_layer ${_smrt_layers})
  list(APPEND _whole $<TARGET_FILE:${_layer}>)
endforeach()
list(APPEND _whole -Wl,--no-whole-archive)
target_link_libraries(smrt_library PRIVATE ${_whole} ${_smrt_layers})
add_dependencies(smrt_library ${_smrt_layers})
target_compile_options(smrt_library PRIVATE ${SMRT_WARNINGS})
target_compile_features(smrt_library PUBLIC cxx_std_17)  # consumers' code reads the headers as C++17
target_include_directories(smrt_library PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
                                               $<INSTALL_INTERFACE:include>)
set_target_properties(smrt_library PROPERTIES OUTPUT_NAME smrt EXPORT_NAME smrt VERSION ${PROJECT_VERSION}
                                              SOVERSION ${PROJECT_VERSION_MAJOR})
add_library(smrt::smrt ALIAS smrt_library)

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
install(TARGETS smrt_library EXPORT smrtTargets LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/smrt DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT smrtTargets NAMESPACE smrt:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/smrt)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/smrtConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/smrtConfig.cmake
                              INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/smrt)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/smrtConfigVersion.cmake COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/smrtConfig.cmake ${PROJECT_BINARY_DIR}/smrtConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/smrt)
