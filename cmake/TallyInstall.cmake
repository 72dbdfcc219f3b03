# `cmake --install` puts the headers, the library and a CMake package that
# `find_package(tally CONFIG)` consumes (tests/find-package proves it).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/tally DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS tally tally_gmp EXPORT tally-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT tally-targets NAMESPACE tally:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tally)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/tally-config.cmake.in
  ${PROJECT_BINARY_DIR}/tally-config.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tally)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/tally-config-version.cmake COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/tally-config.cmake ${PROJECT_BINARY_DIR}/tally-config-version.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tally)
if(TALLY_BUILD_CLI)
  install(TARGETS tally_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
