# Every dependency comes from Debian 12's packages (scripts/setup.sh installs them).
find_package(Boost 1.74 CONFIG REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(simdjson 3 CONFIG REQUIRED)
find_library(TALLY_GMP_LIBRARY gmp REQUIRED)
find_path(TALLY_GMP_INCLUDE_DIR gmp.h REQUIRED)
find_package(Threads REQUIRED)

# GMP has no CMake package: give it a target so consumers link it by name.
if(NOT TARGET tally_gmp)
  add_library(tally_gmp INTERFACE)
  target_link_libraries(tally_gmp INTERFACE ${TALLY_GMP_LIBRARY})
  target_include_directories(tally_gmp INTERFACE ${TALLY_GMP_INCLUDE_DIR})
endif()

function(tally_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
  if(TALLY_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
