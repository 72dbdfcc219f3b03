#include "guided_dive.hpp"

#include "bound_engine.hpp"
#include "dive.hpp"
#include "dive_order.hpp"

#include <numeric>

namespace tally::solve {
namespace {

// Sweeps per bound in the dive's propagation; a dive that creeps gives up.
constexpr std::size_t dive_sweeps = 64;

template <class A>
std::optional<std::vector<integer>> dive_with(const linear_system& system, const std::vector<integer>& hint,
                                              const std::vector<integer>& other, const std::vector<std::size_t>& settled_first) {
  using value = typename A::value_type;
  const std::size_t n = system.variables;
  bound_engine<A> engine(system, {}, {.record_reasons = false, .keep_trail = true});
  if (engine.run(n + dive_sweeps) != bound_engine<A>::outcome::fixpoint) return std::nullopt;
  std::vector<value> guide(n), second(n), point;
  for (std::size_t j = 0; j < n; ++j)
    if (!A::load(hint[j], guide[j]) || !A::load(other[j], second[j])) throw overflow_signal{};
  const std::vector<char> everywhere(n, 1), low(n, 0);
  std::vector<std::size_t> forward(n);
  std::iota(forward.begin(), forward.end(), std::size_t{0});
  const std::vector<std::size_t> backward(forward.rbegin(), forward.rend());
  if (!dive(engine, settled_first, low, point, dive_sweeps, &guide, &everywhere, &second) &&
      !dive(engine, slice_order(system), low, point, dive_sweeps, &guide, &everywhere, &second) &&
      !dive(engine, backward, low, point, dive_sweeps, &guide, &everywhere, &second) &&
      !dive(engine, forward, low, point, dive_sweeps, &guide, &everywhere, &second))
    return std::nullopt;
  std::vector<integer> found(n);
  for (std::size_t j = 0; j < n; ++j) found[j] = A::store(point[j]);
  return found;
}

}  // namespace

std::optional<std::vector<integer>> guided_dive(const box_problem& problem, const std::vector<term>& objective,
                                                const integer& bound, const std::vector<integer>& hint,
                                                const std::vector<integer>& other, const std::vector<char>& integral) {
  // the variables the LP already has integral go first: they are the likeliest to fit together
  std::vector<std::size_t> settled_first;
  for (std::size_t j = 0; j < problem.variables; ++j)
    if (integral[j]) settled_first.push_back(j);
  for (std::size_t j = 0; j < problem.variables; ++j)
    if (!integral[j]) settled_first.push_back(j);
  linear_system system;
  system.variables = problem.variables;
  system.rows = problem.rows;
  for (std::size_t j = 0; j < problem.variables; ++j) {
    if (problem.lower[j] == 0 && !problem.upper[j]) continue;
    system.rows.push_back(row{{{j, 1}}, problem.lower[j], problem.upper[j]});
  }
  if (!objective.empty()) system.rows.push_back(row{objective, std::nullopt, bound});
  std::optional<std::vector<integer>> found;
  try {
    found = dive_with<int64_arithmetic>(system, hint, other, settled_first);
  } catch (const overflow_signal&) {
    found = dive_with<big_arithmetic>(system, hint, other, settled_first);
  }
  if (found && !satisfies(problem, *found)) return std::nullopt;
  return found;
}

}  // namespace tally::solve
