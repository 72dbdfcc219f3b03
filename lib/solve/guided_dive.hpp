// A primal heuristic for branch and bound: a propagation-guided dive that
// looks for an integer point with objective·x ≤ bound, trying the LP
// solution's rounded values first. When the LP bound is already the integer
// optimum (common: the optimum of a weighted distance often has an integral
// value at a fractional vertex), the first point it finds ends the search.
#pragma once

#include "box_problem.hpp"

#include <optional>
#include <vector>

namespace tally::solve {

/// An integer point of `problem` with objective·x ≤ bound, or nothing when
/// the dive fails (which proves nothing). `hint` holds one value per
/// variable (the LP value rounded to nearest), `other` the other rounding;
/// those marked `integral` (exact in the LP) are fixed first.
std::optional<std::vector<integer>> guided_dive(const box_problem& problem, const std::vector<term>& objective,
                                                const integer& bound, const std::vector<integer>& hint,
                                                const std::vector<integer>& other, const std::vector<char>& integral);

}  // namespace tally::solve
