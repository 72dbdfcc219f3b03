// tally/version.hpp — the library's version and the format it reads.
#pragma once

namespace tally {

inline constexpr const char* version = "0.1.0";
inline constexpr const char* format_name = "tally/1";

}  // namespace tally
