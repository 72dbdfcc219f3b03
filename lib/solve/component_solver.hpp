// One connected component, solved exactly: bounds propagation first (exact
// on Berge-acyclic ±1 networks), then a propagation-guided dive for a point,
// then the exact LP with branch and bound on the box problem. The ranges of
// a component too large for the dense LP take the witness path
// (large_component.hpp).
#pragma once

#include "integer_program.hpp"
#include "linear_system.hpp"
#include "propagated_bounds.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

namespace tally::solve {

/// Sweeps of propagation per bound before handing over to the LP.
inline constexpr std::size_t propagation_sweeps = 64;

/// Propagation of the active rows to a fixpoint; `exact` is set when those
/// bounds are the exact integer ranges (propagation_is_exact), and then a
/// contradiction-free fixpoint also proves that an integer point exists.
propagated_bounds settle(const linear_system& system, const row_mask& active, bool& exact);

/// What propagation and one dive over the whole system decide about its
/// integer points under `active`: true or false, or nullopt when only the
/// components' LPs can tell. `exact_network` is propagation_is_exact's
/// answer for these rows (then no dive is needed).
std::optional<bool> quick_feasibility(const linear_system& system, const row_mask& active, bool exact_network);

/// quick_feasibility for a stream of masks over one system: the propagation
/// engine is loaded once with every row and restarted on each mask (the
/// conflict search asks hundreds of questions on subsets of one system's
/// rows). Same answers as quick_feasibility.
class feasibility_engine {
 public:
  explicit feasibility_engine(const linear_system& system);
  ~feasibility_engine();
  feasibility_engine(const feasibility_engine&) = delete;
  feasibility_engine& operator=(const feasibility_engine&) = delete;

  /// False when it was loaded from a system of another shape (a guard
  /// against a system changed after the engine was made for it); true
  /// without an engine, whose checks all start afresh.
  bool serves(const linear_system& system) const;
  /// `system` is the one it was made from.
  std::optional<bool> quick(const linear_system& system, const row_mask& active, bool exact_network);

 private:
  struct state;
  std::unique_ptr<state> state_;  // none when a side does not fit in 64 bits
};

/// `part` is a component (every row active, terms merged). `settled`, when
/// given, is the part's propagation fixpoint (a fixpoint of the whole system
/// restricted to the part is one: propagation's fixpoint is unique), so it
/// is not propagated again.
ranges_result component_ranges(const linear_system& part, work_counters& work,
                               std::optional<propagated_bounds> settled = std::nullopt);
bool component_feasible(const linear_system& part, work_counters& work);
/// An empty objective asks for any integer point.
/// `node_limit` caps each branch and bound (search_limit_reached past it).
optimum component_minimize(const linear_system& part, const std::vector<term>& objective, work_counters& work,
                           std::size_t node_limit);

}  // namespace tally::solve
