# TALLY_SANITIZE and TALLY_BUILD_FUZZ (docs/testing.md): flags for every
# target of the build, so that the library, the unit tests, the Python module
# and the fuzz targets are instrumented alike.
if(TALLY_SANITIZE)
  # -fno-sanitize-recover: an undefined-behaviour report aborts, so a test fails.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
if(TALLY_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "TALLY_BUILD_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  # Coverage feedback from the library; fuzz/ links libFuzzer itself.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
