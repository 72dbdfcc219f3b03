#include "explain/explanation.hpp"
#include "hasakah_document.hpp"
#include "solve/formulation.hpp"

#include <tally/parse.hpp>
#include <tally/reconcile.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>

using tally::qualifier;

namespace {

tally::claim dated(std::string id, std::string quantity, qualifier q, tally::rational value, const std::string& day) {
  tally::claim c = make_claim(std::move(id), "moh", {std::move(quantity)}, q, std::move(value));
  c.as_of = tally::parse_timestamp(day);
  return c;
}

tally::claim_set ministry(std::vector<tally::claim> claims) {
  tally::claim_set d;
  d.sources.push_back({"moh", "Ministry of Health", tally::rational(1, 2), ""});
  d.claims = std::move(claims);
  return d;
}

// `count` dates four days apart from 31 May 2024, so that 200 of them span
// two years (19 November 2024 is the 44th).
std::vector<std::string> days(std::size_t count) {
  std::vector<std::string> out(count);
  static constexpr int month_days[2][12] = {{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
                                            {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}};
  int year = 2024, month = 5, day = 31;
  for (std::size_t i = 0; i < count; ++i) {
    char text[11];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    out[i] = text;
    day += 4;
    const int length = month_days[year == 2024 ? 0 : 1][month - 1];
    if (day > length) {
      day -= length;
      if (++month > 12) month = 1, ++year;
    }
  }
  return out;
}

std::size_t count_containing(const std::vector<std::string>& steps, const std::string& words) {
  const auto says_it = [&](const std::string& s) { return s.find(words) != std::string::npos; };
  return static_cast<std::size_t>(std::count_if(steps.begin(), steps.end(), says_it));
}

std::string joined(const std::vector<std::string>& steps) {
  std::string out;
  for (const std::string& s : steps) out += s + "\n";
  return out;
}

// Conflicts keyed by their sorted claim ids, with their steps.
std::map<std::vector<std::string>, std::vector<std::string>> steps_by_conflict(const tally::result& r) {
  std::map<std::vector<std::string>, std::vector<std::string>> out;
  for (const tally::conflict& c : r.conflicts) {
    std::vector<std::string> ids = c.claims;
    std::sort(ids.begin(), ids.end());
    out[ids] = c.steps;
  }
  return out;
}

}  // namespace

TEST_CASE("a running count across 200 dated claims is one step from one date to the other", "[explanation]") {
  // 15,036 injured on 19 November 2024, then 683 on 5 March 2026 (a count
  // restarted from zero); every other report only says "at least" a few hundred.
  const std::vector<std::string> when = days(200);
  REQUIRE(std::find(when.begin(), when.end(), "2024-11-19") != when.end());
  std::vector<tally::claim> claims;
  for (std::size_t i = 0; i < when.size(); ++i) {
    const std::string id = "c" + std::to_string(1000 + i);
    if (when[i] == "2024-11-19")
      claims.push_back(dated(id, "injured", qualifier::exactly, 15036, when[i]));
    else
      claims.push_back(dated(id, "injured", qualifier::at_least, static_cast<long>(3 * i), when[i]));
  }
  claims.push_back(dated("restart", "injured", qualifier::exactly, 683, "2026-03-05"));
  const tally::result r = tally::reconcile(ministry(claims));
  REQUIRE(r.status == tally::status::conflicting);
  REQUIRE(r.conflicts.size() == 1);
  const std::vector<std::string>& steps = r.conflicts[0].steps;
  INFO(joined(steps));
  CHECK(steps.size() <= 4);  // the two claims, the running count, the gap
  CHECK(count_containing(steps, "never falls") == 1);
  CHECK(count_containing(steps, "injured is a running count and never falls from 2024-11-19 to 2026-03-05, so 15036 ≤ "
                                "injured (2024-11-19) ≤ injured (2026-03-05) ≤ 683, which is impossible.") == 1);
}

TEST_CASE("a restarted count: every pair of a high early and a low late figure is one step", "[explanation]") {
  // Rising with every report to 15,036, then a new series from 683: every early figure
  // above a later one conflicts with it, across up to 150 time points.
  const std::vector<std::string> when = days(200);
  std::vector<tally::claim> claims;
  auto figure = [](std::size_t i) { return i < 100 ? 100 + 150 * i + (i == 99 ? 86 : 0) : 683 + 3 * (i - 100); };
  for (std::size_t i = 0; i < when.size(); ++i)
    claims.push_back(dated("c" + std::to_string(1000 + i), "injured", qualifier::exactly,
                           static_cast<long>(figure(i)), when[i]));
  REQUIRE(figure(99) == 15036);
  const tally::claim_set d = ministry(claims);
  const tally::solve::formulation f = tally::solve::formulate(d, tally::options{});
  const std::vector<std::pair<std::size_t, std::size_t>> pairs{{99, 100}, {99, 199}, {40, 150}, {5, 101}};
  for (const auto& [early, late] : pairs) {
    REQUIRE(figure(early) > figure(late));
    const tally::integer gap(static_cast<long>(figure(early) - figure(late)));
    const std::vector<std::string> steps = tally::explain::explain_conflict(f, d, {early, late}, gap);
    INFO(joined(steps));
    CHECK(steps.size() <= 4);
    CHECK(count_containing(steps, "never falls") == 1);
    CHECK(count_containing(steps, "never falls from " + when[early] + " to " + when[late] + ", so " +
                                      std::to_string(figure(early)) + " ≤ injured (" + when[early] +
                                      ") ≤ injured (" + when[late] + ") ≤ " + std::to_string(figure(late)) +
                                      ", which is impossible.") == 1);
  }
}

TEST_CASE("a running count that feeds a breakdown is still one step", "[explanation]") {
  // at least 500 killed at the end of May 2024; 20 months later, at most 100 on each side
  const std::vector<std::string> when = days(150);
  std::vector<tally::claim> claims;
  for (std::size_t i = 1; i + 1 < when.size(); ++i)
    claims.push_back(dated("filler" + std::to_string(1000 + i), "killed", qualifier::at_least, 1, when[i]));
  claims.push_back(dated("early", "killed", qualifier::at_least, 500, when.front()));
  claims.push_back(dated("side-a", "killed.a", qualifier::at_most, 100, when.back()));
  claims.push_back(dated("side-b", "killed.b", qualifier::at_most, 100, when.back()));
  tally::claim_set d = ministry(claims);
  d.relations.push_back({tally::relation::kind::parts, "killed", {"killed.a", "killed.b"}, true, ""});
  const tally::result r = tally::reconcile(d);
  REQUIRE(r.status == tally::status::conflicting);
  REQUIRE(r.conflicts.size() == 1);
  const std::vector<std::string>& steps = r.conflicts[0].steps;
  INFO(joined(steps));
  CHECK(steps.size() <= 6);  // three claims, the breakdown, the running count, the gap
  CHECK(count_containing(steps, "never falls") == 1);
  CHECK(count_containing(steps, "never falls from " + when.front() + " to " + when.back()) == 1);
}

namespace {

tally::claim_set conflicting_cross_classification() {
  const tally::parse_result parsed =
      tally::parse_claims_file(std::string(TALLY_SOURCE_DIR) + "/tests/cases/cross-classification.json");
  REQUIRE(parsed.ok());
  tally::claim_set d = *parsed.document;
  // with adults ≤ 50 of 100 killed, at most 5 children on each side cannot hold;
  // 45 adults on side b and 10 on side a exceed the 50 adults
  d.claims.push_back(make_claim("a-children", "monitor", {"killed.side_a.children"}, qualifier::at_most, 5));
  d.claims.push_back(make_claim("b-children", "monitor", {"killed.side_b.children"}, qualifier::at_most, 5));
  d.claims.push_back(make_claim("b-adults", "monitor", {"killed.side_b.adults"}, qualifier::at_least, 45));
  d.claims.push_back(make_claim("a-adults", "monitor", {"killed.side_a.adults"}, qualifier::at_least, 10));
  return d;
}

}  // namespace

TEST_CASE("shuffling the claims and relations does not change any explanation", "[explanation]") {
  const tally::parse_result hasakah =
      tally::parse_claims_file(std::string(TALLY_SOURCE_DIR) + "/examples/hasakah/claims.json");
  REQUIRE(hasakah.ok());
  std::vector<tally::claim> dated_claims;
  const std::vector<std::string> when = days(40);
  for (std::size_t i = 0; i < when.size(); ++i)
    dated_claims.push_back(dated("d" + std::to_string(100 + i), i % 2 ? "killed" : "killed.a", qualifier::exactly,
                                 static_cast<long>(i == 25 ? 5 : 10 + 2 * i), when[i]));
  tally::claim_set over_time = ministry(dated_claims);
  over_time.relations.push_back({tally::relation::kind::parts, "killed", {"killed.a", "killed.b"}, true, ""});
  over_time.relations.push_back({tally::relation::kind::subset, "killed.b", {"killed.b.children"}, false, ""});

  const std::vector<std::pair<std::string, tally::claim_set>> documents{
      {"hasakah", *hasakah.document},
      {"cross-classification", conflicting_cross_classification()},
      {"three sums", ministry({make_claim("ab", "moh", {"a", "b"}, qualifier::exactly, 11),
                               make_claim("bc", "moh", {"b", "c"}, qualifier::exactly, 11),
                               make_claim("ac", "moh", {"a", "c"}, qualifier::exactly, 11)})},
      {"over time", over_time},
  };
  for (const auto& [name, document] : documents) {
    INFO(name);
    const tally::result original = tally::reconcile(document);
    REQUIRE(original.status == tally::status::conflicting);
    REQUIRE(original.complete);
    const auto expected = steps_by_conflict(original);
    std::mt19937 shuffler(20240601);
    for (int round = 0; round < 6; ++round) {
      INFO("round " << round);
      tally::claim_set shuffled = document;
      if (round == 0) {
        std::reverse(shuffled.claims.begin(), shuffled.claims.end());
        std::reverse(shuffled.relations.begin(), shuffled.relations.end());
      } else {
        std::shuffle(shuffled.claims.begin(), shuffled.claims.end(), shuffler);
        std::shuffle(shuffled.relations.begin(), shuffled.relations.end(), shuffler);
      }
      const auto got = steps_by_conflict(tally::reconcile(shuffled));
      REQUIRE(got.size() == expected.size());
      for (const auto& [claims, steps] : expected) {
        REQUIRE(got.count(claims));
        CHECK(joined(got.at(claims)) == joined(steps));
      }
    }
  }
}
