// Optimisation-based bound tightening: the exact integer min and max of every
// variable of a box_problem. One LP is warm-started from objective to
// objective; every integer point met (LP vertices, branch-and-bound
// incumbents) is inspected, and a bound some point already attains is never
// optimised again (SCIP's prop_obbt does the same).
#pragma once

#include "box_problem.hpp"

#include <optional>
#include <vector>

namespace tally::solve {

struct box_ranges {
  bool feasible = false;
  std::vector<integer> min;
  std::vector<std::optional<integer>> max;  // empty: unbounded above
};

/// With the overflow fallback: checked 64-bit rationals, else GMP.
box_ranges tighten_box_ranges(const box_problem& problem, work_counters& work);

}  // namespace tally::solve
