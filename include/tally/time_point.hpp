// tally/time_point.hpp — when a claim speaks of a count.
//
// A claim's `as_of` is "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]". A date alone
// stands for the end of that day, after every time on it, so
// "2022-01-24T18:00" comes before "2022-01-24". A claim speaks of the final
// figure when it has no `as_of`, or when the event has an end and the claim is
// dated on or after it. The time points of a document are its distinct dated
// points in order, then `final` when any claim speaks of it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tally {

/// A calendar date, optionally with a time of day, as written in a document.
struct timestamp {
  int year = 0, month = 0, day = 0;
  /// Seconds since midnight; empty for a date alone (the end of that day).
  std::optional<int> seconds;

  /// Orders timestamps: a date alone sorts after every time on that day.
  std::int64_t order_key() const;
  /// Canonical text: "2022-01-26", "2022-01-26T10:00" or "2022-01-26T10:00:05".
  std::string to_string() const;
  friend bool operator==(const timestamp& a, const timestamp& b) {
    return a.order_key() == b.order_key();
  }
};

/// Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]" (a real calendar date,
/// years 1–9999); empty when the text is malformed or the date does not exist.
std::optional<timestamp> parse_timestamp(std::string_view text);

/// A point of a document's timeline: a dated point, or the final figure.
struct time_point {
  /// Empty for `final`.
  std::optional<timestamp> at;

  bool is_final() const { return !at.has_value(); }
  /// "2022-01-26" or "final".
  std::string to_string() const { return at ? at->to_string() : "final"; }
  friend bool operator<(const time_point& a, const time_point& b) {
    if (!a.at || !b.at) return a.at.has_value() && !b.at.has_value();
    return a.at->order_key() < b.at->order_key();
  }
  friend bool operator==(const time_point& a, const time_point& b) {
    return !(a < b) && !(b < a);
  }
};

}  // namespace tally
