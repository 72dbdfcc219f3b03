// tally/error.hpp — the one exception family of the library.
//
// A document's own faults (bad JSON, a dangling reference) are diagnostics and
// a conflicting document is an ordinary result: neither throws. `tally::error`
// is for misuse of the API, I/O failure and broken internal invariants;
// `tally::stopped` says a reconciliation was cut short by its time limit or
// on request (options.hpp), so that nothing of it is taken as an answer.
#pragma once

#include <stdexcept>
#include <string>

namespace tally {

/// Thrown for misuse, I/O failure or an internal fault; never for the data.
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown by reconcile() when options.time_limit_seconds has passed or
/// options.stop was requested. Nothing of the unfinished result is returned:
/// a half-solved document has no range or conflict that could be trusted.
class stopped : public std::runtime_error {
 public:
  enum class reason { time_limit, requested };
  stopped(reason why, const std::string& message) : std::runtime_error(message), why_(why) {}
  reason why() const { return why_; }

 private:
  reason why_;
};

}  // namespace tally
