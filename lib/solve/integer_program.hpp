// Exact answers over the integer points of a linear_system: feasibility,
// optimisation of a linear objective, and the range of every variable.
// Components are solved separately; bounds propagation settles Berge-acyclic
// components exactly; the rest go to an exact simplex (checked 64-bit
// rationals, falling back to GMP on overflow) with branch and bound for
// integrality. Internal to the library.
#pragma once

#include "linear_system.hpp"

#include <optional>
#include <vector>

namespace tally::solve {

class feasibility_engine;

/// True when some non-negative integer point satisfies every active row.
/// `reuse`, when given, is an engine made for `system` (component_solver.hpp).
bool integer_feasible(const linear_system& system, const row_mask& active, work_counters& work,
                      feasibility_engine* reuse = nullptr);

/// The exact integer range of every variable under the active rows.
struct ranges_result {
  bool feasible = false;
  std::vector<integer> min;                  // per variable (when feasible)
  std::vector<std::optional<integer>> max;   // empty: unbounded above
};
/// Components are solved on up to `threads` threads (0: every core) when
/// the system is large enough to gain from it; the answer is the same.
ranges_result integer_ranges(const linear_system& system, const row_mask& active, work_counters& work,
                             unsigned threads = 1);

/// integer_ranges, component by component to the end, for a caller that
/// will drop rows of the components without an integer point and recompute
/// only those. When `feasible` is false and `min` is not empty,
/// `infeasible_rows` lists the active rows of those components, ascending,
/// and every other variable's range is exact; `min` is empty when
/// propagation over the whole system found the contradiction before any
/// component was solved.
ranges_result integer_ranges_by_component(const linear_system& system, const row_mask& active, work_counters& work,
                                          std::vector<std::size_t>& infeasible_rows, unsigned threads = 1);

/// Bounds every integer point of a system keeps: a finite lower and an
/// optional upper end per variable.
struct known_bounds {
  std::vector<integer> lower;
  std::vector<std::optional<integer>> upper;
  /// Where the LP begins, one value per variable (clamped to the bounds;
  /// rows it misses cost a phase 1); empty: at the lower ends.
  std::vector<integer> start;
};

/// min Σ objective·x over the integer points of the active rows.
struct optimum {
  enum class kind { optimal, infeasible, unbounded } status = kind::infeasible;
  integer value;              // when optimal
  std::vector<integer> point; // a minimiser, when optimal
};
/// At most this many branch-and-bound nodes per search by default; past it,
/// search_limit_reached (branch_and_bound.hpp).
inline constexpr std::size_t branch_and_bound_node_limit = 100000;

/// Each branch and bound stops after `node_limit` nodes with
/// search_limit_reached.
optimum integer_minimize(const linear_system& system, const row_mask& active,
                         const std::vector<term>& objective, work_counters& work,
                         std::size_t node_limit = branch_and_bound_node_limit);

/// What every integer minimiser of one objective says of each variable.
struct common_values {
  enum class kind : unsigned char {
    pinned,        // the same value in every minimiser: `value`
    unconstrained, // its component has no objective term, and its range is wider than one number
    varies,        // minimisers differ on it
    unsearched,    // its component's search outgrew the node limit
  };
  std::vector<kind> status;    // per variable
  std::vector<integer> value;  // per variable, when pinned
};

/// For every variable, whether it takes one value in all the integer
/// minimisers of `objective` (non-negative coefficients) over the rows, and
/// which. Solved component by component, since a separable objective's
/// minimisers are the products of every component's own. A component first
/// tries one exact LP: an integral optimal vertex whose optimal face is that
/// vertex alone pins everything; otherwise each variable's least and
/// greatest value over the face are found from the same tableau, and an
/// integral vertex where one differs proves it varies. When a vertex is
/// fractional, the numbers outgrow 64 bits or the tableau is large, the
/// integer optimum is the LP's ceiling when an integer point reaches it, else
/// branch and bound's; then one minimiser is found, and for each variable
/// whether a minimiser lies below it and above it (each search stops at its
/// first point). `known`, when
/// given, holds bounds every integer point of the rows keeps (the exact
/// ranges, say), one per variable: the components start from them instead
/// of propagating. Throws tally::error when the rows have no integer point.
common_values values_common_to_minimizers(const linear_system& system, const std::vector<term>& objective,
                                          work_counters& work, std::size_t node_limit, unsigned threads = 1,
                                          const known_bounds* known = nullptr);

}  // namespace tally::solve
