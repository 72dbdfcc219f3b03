#include "solve/dense_simplex.hpp"
#include "solve/integer_program.hpp"
#include "solve/propagation.hpp"

#include <catch2/catch.hpp>

using tally::integer;
using namespace tally::solve;

namespace {

void add(linear_system& s, std::vector<term> terms, std::optional<integer> lower, std::optional<integer> upper) {
  s.rows.push_back(row{std::move(terms), std::move(lower), std::move(upper)});
}

// a + b = b + c = a + c = total
linear_system parity(std::int64_t total) {
  linear_system s;
  s.variables = 3;
  add(s, {{0, 1}, {1, 1}}, integer{total}, integer{total});
  add(s, {{1, 1}, {2, 1}}, integer{total}, integer{total});
  add(s, {{0, 1}, {2, 1}}, integer{total}, integer{total});
  return s;
}

// killed = civilians + combatants = men + women + children; children are civilians
linear_system two_breakdowns(const integer& scale, std::int64_t extra) {
  linear_system s;
  s.variables = 6;  // 0 killed, 1 civilians, 2 combatants, 3 men, 4 women, 5 children
  add(s, {{0, 1}, {1, -1}, {2, -1}}, integer{0}, integer{0});
  add(s, {{0, 1}, {3, -1}, {4, -1}, {5, -1}}, integer{0}, integer{0});
  add(s, {{1, 1}, {5, -1}}, integer{0}, std::nullopt);
  add(s, {{0, 1}}, std::nullopt, integer{13 * scale});
  add(s, {{3, 1}}, std::nullopt, integer{6 * scale + extra});
  add(s, {{4, 1}}, std::nullopt, integer{1 * scale});
  return s;
}

}  // namespace

TEST_CASE("the parity example has no integer point though its LP relaxation does", "[solve][integer]") {
  const linear_system odd = parity(11);
  work_counters work;
  CHECK_FALSE(integer_feasible(odd, {}, work));
  CHECK_FALSE(integer_ranges(odd, {}, work).feasible);
  CHECK(integer_minimize(odd, {}, {{0, 1}}, work).status == optimum::kind::infeasible);
  CHECK(work.branch_nodes > 0);
  CHECK_FALSE(propagate(odd, {}).contradiction);  // propagation alone cannot see it

  box_problem relaxed;
  relaxed.variables = 3;
  relaxed.lower.assign(3, integer{0});
  relaxed.upper.assign(3, std::nullopt);
  relaxed.rows = odd.rows;
  dense_simplex<tally::rational> lp(relaxed);
  CHECK(lp.find_feasible(work) == lp_status::optimal);  // a = b = c = 11/2

  const ranges_result even = integer_ranges(parity(12), {}, work);
  REQUIRE(even.feasible);
  for (std::size_t j = 0; j < 3; ++j) {
    CHECK(even.min[j] == 6);
    CHECK(even.max[j] == integer{6});
  }
}

TEST_CASE("two breakdowns of one whole: propagation alone is loose, the exact range is tight", "[solve][integer]") {
  const linear_system s = two_breakdowns(integer{1}, 0);
  const propagation_result propagated = propagate(s, {});
  REQUIRE_FALSE(propagated.contradiction);
  CHECK(propagated.upper[2] == integer{13});  // combatants ≤ killed
  work_counters work;
  const ranges_result exact = integer_ranges(s, {}, work);
  REQUIRE(exact.feasible);
  CHECK(exact.max[2] == integer{7});  // combatants = killed − civilians ≤ men + women
  CHECK(exact.min[2] == 0);
  CHECK(exact.max[0] == integer{13});
  CHECK(work.lp_solves > 0);
  CHECK(work.exact_components == 0);
}

TEST_CASE("values beyond 2^64 give exact ranges", "[solve][integer]") {
  const integer scale("100000000000000000000");  // 10^20
  const linear_system s = two_breakdowns(scale, 3);
  work_counters work;
  const ranges_result exact = integer_ranges(s, {}, work);
  REQUIRE(exact.feasible);
  CHECK(exact.max[2] == integer{7 * scale + 3});
  CHECK(exact.max[5] == integer{13 * scale});
  CHECK(exact.max[3] == integer{6 * scale + 3});

  const optimum best = integer_minimize(s, {}, {{2, -1}, {4, 1}}, work);  // max combatants − women
  REQUIRE(best.status == optimum::kind::optimal);
  CHECK(best.value == integer{-(6 * scale + 3)});
}

