#include "brute_force.hpp"

#include "solve/box_problem.hpp"
#include "solve/branch_and_bound.hpp"
#include "solve/component_solver.hpp"
#include "solve/components.hpp"
#include "solve/integer_program.hpp"
#include "solve/large_component.hpp"
#include "solve/sparse_simplex.hpp"
#include "solve/propagation.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>

using tally::integer;
using namespace tally::solve;
using namespace tally::solve::testing;

namespace {

std::string describe(const linear_system& s) {
  std::ostringstream out;
  for (const row& r : s.rows) {
    out << (r.lower ? r.lower->str() : "-inf") << " <= ";
    for (const term& t : r.terms) out << (t.coefficient > 0 ? "+" : "") << t.coefficient << "*x" << t.variable << " ";
    out << "<= " << (r.upper ? r.upper->str() : "inf") << "\n";
  }
  return out.str();
}

std::uint64_t seed_for(const char* name) {
  // TALLY_TEST_SEED reproduces or varies a run; the seed is always printed
  const char* chosen = std::getenv("TALLY_TEST_SEED");
  const std::uint64_t seed = chosen ? std::strtoull(chosen, nullptr, 10) : 20240601;
  std::cout << name << ": seed " << seed << "\n";
  return seed;
}

// Coefficients in [-3, 3] on some of the variables.
std::vector<term> random_objective(std::mt19937_64& random, std::size_t variables) {
  std::vector<term> objective;
  for (std::size_t j = 0; j < variables; ++j) {
    const auto c = std::uniform_int_distribution<std::int64_t>(-3, 3)(random);
    if (c != 0) objective.push_back({j, c});
  }
  return objective;
}

// The least objective value over every point of the 0..6 box that satisfies s.
// Σ objective·x.
std::int64_t value_at(const std::vector<term>& objective, const std::vector<std::int64_t>& x) {
  std::int64_t value = 0;
  for (const term& t : objective) value += t.coefficient * x[t.variable];
  return value;
}

std::int64_t brute_force_minimum(const linear_system& s, const std::vector<term>& objective, bool& feasible) {
  feasible = false;
  std::int64_t best = 0;
  for_each_point(s.variables, 6, [&](const std::vector<std::int64_t>& x) {
    if (!satisfies(s, {}, x)) return;
    const std::int64_t value = value_at(objective, x);
    if (!feasible || value < best) best = value;
    feasible = true;
  });
  return best;
}

}  // namespace

TEST_CASE("integer ranges equal brute-force enumeration on thousands of small boxed systems", "[solve][random]") {
  std::mt19937_64 random(seed_for("ranges"));
  std::size_t feasible = 0, loose = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    std::size_t rows = 0;
    const linear_system s = random_boxed_system(random, rows);
    row_mask active;
    if (trial % 3 == 0) {  // also exercise masks
      active.assign(rows, 1);
      active[static_cast<std::size_t>(trial) % (rows - s.variables)] = 0;  // never a variable's own box
    }
    const brute_ranges truth = enumerate_ranges(s, active, 6);
    work_counters work;
    const ranges_result got = integer_ranges(s, active, work);
    INFO("trial " << trial << (active.empty() ? "" : " (one row inactive)") << "\n" << describe(s));
    REQUIRE(got.feasible == truth.feasible);
    REQUIRE(integer_feasible(s, active, work) == truth.feasible);
    const propagation_result propagated = propagate(s, active);
    if (!truth.feasible) {
      continue;
    }
    ++feasible;
    REQUIRE_FALSE(propagated.contradiction);
    for (std::size_t j = 0; j < s.variables; ++j) {
      INFO("variable " << j);
      REQUIRE(got.min[j] == integer{truth.min[j]});
      REQUIRE(got.max[j].has_value());
      REQUIRE(*got.max[j] == integer{truth.max[j]});
      // propagation is sound, and exact where it says so
      REQUIRE(propagated.lower[j] <= got.min[j]);
      REQUIRE((!propagated.upper[j] || *propagated.upper[j] >= *got.max[j]));
      if (propagated.lower[j] != got.min[j] || propagated.upper[j] != got.max[j]) ++loose;
      if (propagation_is_exact(s, active) && propagated.fixpoint) {
        REQUIRE(propagated.lower[j] == got.min[j]);
        REQUIRE(propagated.upper[j] == got.max[j]);
      }
    }
  }
  std::cout << "ranges: " << feasible << " feasible systems, " << loose << " bounds looser by propagation alone\n";
  CHECK(feasible > 500);
  CHECK(loose > 0);
}

