#include "box_problem.hpp"

#include "model/rounding.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace tally::solve {
namespace {

__extension__ typedef __int128 wide;

// c·x_j within [lower, upper] as a box on x_j.
void tighten_box(const term& t, const std::optional<integer>& lower, const std::optional<integer>& upper,
                 integer& box_lower, std::optional<integer>& box_upper) {
  const std::optional<integer>& gives_lower = t.coefficient > 0 ? lower : upper;
  const std::optional<integer>& gives_upper = t.coefficient > 0 ? upper : lower;
  if (gives_lower) box_lower = std::max(box_lower, tally::detail::ceil_divide(*gives_lower, integer{t.coefficient}));
  if (gives_upper) {
    integer bound = tally::detail::floor_divide(*gives_upper, integer{t.coefficient});
    if (!box_upper || bound < *box_upper) box_upper = std::move(bound);
  }
}

// The least and most Σ terms over the boxes, in machine words: false (and
// nothing set) when a bound or a partial sum does not fit.
bool activity_in_words(const row& candidate, const std::vector<integer>& lower,
                       const std::vector<std::optional<integer>>& upper, integer& least, integer& most,
                       bool& least_finite, bool& most_finite) {
  wide low_sum = 0, high_sum = 0;
  bool low_finite = true, high_finite = true;
  for (const term& t : candidate.terms) {
    const integer& low = lower[t.variable];
    const std::optional<integer>& high = upper[t.variable];
    if (!fits_int64(low) || (high && !fits_int64(*high))) return false;
    const wide c = t.coefficient;
    const wide at_low = c * static_cast<std::int64_t>(low);
    const wide at_high = high ? c * static_cast<std::int64_t>(*high) : 0;
    wide& gives_least = t.coefficient > 0 ? low_sum : high_sum;  // the side the lower end feeds
    if (__builtin_add_overflow(gives_least, at_low, &gives_least)) return false;
    if (!high) {
      (t.coefficient > 0 ? high_finite : low_finite) = false;
      continue;
    }
    wide& gives_most = t.coefficient > 0 ? high_sum : low_sum;
    if (__builtin_add_overflow(gives_most, at_high, &gives_most)) return false;
  }
  least = low_sum;
  most = high_sum;
  least_finite = low_finite;
  most_finite = high_finite;
  return true;
}

}  // namespace

bool make_box_problem(const linear_system& system, const row_mask& active, std::vector<integer> lower,
                      std::vector<std::optional<integer>> upper, box_problem& out) {
  out = box_problem{};
  out.variables = system.variables;
  std::vector<row> wide;
  for (std::size_t r = 0; r < system.rows.size(); ++r) {
    if (!is_active(active, r)) continue;
    // a row whose sides cross ("nearly 186.5" on a sum: 187 ≤ a + b ≤ 186) has no point at all
    if (system.rows[r].lower && system.rows[r].upper && *system.rows[r].lower > *system.rows[r].upper) return false;
    row copy = system.rows[r];
    merge_terms(copy.terms);
    if (copy.terms.empty()) {
      if ((copy.lower && *copy.lower > 0) || (copy.upper && *copy.upper < 0)) return false;
    } else if (copy.terms.size() == 1) {
      const std::size_t j = copy.terms[0].variable;
      tighten_box(copy.terms[0], copy.lower, copy.upper, lower[j], upper[j]);
    } else {
      wide.push_back(std::move(copy));
    }
  }
  for (std::size_t j = 0; j < system.variables; ++j) {
    if (lower[j] < 0) lower[j] = 0;
    if (upper[j] && *upper[j] < lower[j]) return false;
  }
  for (row& candidate : wide) {
    integer least, most;
    bool most_finite = true, least_finite = true;
    if (!activity_in_words(candidate, lower, upper, least, most, least_finite, most_finite)) {
      for (const term& t : candidate.terms) {
        const integer& low = lower[t.variable];
        const std::optional<integer>& high = upper[t.variable];
        if (t.coefficient > 0) {
          least += t.coefficient * low;
          if (high) most += t.coefficient * *high;
          else most_finite = false;
        } else {
          most += t.coefficient * low;
          if (high) least += t.coefficient * *high;
          else least_finite = false;
        }
      }
    }
    if (candidate.lower && most_finite && most < *candidate.lower) return false;
    if (candidate.upper && least_finite && least > *candidate.upper) return false;
    if (candidate.lower && least_finite && least >= *candidate.lower) candidate.lower.reset();
    if (candidate.upper && most_finite && most <= *candidate.upper) candidate.upper.reset();
    if (candidate.lower || candidate.upper) out.rows.push_back(std::move(candidate));
  }
  out.lower = std::move(lower);
  out.upper = std::move(upper);
  return true;
}

bool satisfies(const box_problem& problem, const std::vector<integer>& point) {
  if (point.size() != problem.variables) return false;
  bool words = true;  // every value fits in 64 bits: rows are summed in 128
  for (std::size_t j = 0; j < problem.variables; ++j) {
    if (point[j] < problem.lower[j]) return false;
    if (problem.upper[j] && point[j] > *problem.upper[j]) return false;
    words = words && fits_int64(point[j]);
  }
  std::vector<std::int64_t> word;
  if (words) {
    word.reserve(point.size());
    for (const integer& v : point) word.push_back(static_cast<std::int64_t>(v));
  }
  for (const row& r : problem.rows) {
    if (words) {
      wide sum = 0;
      bool fits = true;
      for (const term& t : r.terms)
        fits = fits && !__builtin_add_overflow(sum, static_cast<wide>(t.coefficient) * word[t.variable], &sum);
      if (fits) {
        const integer total = sum;
        if (r.lower && total < *r.lower) return false;
        if (r.upper && total > *r.upper) return false;
        continue;
      }
    }
    integer sum;
    for (const term& t : r.terms) sum += t.coefficient * point[t.variable];
    if (r.lower && sum < *r.lower) return false;
    if (r.upper && sum > *r.upper) return false;
  }
  return true;
}

}  // namespace tally::solve
