#include "solve/branch_and_bound.hpp"
#include "solve/bound_tightening.hpp"
#include "solve/dense_simplex.hpp"
#include "solve/sparse_simplex.hpp"

#include <catch2/catch.hpp>

#include <random>

using tally::integer;
using tally::rational;
using namespace tally::solve;

namespace {

box_problem boxed(std::size_t n, std::vector<row> rows, std::vector<std::optional<integer>> upper = {}) {
  box_problem p;
  p.variables = n;
  p.lower.assign(n, integer{0});
  p.upper = upper.empty() ? std::vector<std::optional<integer>>(n) : std::move(upper);
  p.rows = std::move(rows);
  return p;
}

template <class Simplex>
struct lp_answer {
  lp_status status;
  rational value;
};

template <class Simplex>
lp_answer<Simplex> solve(const box_problem& p, const std::vector<term>& objective) {
  work_counters work;
  Simplex lp(p);
  if (lp.find_feasible(work) != lp_status::optimal) return {lp_status::infeasible, {}};
  const lp_status status = lp.minimize(objective, work);
  rational value;
  if (status == lp_status::optimal) value = rational{lp.objective_value()};
  return {status, value};
}

rational as_rational(const checked_rational& q) { return rational{q.numerator(), q.denominator()}; }
rational as_rational(const rational& q) { return q; }

template <class Simplex>
lp_answer<Simplex> solve_any(const box_problem& p, const std::vector<term>& objective) {
  work_counters work;
  Simplex lp(p);
  if (lp.find_feasible(work) != lp_status::optimal) return {lp_status::infeasible, {}};
  const lp_status status = lp.minimize(objective, work);
  return {status, status == lp_status::optimal ? as_rational(lp.objective_value()) : rational{}};
}

// Every simplex this library has: dense and sparse, over both number types.
template <class Check>
void for_each_simplex(Check check) {
  check.template operator()<dense_simplex<checked_rational>>();
  check.template operator()<dense_simplex<rational>>();
  check.template operator()<sparse_simplex<checked_rational>>();
  check.template operator()<sparse_simplex<rational>>();
}

}  // namespace

TEST_CASE("the simplex finds a fractional optimum exactly", "[solve][simplex]") {
  // max x + y subject to 2x + y ≤ 4 and x + 2y ≤ 4: (4/3, 4/3), value 8/3
  const box_problem p = boxed(2, {row{{{0, 2}, {1, 1}}, std::nullopt, integer{4}},
                                  row{{{0, 1}, {1, 2}}, std::nullopt, integer{4}}});
  for_each_simplex([&]<class S>() {
    const auto answer = solve_any<S>(p, {{0, -1}, {1, -1}});
    REQUIRE(answer.status == lp_status::optimal);
    CHECK(answer.value == rational{-8, 3});
  });
}

TEST_CASE("the simplex reports an unbounded objective", "[solve][simplex]") {
  const box_problem p = boxed(2, {row{{{0, 1}, {1, -1}}, std::nullopt, integer{2}}});  // x − y ≤ 2
  for_each_simplex([&]<class S>() {
    CHECK(solve_any<S>(p, {{0, -1}}).status == lp_status::unbounded);  // max x
    const auto bounded = solve_any<S>(p, {{0, 1}});                    // min x
    REQUIRE(bounded.status == lp_status::optimal);
    CHECK(bounded.value == 0);
  });
}

TEST_CASE("the simplex reports an infeasible system", "[solve][simplex]") {
  const box_problem p = boxed(2, {row{{{0, 1}, {1, 1}}, integer{5}, std::nullopt}}, {integer{2}, integer{2}});
  for_each_simplex([&]<class S>() { CHECK(solve_any<S>(p, {{0, 1}}).status == lp_status::infeasible); });
}

TEST_CASE("the simplex does not cycle on a degenerate problem", "[solve][simplex]") {
  // Beale's example (scaled to integers), which cycles under the textbook
  // largest-coefficient rule: max 10x1 − 57x2 − 9x3 − 24x4, optimum 1
  const box_problem p = boxed(4, {row{{{0, 1}, {1, -11}, {2, -5}, {3, 18}}, std::nullopt, integer{0}},
                                  row{{{0, 1}, {1, -3}, {2, -1}, {3, 2}}, std::nullopt, integer{0}}},
                              {integer{1}, std::nullopt, std::nullopt, std::nullopt});
  for_each_simplex([&]<class S>() {
    const auto answer = solve_any<S>(p, {{0, -10}, {1, 57}, {2, 9}, {3, 24}});
    REQUIRE(answer.status == lp_status::optimal);
    CHECK(answer.value == -1);
  });
}

