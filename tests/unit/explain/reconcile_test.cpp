#include "hasakah_document.hpp"

#include <tally/parse.hpp>
#include <tally/reconcile.hpp>
#include <tally/report.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>

using tally::qualifier;

namespace {

const tally::range& range_of(const tally::result& r, const std::string& quantity) {
  auto it = std::find_if(r.ranges.begin(), r.ranges.end(), [&](const tally::range& x) { return x.quantity == quantity; });
  REQUIRE(it != r.ranges.end());
  return *it;
}

tally::claim_set single_quantity(std::vector<tally::claim> claims) {
  tally::claim_set d;
  d.sources.push_back({"s", "a monitor", tally::rational(1, 2), ""});
  d.claims = std::move(claims);
  return d;
}

}  // namespace

TEST_CASE("the seed report has the two conflicts and corrections of the worked example", "[reconcile]") {
  const tally::claim_set d = hasakah_document();
  const tally::result r = tally::reconcile(d);
  REQUIRE(r.status == tally::status::conflicting);
  CHECK(r.complete);
  REQUIRE(r.conflicts.size() == 2);
  CHECK(r.conflicts[0].claims == std::vector<std::string>{"officials-inmates", "sohr-isis"});
  CHECK(r.conflicts[0].gap == 76);
  CHECK(r.conflicts[1].claims == std::vector<std::string>{"officials-inmates", "sohr-total"});
  CHECK(r.conflicts[1].gap == 19);
  REQUIRE(r.corrections.size() == 2);
  CHECK(r.corrections[0].drop == std::vector<std::string>{"officials-inmates"});
  CHECK(r.corrections[0].weight == tally::rational(1, 2));
  CHECK(r.corrections[1].drop == std::vector<std::string>{"sohr-isis", "sohr-total"});
  CHECK(r.corrections[1].weight == tally::rational(8, 5));
  REQUIRE(r.adopted);
  CHECK(r.adopted->drop == r.corrections[0].drop);

  CHECK(range_of(r, "killed").min == 181);
  CHECK(*range_of(r, "killed").max == 181);
  CHECK(*range_of(r, "killed.isis").max == 124);
  CHECK(range_of(r, "killed.kurdish_forces.security").min == 30);
  CHECK(range_of(r, "killed.isis.inmates").min == 0);
  CHECK(*range_of(r, "killed.isis.inmates").max == 124);
  CHECK(range_of(r, "attackers").min == 101);
  CHECK(!range_of(r, "attackers").max);
  CHECK(range_of(r, "inmates.boys").min == 630);

  REQUIRE(r.claims.size() == d.claims.size());
  for (const auto& c : r.claims) CHECK(c.in_force == (c.id != "officials-inmates"));
}

TEST_CASE("every explanation names each claim of its conflict and its gap", "[reconcile]") {
  const tally::result r = tally::reconcile(hasakah_document());
  for (const auto& c : r.conflicts) {
    for (const auto& id : c.claims) CHECK(c.explanation.find(id) != std::string::npos);
    CHECK(c.explanation.find(c.gap.str() + " apart") != std::string::npos);
  }
  CHECK(r.conflicts[0].explanation.find("killed.isis.inmates is part of killed.isis, so killed.isis ≥ 200") !=
        std::string::npos);
}

TEST_CASE("caps of zero still report the first conflict and adopt a correction", "[reconcile]") {
  tally::options capped;
  capped.max_conflicts = 0;
  capped.max_corrections = 0;
  const tally::result r = tally::reconcile(hasakah_document(), capped);
  REQUIRE(r.status == tally::status::conflicting);
  CHECK(!r.complete);
  REQUIRE(r.conflicts.size() == 1);
  REQUIRE(r.corrections.size() == 1);
  REQUIRE(r.adopted);
  CHECK(r.adopted->drop == std::vector<std::string>{"officials-inmates"});
  CHECK(*range_of(r, "killed").max == 181);
}

TEST_CASE("estimates are given only where the stated figures in force pin a count", "[reconcile]") {
  using why = tally::range::missing_estimate;
  const tally::result r = tally::reconcile(hasakah_document());
  for (const auto& x : r.ranges) {
    INFO(x.quantity);
    CHECK(x.estimate.has_value() == (x.no_estimate == why::none));
    if (!x.estimate) continue;
    CHECK(*x.estimate >= x.min);
    if (x.max) CHECK(*x.estimate <= *x.max);
    if (x.max && *x.max == x.min) CHECK(*x.estimate == x.min);
  }
  // figures in force: "about 700" boys, "nearly 3500" held
  CHECK(*range_of(r, "inmates.boys").estimate == 700);
  CHECK(*range_of(r, "inmates").estimate == 3500);
  // "more than 100" is a bound: it says where the count lies, not what it is
  CHECK(range_of(r, "attackers").no_estimate == why::no_figure);
  // the dropped "at least 200" plays no part: any number of the 124 ISIS
  // dead may have been inmates, and every such fit is as close as any other
  CHECK(range_of(r, "killed.isis.inmates").no_estimate == why::tie);

  tally::options off;
  off.estimates = false;
  for (const auto& x : tally::reconcile(hasakah_document(), off).ranges) {
    CHECK_FALSE(x.estimate);
    CHECK(x.no_estimate == why::not_computed);
  }
}

