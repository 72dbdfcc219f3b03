// Branch and bound on the exact LP: integer optimisation over a box_problem.
// Depth-first, branching on the lowest-index fractional variable (down
// branch first), pruning a node whose LP bound cannot beat the incumbent
// (objectives have integer coefficients, so ⌈LP bound⌉ is a valid bound).
// Each child starts its LP from the parent's solution. A node limit stops it
// with tally::error rather than running unbounded.
#pragma once

#include "box_problem.hpp"
#include "checked_rational.hpp"
#include "integer_program.hpp"

#include <tally/error.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

namespace tally::solve {

/// Called with every integer point found (each satisfies the problem).
using point_observer = std::function<void(const std::vector<integer>& point)>;

/// A search that stopped at its node limit without an answer.
struct search_limit_reached : error {
  using error::error;
};

struct search_outcome {
  bool found = false;      // a point better than the incumbent (any point when the objective is empty)
  bool unbounded = false;  // the root LP is unbounded (only reported, not searched)
  integer value;           // the objective at `point`
  std::vector<integer> point;
};

/// min objective·x over the integer points of `problem`, looking only for
/// points whose value is below `incumbent` when one is given. An empty
/// objective stops at the first integer point. Simplex is dense_simplex<Q>
/// or sparse_simplex<Q>, Q checked_rational (may throw overflow_signal) or
/// rational. `start` (one value per variable) is where the root LP begins.
template <class Simplex>
search_outcome branch_and_bound(const box_problem& problem, const std::vector<term>& objective,
                                const std::optional<integer>& incumbent, const point_observer& observe,
                                work_counters& work, const std::vector<integer>* start = nullptr,
                                std::size_t node_limit = branch_and_bound_node_limit);

/// The complete answer with the overflow fallback: optimal (value, point),
/// infeasible, or unbounded (decided on the LP relaxation once an integer
/// point is known to exist). An empty objective asks for any point. The
/// sparse simplex is used when the dense tableau would be large.
optimum optimize_box(const box_problem& problem, const std::vector<term>& objective, work_counters& work,
                     const std::vector<integer>* start = nullptr,
                     std::size_t node_limit = branch_and_bound_node_limit);

/// min objective·x below `incumbent` with the overflow fallback; every point
/// found goes to `observe`. Returns whether a better point was found.
bool improve_box(const box_problem& problem, const std::vector<term>& objective, const integer& incumbent,
                 const point_observer& observe, work_counters& work, const std::vector<integer>* start = nullptr);

}  // namespace tally::solve
