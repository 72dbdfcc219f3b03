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

// Every stage on one dense LP, each stage's optimal face kept for the next.
// When each stage's optimal vertex is integral, its integer optima are the
// integer points of that face, so the last vertex is the lexicographic
// integer optimum. nullopt when a vertex is fractional, the tableau would be
// large or the numbers outgrow 64 bits: branch and bound decides then.
std::optional<std::vector<integer>> stages_on_one_lp(const component& part, const std::vector<std::vector<term>>& stages,
                                                     const known_bounds* known, work_counters& work) {
  const linear_system& rows = part.system;
  bool exact = false;
  propagated_bounds bounds = known ? bounds_of(part, known->lower, known->upper) : settle(rows, {}, exact);
  if (bounds.contradiction) return std::nullopt;
  box_problem box;
  if (!make_box_problem(rows, {}, std::move(bounds.lower), std::move(bounds.upper), box)) return std::nullopt;
  if (dense_cells(box.variables, box.rows.size()) > dense_cell_limit) return std::nullopt;
  try {
    std::vector<checked_rational> start;
    if (known && !known->start.empty())
      for (const std::size_t v : part.variables) start.push_back(exact_number<checked_rational>::from(known->start[v]));
    dense_simplex<checked_rational> lp(box, start.empty() ? nullptr : &start);
    if (lp.find_feasible(work) != lp_status::optimal) return std::nullopt;
    for (const std::vector<term>& objective : stages) {
      if (objective.empty()) continue;
      if (lp.minimize(objective, work) != lp_status::optimal) return std::nullopt;
      if (lp.first_fractional() != lp.variables()) return std::nullopt;
      lp.keep_optimal_face();
    }
    // (without any stage's terms, the vertex phase 1 ended on is the answer)
    if (lp.first_fractional() != lp.variables()) return std::nullopt;
    std::vector<integer> point(box.variables);
    for (std::size_t j = 0; j < point.size(); ++j) point[j] = exact_number<checked_rational>::floor(lp.value(j));
    if (!satisfies(box, point)) throw error("internal error: the exact LP returned a point outside the problem");
    return point;
  } catch (const overflow_signal&) {
    return std::nullopt;
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

std::vector<std::optional<integer>> lexicographic_minimize(const linear_system& system,
                                                           const std::vector<std::vector<term>>& objectives,
                                                           work_counters& work, std::size_t node_limit,
                                                           unsigned threads, const known_bounds* known) {
  // cost[v · stages + k]: v's coefficient in stage k, gathered once so that
  // each component picks its own terms in time linear in its size
  const std::size_t stages = objectives.size();
  std::vector<std::int64_t> cost(system.variables * stages, 0);
  for (std::size_t k = 0; k < stages; ++k)
    for (const term& t : objectives[k]) {
      if (t.variable >= system.variables || t.coefficient < 0)
        throw error("lexicographic_minimize: a term names a variable out of range or has a negative coefficient");
      if (__builtin_add_overflow(cost[t.variable * stages + k], t.coefficient, &cost[t.variable * stages + k]))
        throw error("lexicographic_minimize: an objective coefficient does not fit in 64 bits");
    }
  decomposition parts = split_into_components(system, {});
  if (parts.trivially_infeasible) throw error("lexicographic_minimize: the rows have no integer point");
  // a variable in no row minimises every non-negative objective at 0
  std::vector<std::optional<integer>> point(system.variables, integer{});
  std::vector<work_counters> spent(parts.components.size());
  parallel_for(parts.components.size(), threads_for(system, threads), [&](std::size_t c) {
    component& part = parts.components[c];
    ++spent[c].components;
    std::vector<std::vector<term>> local_stages(stages);
    for (std::size_t k = 0; k < stages; ++k)
      for (std::size_t j = 0; j < part.variables.size(); ++j)
        if (const std::int64_t coefficient = cost[part.variables[j] * stages + k]; coefficient != 0)
          local_stages[k].push_back({j, coefficient});
    std::vector<integer> best;
    if (std::optional<std::vector<integer>> at_once = stages_on_one_lp(part, local_stages, known, spent[c])) {
      for (std::size_t j = 0; j < part.variables.size(); ++j) point[part.variables[j]] = std::move((*at_once)[j]);
      return;
    }
    for (std::size_t k = 0; k < stages; ++k) {
      std::vector<term>& local = local_stages[k];
      if (local.empty() && !best.empty()) continue;
      optimum stage;
      try {
        stage = component_minimize(part.system, local, spent[c], node_limit);
      } catch (const search_limit_reached&) {
        break;
      }
      if (stage.status != optimum::kind::optimal) throw error("lexicographic_minimize: the rows have no integer point");
      best = std::move(stage.point);
      if (!local.empty()) part.system.rows.push_back(row{std::move(local), std::nullopt, stage.value});
    }
    // components own disjoint variables: each writes its own slots
    for (std::size_t j = 0; j < part.variables.size(); ++j)
      point[part.variables[j]] = best.empty() ? std::nullopt : std::optional<integer>(std::move(best[j]));
  });
  for (const work_counters& w : spent) work += w;
  return point;
}

}  // namespace tally::solve