TEST_CASE("three pairwise sums of 11 have no whole-number solution", "[reconcile]") {
  const tally::result r = tally::reconcile(single_quantity({make_claim("ab", "s", {"a", "b"}, qualifier::exactly, 11),
                                                            make_claim("bc", "s", {"b", "c"}, qualifier::exactly, 11),
                                                            make_claim("ac", "s", {"a", "c"}, qualifier::exactly, 11)}));
  REQUIRE(r.status == tally::status::conflicting);
  REQUIRE(r.conflicts.size() == 1);
  CHECK(r.conflicts[0].claims.size() == 3);
  CHECK(r.conflicts[0].gap == 1);
  CHECK(r.corrections.size() == 3);
  CHECK(r.conflicts[0].explanation.find("gives 2·a + 2·b + 2·c = 33: the left side is even") != std::string::npos);
}

// Found by fuzz/pipeline_fuzzer.cpp: "nearly 186.5" with a tolerance of
// 10^-6 means 187 ≤ a + b ≤ 186, and a sum whose bounds cross reached the
// exact LP (for counts past what propagation settles), which returned a
// point outside the problem: an internal error instead of a conflict.
TEST_CASE("a claim on a sum whose own bounds cross conflicts on its own", "[reconcile]") {
  for (const int whole : {1, 20, 150, 186, 1000}) {
    INFO("nearly " << whole << ".5");
    tally::claim c = make_claim("c", "s", {"a", "b"}, qualifier::nearly, tally::rational(2 * whole + 1, 2));
    c.tolerance = tally::rational(1, 1000000);
    const tally::result r = tally::reconcile(single_quantity({c}));
    REQUIRE(r.status == tally::status::conflicting);
    REQUIRE(r.conflicts.size() == 1);
    CHECK(r.conflicts[0].claims == std::vector<std::string>{"c"});
    CHECK(r.conflicts[0].gap == 1);
    REQUIRE(r.adopted);
    CHECK(r.adopted->drop == std::vector<std::string>{"c"});
  }
}

TEST_CASE("a conflict propagation cannot see is explained by counting people twice", "[reconcile]") {
  tally::claim_set d = single_quantity({make_claim("sum", "s", {"injured.staff", "injured.fighters", "injured.unknown"},
                                                   qualifier::at_least, 10),
                                        make_claim("total", "s", {"injured"}, qualifier::exactly, 7)});
  d.relations.push_back({tally::relation::kind::parts, "injured", {"injured.civilians", "injured.unknown"}, true, ""});
  d.relations.push_back(
      {tally::relation::kind::parts, "injured.civilians", {"injured.staff", "injured.fighters", "injured.militia"}, true, ""});
  const tally::result r = tally::reconcile(d);
  REQUIRE(r.status == tally::status::conflicting);
  REQUIRE(r.conflicts.size() == 1);
  CHECK(r.conflicts[0].gap == 3);
  const std::string& words = r.conflicts[0].explanation;
  CHECK(words.find("everyone counted by sum (") != std::string::npos);
  CHECK(words.find("is counted again by total (injured = 7)") != std::string::npos);
  CHECK(words.find("at least 10 people would have to fit within at most 7") != std::string::npos);
  CHECK(words.find("Through injured = injured.civilians + injured.unknown") != std::string::npos);
}

TEST_CASE("a running toll cannot fall", "[reconcile]") {
  auto early = make_claim("early", "s", {"killed"}, qualifier::exactly, 7);
  early.as_of = tally::parse_timestamp("2022-01-23");
  auto late = make_claim("late", "s", {"killed"}, qualifier::exactly, 4);
  late.as_of = tally::parse_timestamp("2022-01-31");
  const tally::result r = tally::reconcile(single_quantity({early, late}));
  REQUIRE(r.status == tally::status::conflicting);
  REQUIRE(r.conflicts.size() == 1);
  CHECK(r.conflicts[0].gap == 3);
  CHECK(r.conflicts[0].explanation.find("never falls") != std::string::npos);
}

