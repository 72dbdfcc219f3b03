#include "propagation.hpp"

#include "bound_engine.hpp"
#include "propagated_bounds.hpp"

namespace tally::solve {
namespace {

template <class A>
void copy_bounds(const bound_engine<A>& engine, std::vector<integer>& lower, std::vector<std::optional<integer>>& upper) {
  const std::size_t n = engine.variables();
  lower.resize(n);
  upper.assign(n, std::nullopt);
  for (std::size_t j = 0; j < n; ++j) {
    lower[j] = A::store(engine.lower(j));
    if (engine.has_upper(j)) upper[j] = A::store(engine.upper(j));
  }
}

template <class A>
propagation_result propagate_with(const linear_system& system, const row_mask& active, std::size_t max_sweeps) {
  bound_engine<A> engine(system, active, {.record_reasons = true, .keep_trail = false});
  const auto outcome = engine.run(max_sweeps);
  propagation_result result;
  result.contradiction = outcome == bound_engine<A>::outcome::contradiction;
  result.fixpoint = outcome != bound_engine<A>::outcome::capped;
  if (result.contradiction) {
    result.conflict_row = engine.conflict_row();
    result.conflict_premises = std::move(engine.conflict_premises());
    result.row_failed = engine.conflict_row_failed();
    result.excess = A::store(engine.excess());
  }
  copy_bounds(engine, result.lower, result.upper);
  result.events = std::move(engine.events());
  return result;
}

template <class A>
propagated_bounds bounds_with(const linear_system& system, const row_mask& active, std::size_t max_sweeps) {
  bound_engine<A> engine(system, active, {});
  const auto outcome = engine.run(max_sweeps);
  propagated_bounds result;
  result.contradiction = outcome == bound_engine<A>::outcome::contradiction;
  result.fixpoint = outcome != bound_engine<A>::outcome::capped;
  copy_bounds(engine, result.lower, result.upper);
  return result;
}

}  // namespace

propagation_result propagate(const linear_system& system, const row_mask& active, std::size_t max_sweeps) {
  try {
    return propagate_with<int64_arithmetic>(system, active, max_sweeps);
  } catch (const overflow_signal&) {
    return propagate_with<big_arithmetic>(system, active, max_sweeps);
  }
}

propagated_bounds propagate_bounds(const linear_system& system, const row_mask& active, std::size_t max_sweeps) {
  try {
    return bounds_with<int64_arithmetic>(system, active, max_sweeps);
  } catch (const overflow_signal&) {
    return bounds_with<big_arithmetic>(system, active, max_sweeps);
  }
}

}  // namespace tally::solve
