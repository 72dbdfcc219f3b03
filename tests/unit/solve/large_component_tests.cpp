// The witness path for large components against the dense exact LP, on
// tree × time documents small enough for both.
#include "../../../bench/tree_time_workload.hpp"

#include "solve/bound_tightening.hpp"
#include "solve/box_problem.hpp"
#include "solve/components.hpp"
#include "solve/integer_program.hpp"
#include "solve/large_component.hpp"
#include "solve/propagated_bounds.hpp"

#include <catch2/catch.hpp>

#include <iostream>

using tally::integer;
using namespace tally::solve;

namespace {

ranges_result dense_ranges(const linear_system& part) {
  const propagated_bounds bounds = propagate_bounds(part, {}, 1000000);
  ranges_result result;
  if (bounds.contradiction) return result;
  box_problem box;
  if (!make_box_problem(part, {}, bounds.lower, bounds.upper, box)) return result;
  work_counters work;
  const box_ranges exact = tighten_box_ranges(box, work);
  result.feasible = exact.feasible;
  result.min = exact.min;
  result.max = exact.max;
  return result;
}

void compare(const linear_system& s) {
  const decomposition parts = split_into_components(s, {});
  REQUIRE(parts.components.size() == 1);
  const linear_system& part = parts.components.front().system;
  work_counters work;
  const ranges_result witnessed = large_component_ranges(part, work);
  const ranges_result reference = dense_ranges(part);
  REQUIRE(witnessed.feasible == reference.feasible);
  if (!reference.feasible) return;
  for (std::size_t j = 0; j < part.variables; ++j) {
    INFO("variable " << j);
    REQUIRE(witnessed.min[j] == reference.min[j]);
    REQUIRE(witnessed.max[j] == reference.max[j]);
  }
}

}  // namespace

TEST_CASE("witness ranges of a tree x time chain equal the exact LP ranges", "[solve][large]") {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    INFO("seed " << seed);
    const auto made = workload::make_tree_time_system(
        {.regions = 1 + seed % 2, .months = 3 + seed % 4, .national_total = seed % 2 == 1, .seed = seed});
    compare(made.system);
  }
}

TEST_CASE("witness ranges contain the hidden truth and report infeasibility", "[solve][large]") {
  auto made = workload::make_tree_time_system({.regions = 2, .months = 6, .national_total = true, .seed = 5});
  const decomposition parts = split_into_components(made.system, {});
  REQUIRE(parts.components.size() == 1);
  work_counters work;
  const ranges_result r = large_component_ranges(parts.components.front().system, work);
  REQUIRE(r.feasible);
  for (std::size_t j = 0; j < made.system.variables; ++j) {
    CHECK(r.min[j] <= made.truth[j]);
    CHECK((!r.max[j] || *r.max[j] >= made.truth[j]));
  }
  // a national total at the last month below an earlier month's figures
  const std::size_t months = 6;
  made.system.rows.push_back(row{{{months - 1, 1}}, std::nullopt, integer{made.truth[0]}});
  made.system.rows.push_back(row{{{0, 1}}, integer{made.truth[0] + 1}, std::nullopt});
  const decomposition broken = split_into_components(made.system, {});
  CHECK_FALSE(large_component_ranges(broken.components.front().system, work).feasible);
  compare(made.system);
}

TEST_CASE("a long running count with no claim above is unbounded above", "[solve][large]") {
  linear_system s;
  s.variables = 4;  // x0 ≤ x1 ≤ x2 ≤ x3 and x0 + x1 ≥ 5
  for (std::size_t t = 0; t + 1 < 4; ++t) s.rows.push_back(row{{{t, 1}, {t + 1, -1}}, std::nullopt, integer{0}});
  s.rows.push_back(row{{{0, 1}, {1, 1}}, integer{5}, std::nullopt});
  work_counters work;
  const ranges_result r = large_component_ranges(s, work);
  REQUIRE(r.feasible);
  CHECK(r.min[1] == 3);
  CHECK(r.min[0] == 0);
  for (std::size_t j = 0; j < 4; ++j) CHECK_FALSE(r.max[j].has_value());
  compare(s);
}

TEST_CASE("creeping propagation hands the large path over to the LP", "[solve][large]") {
  linear_system s;
  s.variables = 2;  // x ≥ y + 1 and y ≥ x + 1: each sweep raises both by one, forever
  s.rows.push_back(row{{{0, 1}, {1, -1}}, integer{1}, std::nullopt});
  s.rows.push_back(row{{{1, 1}, {0, -1}}, integer{1}, std::nullopt});
  work_counters work;
  CHECK_FALSE(large_component_ranges(s, work).feasible);
  CHECK(work.lp_solves > 0);
}