TEST_CASE("a conflict across a long running series gets its gap from the whole chain between its claims", "[reconcile]") {
  // killed = children + adults every day, for 31 days (a figure of the
  // injured each day makes every day a time point). Children at least 60 on
  // day 1 and killed at most 50 on day 31 conflict only through the 30 days
  // of running counts between them, which a small neighbourhood of the two
  // claims cuts: its relaxed gap is 0, that point does not extend to the
  // whole series, and the search must widen to find the gap, 10.
  tally::claim_set d;
  d.sources.push_back({"s", "a monitor", tally::rational(1, 2), ""});
  d.relations.push_back({tally::relation::kind::parts, "killed", {"killed.children", "killed.adults"}, true, ""});
  auto dated = [](tally::claim c, int day) {
    c.as_of = tally::timestamp{2023, 10, day, std::nullopt};
    return c;
  };
  for (int day = 1; day <= 31; ++day)
    d.claims.push_back(dated(make_claim("injured-" + std::to_string(day), "s", {"injured"}, qualifier::at_least, day), day));
  d.claims.push_back(dated(make_claim("children-early", "s", {"killed.children"}, qualifier::at_least, 60), 1));
  d.claims.push_back(dated(make_claim("killed-late", "s", {"killed"}, qualifier::at_most, 50), 31));
  const tally::result r = tally::reconcile(d);
  REQUIRE(r.status == tally::status::conflicting);
  REQUIRE(r.conflicts.size() == 1);
  CHECK(r.conflicts[0].claims == std::vector<std::string>{"children-early", "killed-late"});
  CHECK(r.conflicts[0].gap == 10);
}

namespace {

tally::claim on_day(tally::claim c, int day) {
  c.as_of = tally::timestamp{2023, 10, day, std::nullopt};
  return c;
}

// killed = north + south, north = north.a + north.b, on two days; no claim
// names the national total, which makes it a free total.
tally::claim_set national_total() {
  tally::claim_set d;
  d.sources.push_back({"s", "a monitor", tally::rational(1, 2), ""});
  d.relations.push_back({tally::relation::kind::parts, "killed", {"killed.north", "killed.south"}, true, ""});
  d.relations.push_back({tally::relation::kind::parts, "killed.north", {"killed.north.a", "killed.north.b"}, true, ""});
  d.claims.push_back(on_day(make_claim("north-1", "s", {"killed.north"}, qualifier::exactly, 10), 1));
  d.claims.push_back(on_day(make_claim("south-1", "s", {"killed.south"}, qualifier::at_least, 5), 1));
  d.claims.push_back(on_day(make_claim("south-2", "s", {"killed.south"}, qualifier::at_most, 8), 2));
  d.claims.push_back(on_day(make_claim("north-a-2", "s", {"killed.north.a"}, qualifier::exactly, 4), 2));
  return d;
}

const tally::range& range_at(const tally::result& r, const std::string& quantity, std::size_t time) {
  auto it = std::find_if(r.ranges.begin(), r.ranges.end(), [&](const tally::range& x) {
    return x.quantity == quantity && x.time == r.time_points[time];
  });
  REQUIRE(it != r.ranges.end());
  return *it;
}

}  // namespace

TEST_CASE("a total no claim names ranges over the sum of its parts' ranges", "[reconcile]") {
  const tally::claim_set d = national_total();
  const tally::result r = tally::reconcile(d);
  REQUIRE(r.status == tally::status::consistent);
  REQUIRE(r.time_points.size() == 2);
  // north is 10 on day 1; south is 5 to 8 on both days (it cannot fall)
  CHECK(range_at(r, "killed", 0).min == 15);
  CHECK(range_at(r, "killed", 0).max == tally::integer(18));
  CHECK(range_at(r, "killed", 1).min == 15);
  CHECK(!range_at(r, "killed", 1).max);
  // its parts lie in different components: it is pinned exactly when both are
  for (std::size_t t = 0; t < 2; ++t) {
    const auto& total = range_at(r, "killed", t);
    const auto& north = range_at(r, "killed.north", t);
    const auto& south = range_at(r, "killed.south", t);
    if (north.estimate && south.estimate) {
      REQUIRE(total.estimate);
      CHECK(*total.estimate == *north.estimate + *south.estimate);
    } else {
      CHECK_FALSE(total.estimate);
      CHECK((total.no_estimate == north.no_estimate || total.no_estimate == south.no_estimate));
    }
  }
  CHECK(*range_at(r, "killed.north", 0).estimate == 10);
  // only bounds are said of the south ("at least 5", "at most 8")
  CHECK(range_at(r, "killed.south", 0).no_estimate == tally::range::missing_estimate::no_figure);
  CHECK(range_at(r, "killed", 0).no_estimate == tally::range::missing_estimate::no_figure);

  // A claim on the total keeps it in the system: the ranges are the same.
  tally::claim_set named = d;
  named.claims.push_back(on_day(make_claim("killed-1", "s", {"killed"}, qualifier::at_least, 0), 1));
  tally::options no_estimates;
  no_estimates.estimates = false;
  const tally::result free = tally::reconcile(d, no_estimates), kept = tally::reconcile(named, no_estimates);
  REQUIRE(free.ranges.size() == kept.ranges.size());
  for (std::size_t i = 0; i < free.ranges.size(); ++i) {
    CHECK(free.ranges[i].min == kept.ranges[i].min);
    CHECK(free.ranges[i].max == kept.ranges[i].max);
  }
}

