// Stopping a reconciliation on time (options.time_limit_seconds) or on
// request (options.stop). The rule is installed for the calling thread by
// reconcile() and carried into parallel_for's helpers; the solver's loops
// (pivots, branch nodes, propagation rounds, feasibility checks) call
// poll_stop(), which throws tally::stopped once the rule says so. A thread
// with no rule pays one thread-local load per poll. Internal to the library.
#pragma once

#include <chrono>
#include <optional>
#include <stop_token>

namespace tally::solve {

struct stop_rule {
  std::optional<std::chrono::steady_clock::time_point> deadline;
  double seconds = 0;  ///< the limit the deadline came from, for the message
  std::stop_token token;
};

/// Installs `rule` (may be null) for this thread until the scope ends.
class stop_scope {
 public:
  explicit stop_scope(const stop_rule* rule);
  ~stop_scope();
  stop_scope(const stop_scope&) = delete;
  stop_scope& operator=(const stop_scope&) = delete;

 private:
  const stop_rule* previous_;
};

/// The rule in force on this thread, or null.
const stop_rule* current_stop_rule();

namespace detail {
void poll_installed_stop_rule();
extern thread_local const stop_rule* installed_stop_rule;
}  // namespace detail

/// Throws tally::stopped when the rule in force says to stop.
inline void poll_stop() {
  if (detail::installed_stop_rule != nullptr) detail::poll_installed_stop_rule();
}

}  // namespace tally::solve
