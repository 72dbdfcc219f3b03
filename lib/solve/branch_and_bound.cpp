#include "branch_and_bound.hpp"

#include "dense_simplex.hpp"
#include "guided_dive.hpp"
#include "sparse_simplex.hpp"
#include "stop.hpp"

#include <tally/error.hpp>

#include <string>
#include <utility>

namespace tally::solve {
namespace {

// Every this many nodes (counting from the root), a guided dive looks for an incumbent.
constexpr std::size_t guided_dive_interval = 1;

template <class Q>
struct node {
  std::vector<integer> lower;
  std::vector<std::optional<integer>> upper;
  std::vector<Q> start;
};

template <class Simplex>
std::vector<integer> integer_point(const Simplex& lp) {
  using Q = typename Simplex::number_type;
  std::vector<integer> point(lp.variables());
  for (std::size_t j = 0; j < point.size(); ++j) point[j] = exact_number<Q>::floor(lp.value(j));
  return point;
}

// Branching on a variable with no upper bound can chase it upwards forever
// (m = g + w with w fractional: m ≥ 2, then g ≥ 1, then m ≥ 3, …), so a
// fractional variable with a finite box goes first, the lowest index among
// them; only then the lowest-index fractional one.
template <class Simplex>
std::size_t branching_variable(const Simplex& lp, const box_problem& node_problem) {
  using Q = typename Simplex::number_type;
  std::size_t unbounded_choice = lp.variables();
  for (std::size_t j = lp.first_fractional(); j < lp.variables(); ++j) {
    if (exact_number<Q>::is_integer(lp.value(j))) continue;
    if (node_problem.upper[j]) return j;
    if (unbounded_choice == lp.variables()) unbounded_choice = j;
  }
  return unbounded_choice;
}

integer evaluate(const std::vector<term>& objective, const std::vector<integer>& point) {
  integer total;
  for (const term& t : objective) total += t.coefficient * point[t.variable];
  return total;
}

}  // namespace

template <class Simplex>
search_outcome branch_and_bound(const box_problem& problem, const std::vector<term>& objective,
                                const std::optional<integer>& incumbent, const point_observer& observe,
                                work_counters& work, const std::vector<integer>* start, std::size_t node_limit) {
  using Q = typename Simplex::number_type;
  search_outcome result;
  std::optional<integer> best = incumbent;
  box_problem current = problem;
  std::vector<node<Q>> stack;
  stack.push_back({problem.lower, problem.upper, {}});
  if (start)
    for (const integer& v : *start) stack.back().start.push_back(exact_number<Q>::from(v));
  std::size_t nodes = 0;
  while (!stack.empty()) {
    node<Q> here = std::move(stack.back());
    stack.pop_back();
    if (++nodes > node_limit)
      throw search_limit_reached("branch-and-bound limit reached (" + std::to_string(node_limit) +
                  " nodes) while solving an integer program exactly");
    ++work.branch_nodes;
    poll_stop();
    current.lower = here.lower;
    current.upper = here.upper;
    Simplex lp(current, here.start.empty() ? nullptr : &here.start);
    if (lp.find_feasible(work) != lp_status::optimal) continue;
    if (!objective.empty()) {
      if (lp.minimize(objective, work) == lp_status::unbounded) {
        // only the root can be unbounded: children of a bounded LP are bounded
        result.unbounded = true;
        return result;
      }
      if (best && exact_number<Q>::ceil(lp.objective_value()) >= *best) continue;
    }
    const std::size_t j = branching_variable(lp, current);
    std::optional<std::vector<integer>> rounded;
    if (j != lp.variables() && nodes % guided_dive_interval == 1 % guided_dive_interval) {
      // the LP's rounding, repaired by propagation, within the LP bound when it is below the incumbent
      const integer target = objective.empty() ? integer{} : exact_number<Q>::ceil(lp.objective_value());
      std::vector<char> integral(lp.variables());
      std::vector<integer> nearest(lp.variables()), other(lp.variables());
      const Q half{1, 2};
      for (std::size_t k = 0; k < integral.size(); ++k) {
        integral[k] = exact_number<Q>::is_integer(lp.value(k));
        nearest[k] = exact_number<Q>::floor(lp.value(k) + half);
        other[k] = nearest[k] == exact_number<Q>::floor(lp.value(k)) ? exact_number<Q>::ceil(lp.value(k))
                                                                      : exact_number<Q>::floor(lp.value(k));
      }
      rounded = guided_dive(problem, objective, target, nearest, other, integral);
    }
    if (j == lp.variables() || rounded) {
      std::vector<integer> point = rounded ? std::move(*rounded) : integer_point(lp);
      if (!satisfies(problem, point)) throw error("internal error: the exact LP returned a point outside the problem");
      if (observe) observe(point);
      result.found = true;
      result.value = evaluate(objective, point);
      result.point = std::move(point);
      if (objective.empty()) return result;
      // a rounded point is within this node's bound, so nothing below the node beats it
      best = result.value;
      continue;
    }
    std::vector<Q> solution(lp.variables());
    for (std::size_t k = 0; k < solution.size(); ++k) solution[k] = lp.value(k);
    node<Q> up{here.lower, here.upper, solution};
    up.lower[j] = exact_number<Q>::ceil(lp.value(j));
    node<Q> down{std::move(here.lower), std::move(here.upper), std::move(solution)};
    down.upper[j] = exact_number<Q>::floor(lp.value(j));
    stack.push_back(std::move(up));
    stack.push_back(std::move(down));
  }
  return result;
}

#define TALLY_BRANCH_AND_BOUND(S)                                                                             \
  template search_outcome branch_and_bound<S>(const box_problem&, const std::vector<term>&,                  \
                                              const std::optional<integer>&, const point_observer&,          \
                                              work_counters&, const std::vector<integer>*, std::size_t);
TALLY_BRANCH_AND_BOUND(dense_simplex<checked_rational>)
TALLY_BRANCH_AND_BOUND(dense_simplex<rational>)
TALLY_BRANCH_AND_BOUND(sparse_simplex<checked_rational>)
TALLY_BRANCH_AND_BOUND(sparse_simplex<rational>)
#undef TALLY_BRANCH_AND_BOUND

namespace {

template <class Simplex>
optimum optimize_with(const box_problem& problem, const std::vector<term>& objective, work_counters& work,
                      const std::vector<integer>* start, std::size_t node_limit) {
  optimum answer;
  search_outcome found = branch_and_bound<Simplex>(problem, objective, std::nullopt, {}, work, start, node_limit);
  if (found.unbounded) {
    // a feasible integer program with rational data is unbounded exactly when its LP relaxation is
    const search_outcome any = branch_and_bound<Simplex>(problem, {}, std::nullopt, {}, work, start, node_limit);
    answer.status = any.found ? optimum::kind::unbounded : optimum::kind::infeasible;
    return answer;
  }
  if (!found.found) return answer;
  answer.status = optimum::kind::optimal;
  answer.value = std::move(found.value);
  answer.point = std::move(found.point);
  return answer;
}

template <template <class> class Simplex>
optimum optimize_falling_back(const box_problem& problem, const std::vector<term>& objective, work_counters& work,
                              const std::vector<integer>* start, std::size_t node_limit) {
  try {
    return optimize_with<Simplex<checked_rational>>(problem, objective, work, start, node_limit);
  } catch (const overflow_signal&) {
    return optimize_with<Simplex<rational>>(problem, objective, work, start, node_limit);
  }
}

template <template <class> class Simplex>
bool improve_falling_back(const box_problem& problem, const std::vector<term>& objective, const integer& incumbent,
                          const point_observer& observe, work_counters& work, const std::vector<integer>* start) {
  try {
    return branch_and_bound<Simplex<checked_rational>>(problem, objective, incumbent, observe, work, start).found;
  } catch (const overflow_signal&) {
    return branch_and_bound<Simplex<rational>>(problem, objective, incumbent, observe, work, start).found;
  }
}

bool is_large(const box_problem& problem) {
  return dense_cells(problem.variables, problem.rows.size()) > dense_cell_limit;
}

}  // namespace

optimum optimize_box(const box_problem& problem, const std::vector<term>& objective, work_counters& work,
                     const std::vector<integer>* start, std::size_t node_limit) {
  if (is_large(problem)) return optimize_falling_back<sparse_simplex>(problem, objective, work, start, node_limit);
  return optimize_falling_back<dense_simplex>(problem, objective, work, start, node_limit);
}

bool improve_box(const box_problem& problem, const std::vector<term>& objective, const integer& incumbent,
                 const point_observer& observe, work_counters& work, const std::vector<integer>* start) {
  if (is_large(problem)) return improve_falling_back<sparse_simplex>(problem, objective, incumbent, observe, work, start);
  return improve_falling_back<dense_simplex>(problem, objective, incumbent, observe, work, start);
}

}  // namespace tally::solve