TEST_CASE("disputes in regions linked only by an unclaimed total are independent", "[reconcile]") {
  tally::claim_set d = national_total();
  d.sources.push_back({"t", "another monitor", tally::rational(9, 10), ""});
  d.claims.push_back(on_day(make_claim("south-2-other", "t", {"killed.south"}, qualifier::exactly, 20), 2));
  d.claims.push_back(on_day(make_claim("north-a-2-other", "t", {"killed.north.a"}, qualifier::exactly, 6), 2));
  const tally::result r = tally::reconcile(d);
  REQUIRE(r.status == tally::status::conflicting);
  CHECK(r.disputes.size() == 2);  // one per region: the national total links them only by adding them up
  REQUIRE(r.adopted);
  CHECK(r.adopted->drop == std::vector<std::string>{"north-a-2", "south-2"});
  CHECK(r.adopted->optimal);
}

TEST_CASE("the report is the same for any thread count", "[reconcile]") {
  // 30 regions of two leaves over 20 days, linked by an unclaimed national
  // total: thousands of rows in 30 independent components.
  tally::claim_set d;
  d.sources.push_back({"s", "a monitor", tally::rational(1, 2), ""});
  d.sources.push_back({"t", "another monitor", tally::rational(3, 10), ""});
  tally::relation national{tally::relation::kind::parts, "killed", {}, true, ""};
  for (int region = 0; region < 30; ++region) {
    const std::string id = "killed.r" + std::to_string(region);
    national.parts.push_back(id);
    d.relations.push_back({tally::relation::kind::parts, id, {id + ".a", id + ".b"}, true, ""});
    for (int day = 1; day <= 20; ++day) {
      const std::string tag = std::to_string(region) + "-" + std::to_string(day);
      if ((region + day) % 3 != 0)
        d.claims.push_back(on_day(make_claim("total-" + tag, "s", {id}, qualifier::exactly, 10 * day + region), day));
      if (day % 4 == 0)
        d.claims.push_back(on_day(make_claim("a-" + tag, "s", {id + ".a"}, qualifier::at_least, 4 * day), day));
    }
    if (region % 7 == 3)  // a few regions have a second source that disagrees
      d.claims.push_back(on_day(make_claim("other-" + std::to_string(region), "t", {id}, qualifier::exactly, 500), 10));
  }
  d.relations.push_back(national);
  tally::options one, two;
  one.threads = 1;
  two.threads = 2;
  const tally::result a = tally::reconcile(d, one), b = tally::reconcile(d, two);
  REQUIRE(a.stats.constraints >= 2000);  // past the size below which one thread does it all
  REQUIRE(a.stats.components >= 30);
  REQUIRE(a.status == tally::status::conflicting);
  CHECK(a.disputes.size() == 4);
  CHECK(tally::render_report(a, d, tally::report_format::json) == tally::render_report(b, d, tally::report_format::json));
}

