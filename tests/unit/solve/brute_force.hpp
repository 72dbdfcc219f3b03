// Brute-force answers over small boxes, the reference the randomized solver
// tests compare against.
#pragma once

#include "solve/linear_system.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <vector>

namespace tally::solve::testing {

/// Every point of [0, limit]^n, in lexicographic order.
inline void for_each_point(std::size_t n, std::int64_t limit, const std::function<void(const std::vector<std::int64_t>&)>& visit) {
  std::vector<std::int64_t> x(n, 0);
  for (;;) {
    visit(x);
    std::size_t k = 0;
    while (k < n && x[k] == limit) x[k++] = 0;
    if (k == n) return;
    ++x[k];
  }
}

inline bool satisfies(const linear_system& s, const row_mask& active, const std::vector<std::int64_t>& x) {
  for (std::size_t r = 0; r < s.rows.size(); ++r) {
    if (!is_active(active, r)) continue;
    std::int64_t sum = 0;
    for (const term& t : s.rows[r].terms) sum += t.coefficient * x[t.variable];
    if (s.rows[r].lower && integer{sum} < *s.rows[r].lower) return false;
    if (s.rows[r].upper && integer{sum} > *s.rows[r].upper) return false;
  }
  return true;
}

struct brute_ranges {
  bool feasible = false;
  std::vector<std::int64_t> min, max;
};

inline brute_ranges enumerate_ranges(const linear_system& s, const row_mask& active, std::int64_t limit) {
  brute_ranges result;
  result.min.assign(s.variables, limit + 1);
  result.max.assign(s.variables, -1);
  for_each_point(s.variables, limit, [&](const std::vector<std::int64_t>& x) {
    if (!satisfies(s, active, x)) return;
    result.feasible = true;
    for (std::size_t j = 0; j < x.size(); ++j) {
      result.min[j] = std::min(result.min[j], x[j]);
      result.max[j] = std::max(result.max[j], x[j]);
    }
  });
  return result;
}

/// 3–5 variables, each with its own upper bound ≤ 6 (a single-variable row),
/// and a few random rows of ±1 (sometimes ±2) coefficients.
inline linear_system random_boxed_system(std::mt19937_64& random, std::size_t& rows_out) {
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(random); };
  linear_system s;
  s.variables = static_cast<std::size_t>(pick(3, 5));
  const auto rows = static_cast<std::size_t>(pick(1, 5));
  for (std::size_t r = 0; r < rows; ++r) {
    row made;
    const auto size = static_cast<std::size_t>(pick(2, static_cast<std::int64_t>(s.variables)));
    std::vector<std::size_t> vars(s.variables);
    for (std::size_t j = 0; j < vars.size(); ++j) vars[j] = j;
    std::shuffle(vars.begin(), vars.end(), random);
    for (std::size_t k = 0; k < size; ++k) {
      std::int64_t c = pick(0, 1) ? 1 : -1;
      if (pick(0, 9) == 0) c *= 2;
      made.terms.push_back({vars[k], c});
    }
    const bool both = pick(0, 2) == 0, lower_only = pick(0, 1) == 0;
    const std::int64_t a = pick(-3, 12), b = pick(-3, 12);
    if (both) {
      made.lower = integer{std::min(a, b)};
      made.upper = integer{std::max(a, b)};
    } else if (lower_only) {
      made.lower = integer{a};
    } else {
      made.upper = integer{a};
    }
    s.rows.push_back(std::move(made));
  }
  for (std::size_t j = 0; j < s.variables; ++j) {
    row box;
    box.terms.push_back({j, 1});
    box.upper = integer{pick(0, 6)};
    if (pick(0, 3) == 0) box.lower = integer{pick(0, 3)};
    s.rows.push_back(std::move(box));
  }
  rows_out = s.rows.size();
  return s;
}

}  // namespace tally::solve::testing
