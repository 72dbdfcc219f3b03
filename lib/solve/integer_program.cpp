#include "integer_program.hpp"

#include "box_problem.hpp"
#include "branch_and_bound.hpp"
#include "component_solver.hpp"
#include "components.hpp"
#include "dense_simplex.hpp"
#include "parallel_for.hpp"
#include "propagated_bounds.hpp"
#include "propagation.hpp"
#include "stop.hpp"

#include <tally/error.hpp>

#include <algorithm>

namespace tally::solve {

// Most documents are category trees, which propagation settles whole, and
// most other checks end with a dive's point; only the rest are split (which
// copies every row) and solved part by part.
bool integer_feasible(const linear_system& system, const row_mask& active, work_counters& work,
                      feasibility_engine* reuse) {
  ++work.feasibility_checks;
  poll_stop();
  const bool exact_network = propagation_is_exact(system, active);
  const std::optional<bool> decided = reuse ? reuse->quick(system, active, exact_network)
                                            : quick_feasibility(system, active, exact_network);
  if (decided) {
    if (*decided && exact_network) ++work.exact_components;
    return *decided;
  }
  const decomposition parts = split_into_components(system, active);
  if (parts.trivially_infeasible) return false;
  for (const component& part : parts.components) {
    ++work.components;
    if (!component_feasible(part.system, work)) return false;
  }
  return true;
}

namespace {

// Threads pay off on components of thousands of rows, not on a small event's
// few dozen, which a thread's start would cost more than solving.
constexpr std::size_t rows_worth_a_thread = 2000;

unsigned threads_for(const linear_system& system, unsigned requested) {
  return system.rows.size() < rows_worth_a_thread ? 1 : requested;
}

// Bounds on every variable of a system, restricted to one component's.
propagated_bounds bounds_of(const component& part, const std::vector<integer>& lower,
                            const std::vector<std::optional<integer>>& upper) {
  propagated_bounds local;
  local.lower.reserve(part.variables.size());
  local.upper.reserve(part.variables.size());
  for (const std::size_t v : part.variables) {
    local.lower.push_back(lower[v]);
    local.upper.push_back(upper[v]);
  }
  return local;
}

// The ranges of every component; those without an integer point are listed
// in `infeasible` and, unless `keep_going`, end the search.
ranges_result ranges_of_components(const linear_system& system, const row_mask& active, work_counters& work,
                                   unsigned threads, bool keep_going, std::vector<std::size_t>* infeasible_rows) {
  ranges_result result;
  bool exact = false;
  propagated_bounds whole = settle(system, active, exact);
  if (whole.contradiction) return result;
  if (exact) {
    ++work.exact_components;
    result.feasible = true;
    result.min = std::move(whole.lower);
    result.max = std::move(whole.upper);
    return result;
  }
  const decomposition parts = split_into_components(system, active);
  if (parts.trivially_infeasible) return result;
  const std::size_t count = parts.components.size();
  std::vector<ranges_result> local(count);
  std::vector<work_counters> spent(count);
  parallel_for(count, threads_for(system, threads), [&](std::size_t c) {
    ++spent[c].components;
    const component& part = parts.components[c];
    local[c] = whole.fixpoint ? component_ranges(part.system, spent[c], bounds_of(part, whole.lower, whole.upper))
                              : component_ranges(part.system, spent[c]);
  });
  for (const work_counters& w : spent) work += w;
  result.min.assign(system.variables, integer{});
  result.max.assign(system.variables, std::nullopt);
  bool feasible = true;
  for (std::size_t c = 0; c < count; ++c) {
    const component& part = parts.components[c];
    if (!local[c].feasible) {
      feasible = false;
      if (!keep_going) return ranges_result{};
      infeasible_rows->insert(infeasible_rows->end(), part.rows.begin(), part.rows.end());
      continue;
    }
    for (std::size_t k = 0; k < part.variables.size(); ++k) {
      result.min[part.variables[k]] = std::move(local[c].min[k]);
      result.max[part.variables[k]] = std::move(local[c].max[k]);
    }
  }
  result.feasible = feasible;
  return result;
}

using common_kind = common_values::kind;

// values_common_to_minimizers on one exact LP; false when it cannot decide
// (a fractional vertex, a large tableau, numbers past 64 bits). The LP's
// optimal face holds every integer minimiser once the optimal vertex is
// integral, and that vertex is one of them; so a variable whose least and
// greatest values over the face both equal the vertex's is pinned, and one
// that differs at another integral vertex of the face, or grows without end
// along it (a rational ray, so integer points follow), varies.
// `least`, when it returns false, holds what the LP proved of the integer
// optimum: its value when the optimal vertex was integral (`exact`), else
// the LP optimum's ceiling, a lower bound (the objective's coefficients are
// integers); empty when the LP did not get that far.
struct lp_optimum {
  std::optional<integer> least;
  bool exact = false;
};

bool common_on_one_lp(const component& part, const std::vector<term>& objective, const known_bounds* known,
                      work_counters& work, std::vector<common_kind>& status, std::vector<integer>& value,
                      lp_optimum& proven) {
  const linear_system& rows = part.system;
  bool exact = false;
  propagated_bounds bounds = known ? bounds_of(part, known->lower, known->upper) : settle(rows, {}, exact);
  if (bounds.contradiction) return false;
  box_problem box;
  if (!make_box_problem(rows, {}, std::move(bounds.lower), std::move(bounds.upper), box)) return false;
  if (dense_cells(box.variables, box.rows.size()) > dense_cell_limit) return false;
  try {
    std::vector<checked_rational> start;
    if (known && !known->start.empty())
      for (const std::size_t v : part.variables) start.push_back(exact_number<checked_rational>::from(known->start[v]));
    dense_simplex<checked_rational> lp(box, start.empty() ? nullptr : &start);
    if (lp.find_feasible(work) != lp_status::optimal) return false;
    if (lp.minimize(objective, work) != lp_status::optimal) return false;
    const std::size_t n = box.variables;
    {
      const checked_rational optimum = lp.objective_value();
      integer ceiling = exact_number<checked_rational>::floor(optimum);
      if (!(exact_number<checked_rational>::from(ceiling) == optimum)) ceiling += 1;
      proven.least = std::move(ceiling);
      proven.exact = lp.first_fractional() == n;
    }
    if (lp.first_fractional() != n) return false;
    std::vector<checked_rational> best;
    best.reserve(n);
    for (std::size_t j = 0; j < n; ++j) best.push_back(lp.value(j));
    lp.keep_optimal_face();
    enum : unsigned char { open, same, differs };
    std::vector<unsigned char> state(n, lp.face_is_vertex() ? same : open);
    const auto note_integral_vertex = [&] {
      if (lp.first_fractional() != n) return false;
      for (std::size_t k = 0; k < n; ++k)
        if (state[k] == open && !(lp.value(k) == best[k])) state[k] = differs;
      return true;
    };
    for (std::size_t j = 0; j < n; ++j) {
      if (state[j] != open) continue;
      for (const std::int64_t direction : {std::int64_t{1}, std::int64_t{-1}}) {
        if (lp.minimize({{j, direction}}, work) != lp_status::optimal) {
          state[j] = differs;
          break;
        }
        if (lp.value(j) == best[j]) continue;
        if (!note_integral_vertex()) return false;
        break;
      }
      if (state[j] == open) state[j] = same;
    }
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t v = part.variables[j];
      status[v] = state[j] == same ? common_kind::pinned : common_kind::varies;
      if (state[j] == same) value[v] = exact_number<checked_rational>::floor(best[j]);
    }
    return true;
  } catch (const overflow_signal&) {
    return false;
  }
}

// values_common_to_minimizers on the integer points. The optimum is what the
// LP proved when its vertex was integral; else the LP's ceiling when some
// integer point reaches it (none can go below); else branch and bound's.
// Then one minimiser, and for each variable not yet seen to differ, whether
// a minimiser exists below it and above it: each such search stops at its
// first point (which settles other variables too), so no search runs to the
// extremes of the face, where branch and bound can creep one unit per node.
void common_by_search(const component& part, const std::vector<term>& objective, const lp_optimum& proven,
                      work_counters& work, std::size_t node_limit, std::vector<common_kind>& status,
                      std::vector<integer>& value) {
  const std::size_t n = part.variables.size();
  try {
    linear_system face = part.system;
    face.rows.push_back(row{objective, std::nullopt, integer{}});
    optimum point;
    if (proven.least) {
      face.rows.back().upper = *proven.least;
      point = component_minimize(face, {}, work, node_limit);
      if (point.status != optimum::kind::optimal && proven.exact)
        throw error("internal error: the minimisers' face has no integer point");
    }
    if (point.status != optimum::kind::optimal) {
      const optimum best = component_minimize(part.system, objective, work, node_limit);
      if (best.status != optimum::kind::optimal)
        throw error("values_common_to_minimizers: the rows have no integer point");
      face.rows.back().upper = best.value;
      point = best;
    }
    const std::vector<integer> best = point.point;
    std::vector<char> differs(n, 0);
    for (std::size_t j = 0; j < n; ++j) {
      for (const bool below : {true, false}) {
        if (differs[j]) break;
        face.rows.push_back(below ? row{{{j, 1}}, std::nullopt, best[j] - 1} : row{{{j, 1}}, best[j] + 1, std::nullopt});
        const optimum other = component_minimize(face, {}, work, node_limit);
        face.rows.pop_back();
        if (other.status != optimum::kind::optimal) continue;
        for (std::size_t k = 0; k < n; ++k) differs[k] = differs[k] || other.point[k] != best[k];
      }
      status[part.variables[j]] = differs[j] ? common_kind::varies : common_kind::pinned;
      if (!differs[j]) value[part.variables[j]] = best[j];
    }
  } catch (const search_limit_reached&) {
    for (const std::size_t v : part.variables) status[v] = common_kind::unsearched;
  }
}

}  // namespace