TEST_CASE("a warm start from a feasible point gives the same optimum", "[solve][simplex]") {
  const box_problem p = boxed(3, {row{{{0, 1}, {1, 1}, {2, 1}}, integer{3}, integer{9}},
                                  row{{{0, 1}, {1, -1}}, integer{-2}, integer{2}}},
                              {integer{5}, integer{5}, integer{5}});
  const std::vector<checked_rational> inside{checked_rational{2}, checked_rational{3}, checked_rational{1}};
  work_counters work;
  sparse_simplex<checked_rational> lp(p, &inside);
  REQUIRE(lp.find_feasible(work) == lp_status::optimal);
  CHECK(work.pivots == 0);  // the start satisfies every row: no phase 1
  REQUIRE(lp.minimize({{0, -1}, {2, -1}}, work) == lp_status::optimal);
  CHECK(lp.objective_value() == checked_rational{-8});  // x = (3, 1, 5)
  dense_simplex<checked_rational> dense(p, &inside);
  REQUIRE(dense.find_feasible(work) == lp_status::optimal);
  REQUIRE(dense.minimize({{0, -1}, {2, -1}}, work) == lp_status::optimal);
  CHECK(dense.objective_value() == checked_rational{-8});
}

TEST_CASE("coefficients that overflow 64-bit rationals fall back to GMP with the same answer", "[solve][simplex]") {
  // max x + y with two rows whose vertex has a denominator near 10^18
  const std::int64_t a = 1000000007, b = 999999937, c = 999999929, d = 1000000009;
  const box_problem p = boxed(2, {row{{{0, a}, {1, b}}, std::nullopt, integer{"4000000000000000000"}},
                                  row{{{0, c}, {1, d}}, std::nullopt, integer{"3000000000000000000"}}});
  work_counters work;
  dense_simplex<checked_rational> fast(p);
  CHECK_THROWS_AS((fast.find_feasible(work), fast.minimize({{0, -1}, {1, -1}}, work)), overflow_signal);
  sparse_simplex<checked_rational> sparse_fast(p);
  CHECK_THROWS_AS((sparse_fast.find_feasible(work), sparse_fast.minimize({{0, -1}, {1, -1}}, work)), overflow_signal);

  const auto exact = solve_any<dense_simplex<rational>>(p, {{0, -1}, {1, -1}});
  REQUIRE(exact.status == lp_status::optimal);
  CHECK(exact.value == solve_any<sparse_simplex<rational>>(p, {{0, -1}, {1, -1}}).value);
  // the integer answers through the falling-back entry points agree with brute reasoning:
  // the LP optimum bounds the integer one, and the integer optimum is attained
  const optimum best = optimize_box(p, {{0, -1}, {1, -1}}, work);
  REQUIRE(best.status == optimum::kind::optimal);
  CHECK(rational{best.value} >= exact.value);
  CHECK(satisfies(p, best.point));
  const box_ranges ranges = tighten_box_ranges(p, work);
  REQUIRE(ranges.feasible);
  CHECK(ranges.max[0] == integer{"3000000213"});  // ⌊3·10^18 / c⌋ with y = 0
}

TEST_CASE("dense and sparse simplex agree on random problems from random starts", "[solve][simplex][random]") {
  std::mt19937_64 random(11);
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(random); };
  for (int trial = 0; trial < 500; ++trial) {
    const auto n = static_cast<std::size_t>(pick(2, 6));
    std::vector<row> rows;
    for (int r = 0, count = static_cast<int>(pick(1, 6)); r < count; ++r) {
      row made;
      for (std::size_t j = 0; j < n; ++j)
        if (pick(0, 1)) {
          const std::int64_t c = pick(-3, 2);
          made.terms.push_back({j, c >= 0 ? c + 1 : c});
        }
      if (made.terms.size() < 2) continue;
      const std::int64_t side = pick(-5, 20);
      if (pick(0, 1)) made.upper = integer{side};
      else made.lower = integer{side};
      rows.push_back(std::move(made));
    }
    std::vector<std::optional<integer>> upper(n);
    for (auto& u : upper)
      if (pick(0, 3)) u = integer{pick(0, 10)};
    const box_problem p = boxed(n, rows, upper);
    std::vector<term> objective;
    for (std::size_t j = 0; j < n; ++j) objective.push_back({j, pick(-4, 4)});
    std::vector<checked_rational> start(n);
    for (auto& v : start) v = checked_rational{pick(0, 12)};

    work_counters work;
    dense_simplex<checked_rational> dense(p);
    sparse_simplex<checked_rational> sparse(p, &start);
    const lp_status a = dense.find_feasible(work), b = sparse.find_feasible(work);
    INFO("trial " << trial);
    REQUIRE(a == b);
    if (a != lp_status::optimal) continue;
    const lp_status c = dense.minimize(objective, work), d = sparse.minimize(objective, work);
    REQUIRE(c == d);
    if (c == lp_status::optimal) CHECK(dense.objective_value() == sparse.objective_value());
  }
}

TEST_CASE("branch and bound stops at its node limit with a clear error", "[solve][branch]") {
  // 2x + 2y − 2z = 1 has no integer point, but every LP along the way is feasible
  box_problem p = boxed(3, {row{{{0, 2}, {1, 2}, {2, -2}}, integer{1}, integer{1}}},
                        {integer{1000}, integer{1000}, integer{1000}});
  work_counters work;
  CHECK_THROWS_WITH(branch_and_bound<dense_simplex<checked_rational>>(p, {}, std::nullopt, {}, work, nullptr, 50),
                    Catch::Contains("branch-and-bound limit reached"));
}
