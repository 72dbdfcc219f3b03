#include "solve/propagation.hpp"

#include <catch2/catch.hpp>

using tally::integer;
using namespace tally::solve;

namespace {

void add(linear_system& s, std::vector<term> terms, std::optional<integer> lower, std::optional<integer> upper) {
  s.rows.push_back(row{std::move(terms), std::move(lower), std::move(upper)});
}

}  // namespace

TEST_CASE("a category tree with single-variable claims is exact by propagation", "[solve][acyclic]") {
  linear_system s;
  s.variables = 6;  // 0 = 1 + 2, 1 = 3 + 4 + 5
  add(s, {{0, 1}, {1, -1}, {2, -1}}, integer{0}, integer{0});
  add(s, {{1, 1}, {3, -1}, {4, -1}, {5, -1}}, integer{0}, integer{0});
  add(s, {{0, 1}}, integer{10}, integer{10});
  add(s, {{3, 1}}, integer{2}, std::nullopt);
  add(s, {{3, 1}}, std::nullopt, integer{5});  // two claims on one variable: still leaves
  CHECK(propagation_is_exact(s, {}));
}

TEST_CASE("two rows sharing two variables make a cycle", "[solve][acyclic]") {
  linear_system s;
  s.variables = 3;
  add(s, {{0, 1}, {1, -1}, {2, -1}}, integer{0}, integer{0});  // whole = a + b
  add(s, {{0, 1}, {1, -1}}, integer{0}, std::nullopt);         // a ≤ whole
  CHECK_FALSE(propagation_is_exact(s, {}));
  CHECK(propagation_is_exact(s, {1, 0}));  // masking a row away breaks the cycle
}

TEST_CASE("a tree crossed with a time chain is cyclic", "[solve][acyclic]") {
  linear_system s;
  s.variables = 6;  // (whole, a, b) at t = 0 and t = 1
  add(s, {{0, 1}, {1, -1}, {2, -1}}, integer{0}, integer{0});
  add(s, {{3, 1}, {4, -1}, {5, -1}}, integer{0}, integer{0});
  add(s, {{0, 1}, {3, -1}}, std::nullopt, integer{0});
  add(s, {{1, 1}, {4, -1}}, std::nullopt, integer{0});
  CHECK_FALSE(propagation_is_exact(s, {}));
  CHECK(propagation_is_exact(s, {1, 1, 1, 0}));
}

TEST_CASE("an acyclic row with other coefficients is not exact by propagation", "[solve][acyclic]") {
  linear_system s;
  s.variables = 3;
  add(s, {{0, 2}, {1, 2}, {2, -1}}, integer{0}, integer{0});  // 2x + 2y = z
  add(s, {{2, 1}}, integer{3}, integer{5});
  CHECK_FALSE(propagation_is_exact(s, {}));
  s.rows[0].terms = {{0, 1}, {1, 1}, {2, -1}};  // x + y = z: the same tree, exact
  CHECK(propagation_is_exact(s, {}));
}
