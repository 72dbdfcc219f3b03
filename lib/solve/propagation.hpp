// Bounds propagation with reasons: each tightening records the row that
// implied it and the earlier tightenings it used, so that a contradiction can
// be read back as a chain of steps ("inmates ≥ 200; inmates ≤ isis, so
// isis ≥ 200; isis = 124: contradiction"). Internal to the library.
#pragma once

#include "linear_system.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace tally::solve {

/// One tightening: variable's lower (or upper) bound became `value` because
/// of `row`, given the bounds set by the `premises` (indices into events;
/// the initial bounds x ≥ 0, x ≤ ∞ are never events).
struct propagation_event {
  std::size_t variable = 0;
  bool is_upper = false;
  integer value;
  std::size_t row = 0;
  std::vector<std::size_t> premises;
};

struct propagation_result {
  /// True when the active rows have no integer point (found by propagation).
  bool contradiction = false;
  /// On contradiction: the row that can no longer be satisfied given the
  /// bounds set by `conflict_premises` (event indices). When a variable's own
  /// bounds crossed, the row is the one that set the last of the two and the
  /// premises are both events.
  std::size_t conflict_row = 0;
  std::vector<std::size_t> conflict_premises;
  /// On contradiction: true when conflict_row's activity cannot meet its
  /// side (the row is then one step of the derivation besides the
  /// premises); false when a variable's bounds crossed. `excess`: by how
  /// much (bound_engine::excess).
  bool row_failed = false;
  integer excess;
  /// The bounds at the fixpoint (or when the contradiction was found).
  std::vector<integer> lower;
  std::vector<std::optional<integer>> upper;
  std::vector<propagation_event> events;
  /// False when propagation stopped at the sweep cap before a fixpoint.
  bool fixpoint = true;
};

/// Propagates the active rows to a fixpoint (at most `max_sweeps` passes
/// over the queue per variable bound, to stop creeping on cycles).
propagation_result propagate(const linear_system& system, const row_mask& active,
                             std::size_t max_sweeps = 64);

/// True when propagation's fixpoint bounds are the exact integer ranges (and
/// a contradiction-free fixpoint proves feasibility): the active rows form a
/// Berge-acyclic network (no cycle in the variable–row incidence graph)
/// and every row with two or more variables has ±1
/// coefficients. (Acyclicity alone is not enough with other coefficients:
/// 2x + 2y = z, 3 ≤ z ≤ 5 propagates to z ∈ [3, 5] but z can only be 4.)
bool propagation_is_exact(const linear_system& system, const row_mask& active);

}  // namespace tally::solve
