// The integer program the exact LP and branch and bound work on: every
// variable in a box [lower, upper] (lower finite, upper optional) and rows of
// two or more variables, each with a side the boxes do not already imply.
// Built from a component's rows and bounds that are valid for all of its
// integer points (propagated ones), so its integer points are exactly the
// component's.
#pragma once

#include "linear_system.hpp"

#include <optional>
#include <vector>

namespace tally::solve {

struct box_problem {
  std::size_t variables = 0;
  std::vector<integer> lower;
  std::vector<std::optional<integer>> upper;
  std::vector<row> rows;  // terms merged: each variable at most once, never 0
};

/// Folds single-variable rows into the boxes and drops sides the boxes
/// imply. Returns false when a box empties or a row cannot be met (the
/// system then has no integer point). `lower`, `upper` hold one entry per
/// variable of `system`.
bool make_box_problem(const linear_system& system, const row_mask& active, std::vector<integer> lower,
                      std::vector<std::optional<integer>> upper, box_problem& out);

/// True when `point` (one value per variable) satisfies every row and box.
bool satisfies(const box_problem& problem, const std::vector<integer>& point);

}  // namespace tally::solve
