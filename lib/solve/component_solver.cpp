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

// Propagation, then one dive: a feasibility check is the commonest question
// of the conflict search, asked on every candidate. `order`, `low` and
// `values` are scratch (order: every variable, low: all 0).
template <class A>
std::optional<bool> decide_feasibility(bound_engine<A>& engine, const linear_system& system, bool exact_network,
                                       const std::vector<std::size_t>& order, const std::vector<char>& low,
                                       std::vector<typename A::value_type>& values) {
  using engine_type = bound_engine<A>;
  typename engine_type::outcome outcome = engine.run(propagation_sweeps);
  // an acyclic network cannot creep; a long chain may still need more sweeps
  if (exact_network && outcome == engine_type::outcome::capped)
    outcome = engine.run(system.variables + system.rows.size() + propagation_sweeps);
  if (outcome == engine_type::outcome::contradiction) return false;
  if (outcome == engine_type::outcome::capped) return std::nullopt;
  if (exact_network) return true;
  if (dive(engine, order, low, values, propagation_sweeps)) return true;
  return std::nullopt;
}

template <class A>
std::optional<bool> quick_feasibility_with(const linear_system& system, const row_mask& active, bool exact_network) {
  bound_engine<A> engine(system, active, {.record_reasons = false, .keep_trail = true});
  std::vector<std::size_t> order(system.variables);
  std::iota(order.begin(), order.end(), std::size_t{0});
  const std::vector<char> low(system.variables, 0);
  std::vector<typename A::value_type> values;
  return decide_feasibility(engine, system, exact_network, order, low, values);
}

}  // namespace

std::optional<bool> quick_feasibility(const linear_system& system, const row_mask& active, bool exact_network) {
  try {
    return quick_feasibility_with<int64_arithmetic>(system, active, exact_network);
  } catch (const overflow_signal&) {
    return quick_feasibility_with<big_arithmetic>(system, active, exact_network);
  }
}

struct feasibility_engine::state {
  explicit state(const linear_system& system)
      : engine(system, {}, {.record_reasons = false, .keep_trail = true}),
        order(system.variables),
        low(system.variables, 0),
        rows(system.rows.size()) {
    std::iota(order.begin(), order.end(), std::size_t{0});
  }
  bound_engine<int64_arithmetic> engine;
  std::vector<std::size_t> order;
  std::vector<char> low;
  std::vector<std::int64_t> values;
  std::size_t rows;
};

feasibility_engine::feasibility_engine(const linear_system& system) {
  try {
    state_ = std::make_unique<state>(system);
  } catch (const overflow_signal&) {
    state_.reset();  // a side past 64 bits: every check goes through quick_feasibility
  }
}

feasibility_engine::~feasibility_engine() = default;

bool feasibility_engine::serves(const linear_system& system) const {
  return !state_ || (state_->order.size() == system.variables && state_->rows == system.rows.size());
}

std::optional<bool> feasibility_engine::quick(const linear_system& system, const row_mask& active, bool exact_network) {
  if (!state_) return quick_feasibility(system, active, exact_network);
  try {
    state_->engine.restart(active);
    return decide_feasibility(state_->engine, system, exact_network, state_->order, state_->low, state_->values);
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

ranges_result component_ranges(const linear_system& part, work_counters& work,
                               std::optional<propagated_bounds> settled) {
  ranges_result result;
  bool exact = false;
  propagated_bounds bounds = settled ? std::move(*settled) : settle(part, {}, exact);
  if (settled) exact = propagation_is_exact(part, {});
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