TEST_CASE("integer minimize equals brute-force enumeration on small boxed systems", "[solve][random]") {
  std::mt19937_64 random(seed_for("minimize"));
  for (int trial = 0; trial < 2000; ++trial) {
    std::size_t rows = 0;
    const linear_system s = random_boxed_system(random, rows);
    const std::vector<term> objective = random_objective(random, s.variables);
    bool feasible = false;
    const std::int64_t best = brute_force_minimum(s, objective, feasible);
    work_counters work;
    const optimum got = integer_minimize(s, {}, objective, work);
    INFO("trial " << trial << "\n" << describe(s));
    if (!feasible) {
      REQUIRE(got.status == optimum::kind::infeasible);
      continue;
    }
    REQUIRE(got.status == optimum::kind::optimal);
    REQUIRE(got.value == integer{best});
    std::vector<std::int64_t> point;
    for (const integer& v : got.point) point.push_back(v.convert_to<std::int64_t>());
    REQUIRE(satisfies(s, {}, point));
    REQUIRE(value_at(objective, point) == best);
  }
}

TEST_CASE("the witness path for large components equals brute force on small boxed systems", "[solve][random]") {
  std::mt19937_64 random(seed_for("witness"));
  for (int trial = 0; trial < 3000; ++trial) {
    std::size_t rows = 0;
    const linear_system s = random_boxed_system(random, rows);
    const brute_ranges truth = enumerate_ranges(s, {}, 6);
    const decomposition parts = split_into_components(s, {});
    INFO("trial " << trial << "\n" << describe(s));
    bool feasible = !parts.trivially_infeasible;
    std::vector<integer> low(s.variables, integer{0});
    std::vector<std::optional<integer>> high(s.variables);
    for (const component& part : parts.components) {
      work_counters work;
      const ranges_result local = large_component_ranges(part.system, work);
      if (!local.feasible) feasible = false;
      if (!feasible) break;
      for (std::size_t k = 0; k < part.variables.size(); ++k) {
        low[part.variables[k]] = local.min[k];
        high[part.variables[k]] = local.max[k];
      }
    }
    REQUIRE(feasible == truth.feasible);
    if (!feasible) continue;
    for (std::size_t j = 0; j < s.variables; ++j) {
      if (std::find(parts.free_variables.begin(), parts.free_variables.end(), j) != parts.free_variables.end()) continue;
      INFO("variable " << j);
      REQUIRE(low[j] == integer{truth.min[j]});
      REQUIRE(high[j] == std::optional<integer>{integer{truth.max[j]}});
    }
  }
}

TEST_CASE("branch and bound on the sparse simplex equals brute force", "[solve][random]") {
  std::mt19937_64 random(seed_for("sparse branch and bound"));
  for (int trial = 0; trial < 1500; ++trial) {
    std::size_t rows = 0;
    const linear_system s = random_boxed_system(random, rows);
    const std::vector<term> objective = random_objective(random, s.variables);
    bool feasible = false;
    const std::int64_t best = brute_force_minimum(s, objective, feasible);
    box_problem box;
    INFO("trial " << trial << "\n" << describe(s));
    if (!make_box_problem(s, {}, std::vector<integer>(s.variables), std::vector<std::optional<integer>>(s.variables), box)) {
      REQUIRE_FALSE(feasible);
      continue;
    }
    work_counters work;
    const search_outcome found = branch_and_bound<sparse_simplex<checked_rational>>(box, objective, std::nullopt, {}, work);
    REQUIRE(found.found == feasible);
    if (feasible) REQUIRE(found.value == integer{best});
  }
}

