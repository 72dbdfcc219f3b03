#include "solve/stop.hpp"

#include <tally/error.hpp>

#include <fmt/format.h>

namespace tally::solve {
namespace detail {

thread_local const stop_rule* installed_stop_rule = nullptr;

namespace {
// Reading the clock costs about as much as a small pivot, so it is read on
// every 16th poll; a request to stop is an atomic load, read on every poll.
thread_local unsigned polls_since_clock = 0;
constexpr unsigned polls_per_clock_read = 16;
}  // namespace

void poll_installed_stop_rule() {
  const stop_rule& rule = *installed_stop_rule;
  if (rule.token.stop_requested()) throw stopped(stopped::reason::requested, "the reconciliation was stopped on request");
  if (!rule.deadline || ++polls_since_clock < polls_per_clock_read) return;
  polls_since_clock = 0;
  if (std::chrono::steady_clock::now() > *rule.deadline)
    throw stopped(stopped::reason::time_limit, fmt::format("the reconciliation reached its time limit of {} s", rule.seconds));
}

}  // namespace detail

stop_scope::stop_scope(const stop_rule* rule) : previous_(detail::installed_stop_rule) {
  detail::installed_stop_rule = rule;
}

stop_scope::~stop_scope() { detail::installed_stop_rule = previous_; }

const stop_rule* current_stop_rule() { return detail::installed_stop_rule; }

}  // namespace tally::solve
