#include "component_solver.hpp"

#include "bound_tightening.hpp"
#include "box_problem.hpp"
#include "branch_and_bound.hpp"
#include "dense_simplex.hpp"
#include "dive.hpp"
#include "large_component.hpp"
#include "propagated_bounds.hpp"
#include "propagation.hpp"

#include <tally/error.hpp>

#include <numeric>
#include <string>

namespace tally::solve {
namespace {

template <class A>
std::optional<std::vector<integer>> dive_for_point_with(const linear_system& part) {
  bound_engine<A> engine(part, {}, {.record_reasons = false, .keep_trail = true});
  if (engine.run(propagation_sweeps) != bound_engine<A>::outcome::fixpoint) return std::nullopt;
  std::vector<std::size_t> order(part.variables);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::vector<char> low(part.variables, 0);
  std::vector<typename A::value_type> values;
  if (!dive(engine, order, low, values, propagation_sweeps)) return std::nullopt;
  std::vector<integer> point(values.size());
  for (std::size_t j = 0; j < values.size(); ++j) point[j] = A::store(values[j]);
  return point;
}

std::optional<std::vector<integer>> dive_for_point(const linear_system& part) {
  try {
    return dive_for_point_with<int64_arithmetic>(part);
  } catch (const overflow_signal&) {
    return dive_for_point_with<big_arithmetic>(part);
  }
}

// One engine for the propagation and the dive: a feasibility check is the
// commonest question of the conflict search, asked on every candidate.
template <class A>
std::optional<bool> quick_feasibility_with(const linear_system& system, const row_mask& active, bool exact_network) {
  using engine_type = bound_engine<A>;
  engine_type engine(system, active, {.record_reasons = false, .keep_trail = true});
  typename engine_type::outcome outcome = engine.run(propagation_sweeps);
  // an acyclic network cannot creep; a long chain may still need more sweeps
  if (exact_network && outcome == engine_type::outcome::capped)
    outcome = engine.run(system.variables + system.rows.size() + propagation_sweeps);
  if (outcome == engine_type::outcome::contradiction) return false;
  if (outcome == engine_type::outcome::capped) return std::nullopt;
  if (exact_network) return true;
  std::vector<std::size_t> order(system.variables);
  std::iota(order.begin(), order.end(), std::size_t{0});
  const std::vector<char> low(system.variables, 0);
  std::vector<typename A::value_type> values;
  if (dive(engine, order, low, values, propagation_sweeps)) return true;
  return std::nullopt;
}

}  // namespace

std::optional<bool> quick_feasibility(const linear_system& system, const row_mask& active, bool exact_network) {
  try {
    return quick_feasibility_with<int64_arithmetic>(system, active, exact_network);
  } catch (const overflow_signal&) {
    return quick_feasibility_with<big_arithmetic>(system, active, exact_network);
  }
}

propagated_bounds settle(const linear_system& system, const row_mask& active, bool& exact) {
  propagated_bounds bounds = propagate_bounds(system, active, propagation_sweeps);
  exact = !bounds.contradiction && propagation_is_exact(system, active);
  if (exact && !bounds.fixpoint) {
    // an acyclic network cannot creep; a long chain may still need more sweeps
    bounds = propagate_bounds(system, active, system.variables + system.rows.size() + propagation_sweeps);
    exact = bounds.fixpoint && !bounds.contradiction;
  }
  return bounds;
}

ranges_result component_ranges(const linear_system& part, work_counters& work, const propagated_bounds* settled) {
  ranges_result result;
  bool exact = false;
  propagated_bounds bounds;
  if (settled) {
    bounds = *settled;
    exact = propagation_is_exact(part, {});
  } else {
    bounds = settle(part, {}, exact);
  }
  if (bounds.contradiction) return result;
  if (exact) {
    ++work.exact_components;
    result.feasible = true;
    result.min = std::move(bounds.lower);
    result.max = std::move(bounds.upper);
    return result;
  }
  box_problem box;
  if (!make_box_problem(part, {}, bounds.lower, bounds.upper, box)) return result;
  if (box.rows.empty()) {
    result.feasible = true;
    result.min = std::move(box.lower);
    result.max = std::move(box.upper);
    return result;
  }
  if (dense_cells(box.variables, box.rows.size()) > dense_cell_limit) return large_component_ranges(part, work);
  box_ranges tightened = tighten_box_ranges(box, work);
  result.feasible = tightened.feasible;
  result.min = std::move(tightened.min);
  result.max = std::move(tightened.max);
  return result;
}

bool component_feasible(const linear_system& part, work_counters& work) {
  bool exact = false;
  const propagated_bounds bounds = settle(part, {}, exact);
  if (bounds.contradiction) return false;
  if (exact) {
    ++work.exact_components;
    return true;
  }
  if (dive_for_point(part)) return true;
  box_problem box;
  if (!make_box_problem(part, {}, bounds.lower, bounds.upper, box)) return false;
  return optimize_box(box, {}, work).status == optimum::kind::optimal;
}

optimum component_minimize(const linear_system& part, const std::vector<term>& objective, work_counters& work,
                           std::size_t node_limit) {
  optimum answer;
  bool exact = false;
  const propagated_bounds bounds = settle(part, {}, exact);
  if (bounds.contradiction) return answer;
  box_problem box;
  if (!make_box_problem(part, {}, bounds.lower, bounds.upper, box)) return answer;
  // A dive's point answers a feasibility question, and starts a large LP
  // close by; a dense LP is cheaper from scratch than the dive.
  const bool dense = dense_cells(box.variables, box.rows.size()) <= dense_cell_limit;
  if (!objective.empty() && dense) return optimize_box(box, objective, work, nullptr, node_limit);
  const std::optional<std::vector<integer>> point = dive_for_point(part);
  if (!point && exact) throw error("internal error: a dive failed on a network where propagation is exact");
  if (point && objective.empty()) {
    answer.status = optimum::kind::optimal;
    answer.point = *point;
    return answer;
  }
  return optimize_box(box, objective, work, point ? &*point : nullptr, node_limit);
}

}  // namespace tally::solve