TEST_CASE("a propagation-exact tree answers without any LP", "[solve][integer]") {
  linear_system s;
  s.variables = 4;  // 0 = 1 + 2 + 3
  add(s, {{0, 1}, {1, -1}, {2, -1}, {3, -1}}, integer{0}, integer{0});
  add(s, {{0, 1}}, integer{181}, integer{181});
  add(s, {{1, 1}}, integer{124}, integer{124});
  add(s, {{3, 1}}, integer{7}, std::nullopt);
  work_counters work;
  const ranges_result r = integer_ranges(s, {}, work);
  REQUIRE(r.feasible);
  CHECK(r.min[2] == 0);
  CHECK(r.max[2] == integer{50});
  CHECK(r.max[3] == integer{57});
  CHECK(work.lp_solves == 0);
  CHECK(work.exact_components == 1);
  CHECK(work.components == 0);  // settled whole, never split
}

TEST_CASE("independent parts are solved as separate components, unused variables are free", "[solve][integer]") {
  linear_system s;
  s.variables = 5;
  add(s, {{0, 1}, {1, -1}}, integer{0}, std::nullopt);  // x1 ≤ x0
  add(s, {{0, 1}}, std::nullopt, integer{3});
  add(s, {{2, 1}, {3, 1}}, integer{4}, integer{4});
  work_counters work;
  const ranges_result r = integer_ranges(s, {}, work);
  REQUIRE(r.feasible);
  CHECK(work.components == 0);  // a propagation-exact system is settled whole
  CHECK(work.exact_components == 1);
  add(s, {{0, 1}, {1, 1}}, std::nullopt, integer{5});  // two rows on x0, x1: a cycle, so now split
  work = {};
  const ranges_result split = integer_ranges(s, {}, work);
  REQUIRE(split.feasible);
  CHECK(work.components == 2);
  CHECK(r.max[1] == integer{3});
  CHECK(r.max[3] == integer{4});
  CHECK(r.min[4] == 0);
  CHECK_FALSE(r.max[4].has_value());
}

TEST_CASE("a mask leaves rows out of force", "[solve][integer]") {
  linear_system s = parity(11);
  work_counters work;
  CHECK(integer_feasible(s, {1, 1, 0}, work));
  CHECK(work.feasibility_checks == 1);
}

TEST_CASE("integer minimize reports unbounded and infeasible objectives as such", "[solve][integer]") {
  linear_system s;
  s.variables = 3;
  add(s, {{0, 1}, {1, -1}}, integer{0}, std::nullopt);  // x1 ≤ x0
  add(s, {{1, 1}}, integer{2}, std::nullopt);
  work_counters work;
  CHECK(integer_minimize(s, {}, {{0, -1}}, work).status == optimum::kind::unbounded);
  CHECK(integer_minimize(s, {}, {{2, -1}}, work).status == optimum::kind::unbounded);  // a free variable
  const optimum low = integer_minimize(s, {}, {{0, 1}, {1, 1}}, work);
  REQUIRE(low.status == optimum::kind::optimal);
  CHECK(low.value == 4);
  CHECK(low.point == std::vector<integer>{2, 2, 0});
  const optimum any = integer_minimize(s, {}, {}, work);
  REQUIRE(any.status == optimum::kind::optimal);
  CHECK(any.value == 0);
  CHECK(any.point.size() == 3);

  add(s, {{0, 1}}, std::nullopt, integer{1});
  CHECK(integer_minimize(s, {}, {{0, -1}}, work).status == optimum::kind::infeasible);
  CHECK_FALSE(integer_ranges(s, {}, work).feasible);
}

TEST_CASE("an empty row that cannot hold makes the system infeasible", "[solve][integer]") {
  linear_system s;
  s.variables = 1;
  add(s, {}, integer{1}, std::nullopt);
  work_counters work;
  CHECK_FALSE(integer_feasible(s, {}, work));
  CHECK(integer_feasible(s, {0}, work));
}
