// tally/error.hpp — the one exception family of the library.
//
// A document's own faults (bad JSON, a dangling reference) are diagnostics and
// a conflicting document is an ordinary result: neither throws. `tally::error`
// is for misuse of the API, I/O failure and broken internal invariants.
#pragma once

#include <stdexcept>
#include <string>

namespace tally {

/// Thrown for misuse, I/O failure or an internal fault; never for the data.
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tally
