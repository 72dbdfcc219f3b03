#include "solve/propagation.hpp"

#include <catch2/catch.hpp>

using tally::integer;
using namespace tally::solve;

namespace {

row make_row(std::vector<term> terms, std::optional<integer> lower, std::optional<integer> upper) {
  return row{std::move(terms), std::move(lower), std::move(upper)};
}

// The seed report's core: inmates ≤ isis ≤ killed, inmates ≥ 200, isis = 124.
linear_system hasakah_chain() {
  linear_system s;
  s.variables = 3;  // 0 killed, 1 isis, 2 inmates
  s.rows.push_back(make_row({{0, 1}, {1, -1}}, integer{0}, std::nullopt));  // isis ≤ killed
  s.rows.push_back(make_row({{1, 1}, {2, -1}}, integer{0}, std::nullopt));  // inmates ≤ isis
  s.rows.push_back(make_row({{2, 1}}, integer{200}, std::nullopt));          // officials
  s.rows.push_back(make_row({{1, 1}}, integer{124}, integer{124}));          // SOHR
  return s;
}

}  // namespace

TEST_CASE("a part never exceeds its whole: propagation bounds the parts by the whole", "[solve][propagation]") {
  linear_system s;
  s.variables = 3;  // whole = a + b, whole ≤ 10, a ≥ 4
  s.rows.push_back(make_row({{0, 1}, {1, -1}, {2, -1}}, integer{0}, integer{0}));
  s.rows.push_back(make_row({{0, 1}}, std::nullopt, integer{10}));
  s.rows.push_back(make_row({{1, 1}}, integer{4}, std::nullopt));
  const auto result = propagate(s, {});
  REQUIRE_FALSE(result.contradiction);
  REQUIRE(result.fixpoint);
  CHECK(result.lower[0] == 4);
  CHECK(result.upper[1] == integer{10});
  CHECK(result.upper[2] == integer{6});
}

TEST_CASE("propagation records each tightening with its row and the events it used", "[solve][propagation]") {
  const linear_system s = hasakah_chain();
  row_mask without_sohr{1, 1, 1, 0};
  const auto result = propagate(s, without_sohr);
  REQUIRE_FALSE(result.contradiction);
  CHECK(result.lower[0] == 200);
  CHECK(result.lower[1] == 200);
  // inmates ≥ 200 (row 2, no premises) → isis ≥ 200 (row 1) → killed ≥ 200 (row 0)
  REQUIRE(result.events.size() == 3);
  const auto& inmates = result.events[0];
  CHECK(inmates.variable == 2);
  CHECK_FALSE(inmates.is_upper);
  CHECK(inmates.value == 200);
  CHECK(inmates.row == 2);
  CHECK(inmates.premises.empty());
  const auto& isis = result.events[1];
  CHECK(isis.variable == 1);
  CHECK(isis.row == 1);
  CHECK(isis.premises == std::vector<std::size_t>{0});
  const auto& killed = result.events[2];
  CHECK(killed.variable == 0);
  CHECK(killed.row == 0);
  CHECK(killed.premises == std::vector<std::size_t>{1});
}

TEST_CASE("a contradiction names the row that fails and the events behind it", "[solve][propagation]") {
  const auto result = propagate(hasakah_chain(), {});
  REQUIRE(result.contradiction);
  // every premise is an event, and following premises from the conflict
  // reaches both claims' rows
  std::vector<std::size_t> pending = result.conflict_premises;
  std::vector<char> rows_seen(4, 0);
  rows_seen[result.conflict_row] = 1;
  while (!pending.empty()) {
    const std::size_t e = pending.back();
    pending.pop_back();
    REQUIRE(e < result.events.size());
    rows_seen[result.events[e].row] = 1;
    for (const std::size_t p : result.events[e].premises) {
      REQUIRE(p < e);  // premises come earlier
      pending.push_back(p);
    }
  }
  CHECK(rows_seen[2]);
  CHECK(rows_seen[3]);
  CHECK(rows_seen[1]);
  CHECK_FALSE(rows_seen[0]);  // killed plays no part
}

TEST_CASE("propagation rounds to integers", "[solve][propagation]") {
  linear_system s;
  s.variables = 2;
  s.rows.push_back(make_row({{0, 2}, {1, 2}}, integer{3}, integer{5}));  // 3 ≤ 2a + 2b ≤ 5
  s.rows.push_back(make_row({{1, 1}}, std::nullopt, integer{0}));
  const auto result = propagate(s, {});
  REQUIRE_FALSE(result.contradiction);
  CHECK(result.lower[0] == 2);  // ⌈3/2⌉
  CHECK(result.upper[0] == integer{2});  // ⌊5/2⌋

  linear_system odd;
  odd.variables = 1;
  odd.rows.push_back(make_row({{0, 2}}, integer{3}, integer{3}));  // 2x = 3
  const auto none = propagate(odd, {});
  CHECK(none.contradiction);
  CHECK(none.conflict_row == 0);
}

TEST_CASE("propagation stops creeping at the sweep cap and says so", "[solve][propagation]") {
  linear_system s;
  s.variables = 2;  // x ≥ y + 1, y ≥ x + 1: no point, and each sweep raises both by one
  s.rows.push_back(make_row({{0, 1}, {1, -1}}, integer{1}, std::nullopt));
  s.rows.push_back(make_row({{1, 1}, {0, -1}}, integer{1}, std::nullopt));
  const auto result = propagate(s, {}, 10);
  CHECK_FALSE(result.contradiction);
  CHECK_FALSE(result.fixpoint);
  CHECK(result.lower[0] > 0);
  CHECK(result.lower[0] < 100);
}

TEST_CASE("propagation is exact with values beyond 2^64", "[solve][propagation]") {
  const integer big("123456789012345678901234567890");
  linear_system s;
  s.variables = 3;  // whole = a + b, whole = big, a ≥ big − 5
  s.rows.push_back(make_row({{0, 1}, {1, -1}, {2, -1}}, integer{0}, integer{0}));
  s.rows.push_back(make_row({{0, 1}}, big, big));
  s.rows.push_back(make_row({{1, 1}}, integer{big - 5}, std::nullopt));
  const auto result = propagate(s, {});
  REQUIRE_FALSE(result.contradiction);
  CHECK(result.upper[2] == integer{5});
  CHECK(result.upper[1] == big);
  CHECK(result.events.back().value > integer{0});
}

TEST_CASE("a variable named twice in a row counts once with the summed coefficient", "[solve][propagation]") {
  linear_system s;
  s.variables = 2;
  s.rows.push_back(make_row({{0, 1}, {1, 1}, {0, 1}}, std::nullopt, integer{7}));  // 2x + y ≤ 7
  const auto result = propagate(s, {});
  CHECK(result.upper[0] == integer{3});
  CHECK(result.upper[1] == integer{7});
}
