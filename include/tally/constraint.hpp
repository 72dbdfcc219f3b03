// tally/constraint.hpp — what a claim becomes: integer bounds on a count.
//
// Every qualifier turns a claimed value into bounds lower ≤ E ≤ upper on the
// claimed count E (a non-negative integer, or a sum of them), rounded exactly
// as the format's table says: "at least 199.5" is E ≥ 200, "about 700" with
// τ = 1/10 is 630 ≤ E ≤ 770, "fewer than 10" is E ≤ 9.
#pragma once

#include <tally/claim_set.hpp>
#include <tally/numbers.hpp>

#include <optional>
#include <string>

namespace tally {

/// Integer bounds lower ≤ E ≤ upper; no upper means unbounded above.
struct integer_bounds {
  integer lower = 0;
  std::optional<integer> upper;
};

/// The bounds a valid claim puts on its count; `default_tolerance` is τ for
/// `about`/`nearly` claims without their own. The lower bound is never
/// negative (counts are non-negative). An empty range (lower > upper, e.g.
/// "fewer than 0.5") is returned as is: it makes the claim conflict alone.
integer_bounds claim_bounds(const claim& c, const rational& default_tolerance);

/// The claim's weight: its own `weight`, else its source's reliability.
rational claim_weight(const claim& c, const claim_set& document);

/// The time point a claim speaks of (see time_point.hpp).
time_point claim_time_point(const claim& c, const claim_set& document);

/// The time point a claim's change starts from (`since`); empty (nullopt)
/// for a claim about the count itself.
std::optional<time_point> claim_since_point(const claim& c, const claim_set& document);

}  // namespace tally
