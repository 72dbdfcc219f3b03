#include "bound_tightening.hpp"

#include "branch_and_bound.hpp"
#include "dense_simplex.hpp"
#include "sparse_simplex.hpp"

#include <tally/error.hpp>

namespace tally::solve {
namespace {

// The least and greatest value of each variable over the integer points seen.
struct attained {
  std::vector<integer> least, greatest;
  bool any = false;

  void observe(const std::vector<integer>& point) {
    if (!any) {
      least = greatest = point;
      any = true;
      return;
    }
    for (std::size_t j = 0; j < point.size(); ++j) {
      if (point[j] < least[j]) least[j] = point[j];
      if (point[j] > greatest[j]) greatest[j] = point[j];
    }
  }
};

template <class Simplex>
void observe_vertex(const Simplex& lp, const box_problem& problem, attained& seen) {
  using Q = typename Simplex::number_type;
  if (lp.first_fractional() != lp.variables()) return;
  std::vector<integer> point(lp.variables());
  for (std::size_t j = 0; j < point.size(); ++j) point[j] = exact_number<Q>::floor(lp.value(j));
  if (!satisfies(problem, point)) throw error("internal error: the exact LP returned a point outside the problem");
  seen.observe(point);
}

template <class Simplex>
box_ranges tighten_with(const box_problem& problem, work_counters& work) {
  using Q = typename Simplex::number_type;
  box_ranges result;
  const std::size_t n = problem.variables;
  attained seen;
  const point_observer observe = [&seen](const std::vector<integer>& point) { seen.observe(point); };

  Simplex lp(problem);
  if (lp.find_feasible(work) != lp_status::optimal) return result;
  observe_vertex(lp, problem, seen);
  if (!seen.any && !branch_and_bound<Simplex>(problem, {}, std::nullopt, observe, work).found) return result;

  result.feasible = true;
  result.min = problem.lower;
  result.max = problem.upper;
  for (std::size_t j = 0; j < n; ++j) {
    integer& low = result.min[j];
    if (seen.least[j] == low) continue;
    lp.minimize({{j, 1}}, work);
    observe_vertex(lp, problem, seen);
    const integer relaxed = exact_number<Q>::ceil(lp.value(j));
    if (relaxed > low) low = relaxed;
    if (seen.least[j] > low) branch_and_bound<Simplex>(problem, {{j, 1}}, seen.least[j], observe, work);
    low = seen.least[j];
  }
  for (std::size_t j = 0; j < n; ++j) {
    std::optional<integer>& high = result.max[j];
    if (high && seen.greatest[j] == *high) continue;
    if (lp.minimize({{j, -1}}, work) == lp_status::unbounded) {
      high.reset();
      continue;
    }
    observe_vertex(lp, problem, seen);
    const integer relaxed = exact_number<Q>::floor(lp.value(j));
    if (!high || relaxed < *high) high = relaxed;
    if (seen.greatest[j] < *high) branch_and_bound<Simplex>(problem, {{j, -1}}, -seen.greatest[j], observe, work);
    high = seen.greatest[j];
  }
  return result;
}

template <template <class> class Simplex>
box_ranges tighten_falling_back(const box_problem& problem, work_counters& work) {
  try {
    return tighten_with<Simplex<checked_rational>>(problem, work);
  } catch (const overflow_signal&) {
    return tighten_with<Simplex<rational>>(problem, work);
  }
}

}  // namespace

box_ranges tighten_box_ranges(const box_problem& problem, work_counters& work) {
  if (dense_cells(problem.variables, problem.rows.size()) > dense_cell_limit)
    return tighten_falling_back<sparse_simplex>(problem, work);
  return tighten_falling_back<dense_simplex>(problem, work);
}

}  // namespace tally::solve