ranges_result integer_ranges(const linear_system& system, const row_mask& active, work_counters& work,
                             unsigned threads) {
  return ranges_of_components(system, active, work, threads, false, nullptr);
}

ranges_result integer_ranges_by_component(const linear_system& system, const row_mask& active, work_counters& work,
                                          std::vector<std::size_t>& infeasible_rows, unsigned threads) {
  infeasible_rows.clear();
  ranges_result result = ranges_of_components(system, active, work, threads, true, &infeasible_rows);
  std::sort(infeasible_rows.begin(), infeasible_rows.end());
  return result;
}

optimum integer_minimize(const linear_system& system, const row_mask& active, const std::vector<term>& objective,
                         work_counters& work, std::size_t node_limit) {
  optimum answer;
  const decomposition parts = split_into_components(system, active);
  if (parts.trivially_infeasible) return answer;

  std::vector<std::int64_t> cost(system.variables, 0);
  for (const term& t : objective) {
    if (t.variable >= system.variables) throw error("integer_minimize: the objective names a variable out of range");
    if (__builtin_add_overflow(cost[t.variable], t.coefficient, &cost[t.variable]))
      throw error("integer_minimize: an objective coefficient does not fit in 64 bits");
  }

  bool unbounded = false;
  answer.point.assign(system.variables, integer{});
  for (const std::size_t j : parts.free_variables)
    if (cost[j] < 0) unbounded = true;
  for (const component& part : parts.components) {
    ++work.components;
    std::vector<term> local;
    for (std::size_t k = 0; k < part.variables.size(); ++k)
      if (cost[part.variables[k]] != 0) local.push_back({k, cost[part.variables[k]]});
    optimum piece = component_minimize(part.system, local, work, node_limit);
    if (piece.status == optimum::kind::infeasible) return optimum{};
    if (piece.status == optimum::kind::unbounded) {
      unbounded = true;
      continue;
    }
    for (std::size_t k = 0; k < part.variables.size(); ++k) answer.point[part.variables[k]] = std::move(piece.point[k]);
  }
  if (unbounded) {
    answer.point.clear();
    answer.status = optimum::kind::unbounded;
    return answer;
  }
  answer.status = optimum::kind::optimal;
  for (std::size_t j = 0; j < system.variables; ++j)
    if (cost[j] != 0) answer.value += cost[j] * answer.point[j];
  return answer;
}

