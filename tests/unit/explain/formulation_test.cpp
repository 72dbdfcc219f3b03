#include "hasakah_document.hpp"
#include "solve/formulation.hpp"

#include <tally/constraint.hpp>

#include <catch2/catch.hpp>

using tally::qualifier;

TEST_CASE("every qualifier rounds to the integer bounds of the format's table", "[formulation]") {
  auto bounds = [](qualifier q, tally::rational v, std::optional<tally::rational> upper = {}) {
    tally::claim c = make_claim("c", "s", {"x"}, q, v);
    c.upper = upper;
    return tally::claim_bounds(c, tally::rational(1, 10));
  };
  CHECK(bounds(qualifier::exactly, 7).lower == 7);
  CHECK(*bounds(qualifier::exactly, 7).upper == 7);
  CHECK(bounds(qualifier::at_least, tally::rational(399, 2)).lower == 200);
  CHECK(!bounds(qualifier::at_least, 200).upper);
  CHECK(bounds(qualifier::more_than, 100).lower == 101);
  CHECK(bounds(qualifier::more_than, tally::rational(201, 2)).lower == 101);
  CHECK(*bounds(qualifier::at_most, tally::rational(199, 2)).upper == 99);
  CHECK(bounds(qualifier::at_most, 5).lower == 0);
  CHECK(*bounds(qualifier::fewer_than, 10).upper == 9);
  CHECK(*bounds(qualifier::fewer_than, tally::rational(19, 2)).upper == 9);
  CHECK(*bounds(qualifier::fewer_than, 0).upper == -1);  // empty: conflicts alone
  CHECK(bounds(qualifier::between, tally::rational(21, 2), tally::rational(101, 2)).lower == 11);
  CHECK(*bounds(qualifier::between, tally::rational(21, 2), tally::rational(101, 2)).upper == 50);
  CHECK(bounds(qualifier::about, 700).lower == 630);
  CHECK(*bounds(qualifier::about, 700).upper == 770);
  CHECK(bounds(qualifier::about, 15).lower == 14);   // ⌈13.5⌉
  CHECK(*bounds(qualifier::about, 15).upper == 16);  // ⌊16.5⌋
  CHECK(bounds(qualifier::nearly, 3500).lower == 3150);
  CHECK(*bounds(qualifier::nearly, tally::rational(7001, 2)).upper == 3500);
}

TEST_CASE("a claim's own tolerance overrides the default", "[formulation]") {
  tally::claim c = make_claim("c", "s", {"x"}, qualifier::about, 100);
  c.tolerance = tally::rational(1, 4);
  const auto b = tally::claim_bounds(c, tally::rational(1, 10));
  CHECK(b.lower == 75);
  CHECK(*b.upper == 125);
}

TEST_CASE("claims on or after the event's end speak of the final figure", "[formulation]") {
  tally::claim_set d = hasakah_document();
  d.claims[0].as_of = tally::parse_timestamp("2022-01-24");
  d.claims[1].as_of = tally::parse_timestamp("2022-01-26T10:00");  // before the end of the 26th
  d.claims[2].as_of.reset();
  const auto f = tally::solve::formulate(d, {});
  REQUIRE(f.time_points.size() == 3);
  CHECK(f.time_points[0].to_string() == "2022-01-24");
  CHECK(f.time_points[1].to_string() == "2022-01-26T10:00");
  CHECK(f.time_points[2].is_final());
  CHECK(f.claim_time[0] == 0);
  CHECK(f.claim_time[1] == 1);
  CHECK(f.claim_time[2] == 2);
  CHECK(f.claim_time[3] == 2);
}

TEST_CASE("every prefix of a dotted id exists and quantities come in tree order", "[formulation]") {
  const auto f = tally::solve::formulate(hasakah_document(), {});
  const std::vector<std::string> expected{"attackers", "inmates", "inmates.boys", "killed", "killed.civilians",
                                          "killed.isis", "killed.isis.inmates", "killed.kurdish_forces",
                                          "killed.kurdish_forces.security"};
  CHECK(f.quantities == expected);
  CHECK(tally::solve::tree_order_less("a.b", "a_b"));
  CHECK(tally::solve::tree_order_less("a", "a.b"));
}

TEST_CASE("a child named as a part of its parent gets no second subset row", "[formulation]") {
  const auto f = tally::solve::formulate(hasakah_document(), {});
  std::size_t parent_rows = 0;
  for (const auto& o : f.origins)
    if (o.kind == tally::solve::row_origin::origin_kind::parent) ++parent_rows;
  // inmates.boys ≤ inmates, killed.isis.inmates ≤ killed.isis, security ≤ kurdish_forces;
  // killed.isis, killed.kurdish_forces and killed.civilians are parts of killed already.
  CHECK(parent_rows == 3);
}

TEST_CASE("running counts never fall between consecutive time points, stocks may", "[formulation]") {
  tally::claim_set d = hasakah_document();
  d.claims[2].as_of = tally::parse_timestamp("2022-01-23");
  const auto f = tally::solve::formulate(d, {});
  REQUIRE(f.time_points.size() == 2);
  std::size_t running = 0;
  for (const auto& o : f.origins)
    if (o.kind == tally::solve::row_origin::origin_kind::running) {
      ++running;
      CHECK(f.quantities[o.index].rfind("killed", 0) == 0);  // the stocks have no running row
    }
  CHECK(running == 6);
}