TEST_CASE("the first conflict is listed even when the caps stop the search before it is shrunk", "[reconcile]") {
  // Two lower bounds on each of 300 leaves (the second one lower), and a
  // total one short of their sum: the one minimal conflict is the total and
  // the higher figure on every leaf, far more claims than the search
  // shrinks within a budget of one row.
  tally::claim_set d;
  d.sources.push_back({"a", "a monitor", tally::rational(1, 2), ""});
  d.sources.push_back({"b", "another monitor", tally::rational(1, 2), ""});
  d.sources.push_back({"r", "the ministry", tally::rational(9, 10), ""});
  tally::relation total{tally::relation::kind::parts, "killed", {}, true, ""};
  std::int64_t sum = 0;
  for (int leaf = 0; leaf < 300; ++leaf) {
    const std::string id = "killed.l" + std::to_string(leaf);
    total.parts.push_back(id);
    d.claims.push_back(make_claim("a" + std::to_string(leaf), "a", {id}, qualifier::at_least, 10 + leaf % 7));
    d.claims.push_back(make_claim("b" + std::to_string(leaf), "b", {id}, qualifier::at_least, 5 + leaf % 3));
    sum += 10 + leaf % 7;
  }
  d.relations.push_back(total);
  d.claims.push_back(make_claim("total", "r", {"killed"}, qualifier::at_most, sum - 1));
  tally::options capped;
  capped.max_enumeration_work = 1;
  const tally::result r = tally::reconcile(d, capped);
  REQUIRE(r.status == tally::status::conflicting);
  CHECK(!r.complete);
  REQUIRE(r.conflicts.size() == 1);
  CHECK(r.conflicts[0].claims.size() == 301);
  CHECK(std::count_if(r.conflicts[0].claims.begin(), r.conflicts[0].claims.end(),
                      [](const std::string& id) { return id[0] == 'a'; }) == 300);
  CHECK(r.conflicts[0].gap == 1);
  REQUIRE(r.adopted);  // any one higher figure (the ministry weighs more); the ids break the tie
  CHECK(r.adopted->drop == std::vector<std::string>{"a0"});
  CHECK(r.adopted->optimal);
  CHECK(r.adopted->tie != std::optional<bool>(false));  // tied, or not known within a budget of one row
}

TEST_CASE("values beyond 64 bits get exact ranges", "[reconcile]") {
  const tally::integer big("123456789012345678901234567");
  auto total = make_claim("total", "s", {"all"}, qualifier::exactly, tally::rational(big));
  auto part = make_claim("part", "s", {"all.part"}, qualifier::at_least, tally::rational(big - 5));
  const tally::result r = tally::reconcile(single_quantity({total, part}));
  REQUIRE(r.status == tally::status::consistent);
  CHECK(range_of(r, "all.part").min == big - 5);
  CHECK(*range_of(r, "all.part").max == big);
}

TEST_CASE("an invalid document is reported, not solved", "[reconcile]") {
  tally::claim_set d = hasakah_document();
  d.claims[0].source = "nobody";
  const tally::result r = tally::reconcile(d);
  CHECK(r.status == tally::status::invalid);
  CHECK(!r.diagnostics.empty());
  CHECK(r.ranges.empty());
}

TEST_CASE("reconciling twice gives the same result", "[reconcile]") {
  const auto a = tally::reconcile(hasakah_document());
  const auto b = tally::reconcile(hasakah_document());
  REQUIRE(a.conflicts.size() == b.conflicts.size());
  for (std::size_t i = 0; i < a.conflicts.size(); ++i) CHECK(a.conflicts[i].explanation == b.conflicts[i].explanation);
  REQUIRE(a.ranges.size() == b.ranges.size());
  for (std::size_t i = 0; i < a.ranges.size(); ++i) CHECK(a.ranges[i].estimate == b.ranges[i].estimate);
}

TEST_CASE("a time limit cuts a listing short and the result stays exact", "[reconcile]") {
  // tests/data/README.md: 2^24 minimal conflicts, one cheapest correction
  const tally::parse_result parsed = tally::parse_claims_file(std::string(TALLY_SOURCE_DIR) + "/tests/data/many-conflicts.json");
  REQUIRE(parsed.ok());
  tally::options opts;
  opts.max_conflicts = opts.max_corrections = std::size_t{1} << 40;
  opts.max_enumeration_work = std::size_t{1} << 60;
  opts.time_limit_seconds = 1;
  const auto started = std::chrono::steady_clock::now();
  const tally::result r = tally::reconcile(*parsed.document, opts);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(seconds < 1.5);  // the listing stops at half the limit; the rest takes milliseconds
  REQUIRE(r.status == tally::status::conflicting);
  CHECK_FALSE(r.complete);
  REQUIRE(r.adopted);
  CHECK(r.adopted->drop == std::vector<std::string>{"total"});
  CHECK(r.adopted->optimal);
  REQUIRE(!r.conflicts.empty());
  CHECK(r.conflicts.size() < (std::size_t{1} << 24));
  for (const tally::conflict& c : r.conflicts) {
    CHECK(c.claims.size() == 25);  // the total and one floor of each part: minimal
    CHECK(c.gap == 1);
    CHECK(std::count(c.claims.begin(), c.claims.end(), "total") == 1);
  }
  CHECK(range_of(r, "killed").min == 240);
  CHECK(!range_of(r, "killed").max);
  CHECK(range_of(r, "killed.r0").min == 10);
}