common_values values_common_to_minimizers(const linear_system& system, const std::vector<term>& objective,
                                          work_counters& work, std::size_t node_limit, unsigned threads,
                                          const known_bounds* known) {
  std::vector<std::int64_t> cost(system.variables, 0);
  for (const term& t : objective) {
    if (t.variable >= system.variables || t.coefficient < 0)
      throw error("values_common_to_minimizers: a term names a variable out of range or has a negative coefficient");
    if (__builtin_add_overflow(cost[t.variable], t.coefficient, &cost[t.variable]))
      throw error("values_common_to_minimizers: an objective coefficient does not fit in 64 bits");
  }
  decomposition parts = split_into_components(system, {});
  if (parts.trivially_infeasible) throw error("values_common_to_minimizers: the rows have no integer point");
  common_values out;
  // a variable in no row is free: [0, ∞), whatever the objective makes of it
  out.status.assign(system.variables, common_kind::unconstrained);
  out.value.assign(system.variables, integer{});
  for (std::size_t v = 0; v < system.variables; ++v)
    if (cost[v] > 0 || (known && known->upper[v] && *known->upper[v] == known->lower[v])) {
      out.status[v] = common_kind::pinned;
      out.value[v] = known ? known->lower[v] : integer{0};
    }
  std::vector<work_counters> spent(parts.components.size());
  parallel_for(parts.components.size(), threads_for(system, threads), [&](std::size_t c) {
    const component& part = parts.components[c];
    ++spent[c].components;
    std::vector<term> local;
    for (std::size_t j = 0; j < part.variables.size(); ++j)
      if (cost[part.variables[j]] != 0) local.push_back({j, cost[part.variables[j]]});
    if (local.empty()) {
      // every point is a minimiser: a variable is pinned when its range is one number
      const ranges_result ranges = known ? ranges_result{} : component_ranges(part.system, spent[c]);
      if (!known && !ranges.feasible) throw error("values_common_to_minimizers: the rows have no integer point");
      for (std::size_t j = 0; j < part.variables.size(); ++j) {
        const std::size_t v = part.variables[j];
        const integer& lo = known ? known->lower[v] : ranges.min[j];
        const std::optional<integer>& hi = known ? known->upper[v] : ranges.max[j];
        const bool one = hi && *hi == lo;
        out.status[v] = one ? common_kind::pinned : common_kind::unconstrained;
        if (one) out.value[v] = lo;
      }
      return;
    }
    lp_optimum proven;
    if (!common_on_one_lp(part, local, known, spent[c], out.status, out.value, proven))
      common_by_search(part, local, proven, spent[c], node_limit, out.status, out.value);
  });
  for (const work_counters& w : spent) work += w;
  return out;
}

}  // namespace tally::solve
