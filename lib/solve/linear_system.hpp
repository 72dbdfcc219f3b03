// The solver's view of a document: integer variables x ≥ 0 and rows
// lower ≤ Σ coefficient·x ≤ upper. Internal to the library.
#pragma once

#include <tally/numbers.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace tally::solve {

struct term {
  std::size_t variable = 0;
  std::int64_t coefficient = 0;  // never 0; ±1 for everything a document makes
};

/// lower ≤ Σ terms ≤ upper; an empty side is unbounded.
struct row {
  std::vector<term> terms;
  std::optional<integer> lower;
  std::optional<integer> upper;
};

/// Every variable is a non-negative integer with no upper bound of its own.
struct linear_system {
  std::size_t variables = 0;
  std::vector<row> rows;
};

/// Sorts terms by variable and adds up the coefficients of a variable named
/// more than once, dropping those that cancel (x + y − x becomes y).
inline void merge_terms(std::vector<term>& terms) {
  // rows from split_into_components and formulate are merged already
  bool merged_already = true;
  for (std::size_t k = 0; k < terms.size() && merged_already; ++k)
    merged_already = terms[k].coefficient != 0 && (k == 0 || terms[k - 1].variable < terms[k].variable);
  if (merged_already) return;
  std::sort(terms.begin(), terms.end(), [](const term& a, const term& b) { return a.variable < b.variable; });
  std::size_t kept = 0;
  for (std::size_t k = 0; k < terms.size();) {
    term merged{terms[k].variable, 0};
    for (; k < terms.size() && terms[k].variable == merged.variable; ++k) merged.coefficient += terms[k].coefficient;
    if (merged.coefficient != 0) terms[kept++] = merged;
  }
  terms.resize(kept);
}

/// Which rows are in force: active[r] for row r. An empty mask means all rows.
using row_mask = std::vector<char>;

inline bool is_active(const row_mask& mask, std::size_t r) { return mask.empty() || mask[r]; }

/// The rows naming each variable, among those `keep(r)` accepts, in two flat
/// arrays: rows[begin[v]] … rows[begin[v + 1] − 1] for variable v.
struct rows_by_variable {
  std::vector<std::size_t> begin, rows;

  template <class Keep>
  rows_by_variable(const linear_system& system, const Keep& keep) : begin(system.variables + 1, 0) {
    for (std::size_t r = 0; r < system.rows.size(); ++r)
      if (keep(r))
        for (const term& t : system.rows[r].terms) ++begin[t.variable + 1];
    for (std::size_t v = 0; v < system.variables; ++v) begin[v + 1] += begin[v];
    rows.resize(begin.back());
    std::vector<std::size_t> next(begin.begin(), begin.end() - 1);
    for (std::size_t r = 0; r < system.rows.size(); ++r)
      if (keep(r))
        for (const term& t : system.rows[r].terms) rows[next[t.variable]++] = r;
  }
};

/// Work counters, added to by every call (deterministic, no clock).
struct work_counters {
  std::size_t components = 0;
  std::size_t exact_components = 0;  // settled by propagation alone
  std::size_t lp_solves = 0;
  std::size_t pivots = 0;
  std::size_t branch_nodes = 0;
  std::size_t feasibility_checks = 0;

  work_counters& operator+=(const work_counters& other) {
    components += other.components;
    exact_components += other.exact_components;
    lp_solves += other.lp_solves;
    pivots += other.pivots;
    branch_nodes += other.branch_nodes;
    feasibility_checks += other.feasibility_checks;
    return *this;
  }
};

}  // namespace tally::solve