TEST_CASE("values common to every minimiser equal brute-force enumeration, from known bounds or not",
          "[solve][random]") {
  std::mt19937_64 random(seed_for("common to minimisers"));
  std::size_t pinned = 0, varies = 0, unconstrained = 0, on_one_lp = 0, branched = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    std::size_t rows = 0;
    const linear_system s = random_boxed_system(random, rows);
    const brute_ranges truth = enumerate_ranges(s, {}, 6);
    if (!truth.feasible) continue;
    // objectives that leave some variables out, so that ties are common
    std::vector<term> objective;
    for (std::size_t j = 0; j < s.variables; ++j)
      if (const auto c = std::uniform_int_distribution<std::int64_t>(-2, 3)(random); c > 0) objective.push_back({j, c});
    // every minimiser's values: the least and greatest of each variable over them
    std::int64_t best = std::numeric_limits<std::int64_t>::max();
    std::vector<std::int64_t> least(s.variables), greatest(s.variables);
    for_each_point(s.variables, 6, [&](const std::vector<std::int64_t>& x) {
      if (!satisfies(s, {}, x)) return;
      const std::int64_t value = value_at(objective, x);
      if (value > best) return;
      if (value < best) best = value, least = x, greatest = x;
      for (std::size_t j = 0; j < x.size(); ++j) least[j] = std::min(least[j], x[j]), greatest[j] = std::max(greatest[j], x[j]);
    });
    // a variable in a component without objective terms ranges over all of its points
    std::vector<char> in_objective_component(s.variables, 0);
    {
      const decomposition parts = split_into_components(s, {});
      for (const component& part : parts.components) {
        bool touched = false;
        for (const std::size_t v : part.variables)
          for (const term& t : objective) touched = touched || t.variable == v;
        for (const std::size_t v : part.variables) in_objective_component[v] = touched;
      }
      for (const term& t : objective) in_objective_component[t.variable] = 1;
    }
    known_bounds known;
    for (std::size_t j = 0; j < s.variables; ++j) {
      known.lower.push_back(truth.min[j]);
      known.upper.push_back(integer{truth.max[j]});
      known.start.push_back(truth.max[j]);
    }
    const known_bounds* const choices[] = {nullptr, &known};
    for (const known_bounds* given : choices) {
      INFO("trial " << trial << (given ? " from the exact ranges" : "") << "\n" << describe(s));
      work_counters work;
      const common_values got = values_common_to_minimizers(s, objective, work, branch_and_bound_node_limit, 1, given);
      for (std::size_t j = 0; j < s.variables; ++j) {
        INFO("variable " << j << ": minimisers from " << least[j] << " to " << greatest[j]);
        if (least[j] == greatest[j]) {
          REQUIRE(got.status[j] == common_values::kind::pinned);
          REQUIRE(got.value[j] == integer{least[j]});
          ++pinned;
        } else if (in_objective_component[j]) {
          REQUIRE(got.status[j] == common_values::kind::varies);
          ++varies;
        } else {
          REQUIRE(got.status[j] == common_values::kind::unconstrained);
          ++unconstrained;
        }
      }
      ++(work.branch_nodes == 0 ? on_one_lp : branched);
    }
  }
  std::cout << "common to minimisers: " << pinned << " pinned, " << varies << " varying, " << unconstrained
            << " unconstrained; " << on_one_lp << " systems decided on LPs, " << branched << " by branch and bound\n";
  CHECK(pinned > 1000);
  CHECK(varies > 1000);
  CHECK(unconstrained > 100);
  CHECK(on_one_lp > 500);
}

TEST_CASE("one feasibility engine restarted on many masks answers as brute force does", "[solve][random]") {
  std::mt19937_64 random(seed_for("feasibility engine"));
  std::size_t feasible = 0, infeasible = 0;
  for (int trial = 0; trial < 1000; ++trial) {
    std::size_t rows = 0;
    const linear_system s = random_boxed_system(random, rows);
    feasibility_engine engine(s);
    REQUIRE(engine.serves(s));
    for (int round = 0; round < 6; ++round) {
      row_mask active(rows, 1);  // the variables' own boxes (the last rows) stay; the others come and go
      for (std::size_t r = 0; r + s.variables < rows; ++r) active[r] = std::bernoulli_distribution(0.6)(random);
      const bool truth = enumerate_ranges(s, active, 6).feasible;
      work_counters work;
      INFO("trial " << trial << ", round " << round << "\n" << describe(s));
      REQUIRE(integer_feasible(s, active, work, &engine) == truth);
      ++(truth ? feasible : infeasible);
    }
  }
  std::cout << "feasibility engine: " << feasible << " feasible and " << infeasible << " infeasible masks\n";
  CHECK(feasible > 500);
  CHECK(infeasible > 500);
}
