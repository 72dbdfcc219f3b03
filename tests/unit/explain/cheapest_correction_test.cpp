// The adopted correction is the cheapest of every correction, capped or not,
// on documents whose answer is known without a solver.
#include "hasakah_document.hpp"

#include <tally/reconcile.hpp>

#include <catch2/catch.hpp>

#include <random>

using tally::qualifier;

namespace {

// k disputed categories: two sources give each part of `total` a different
// exact figure, with the given weights. In one tree (one component) when
// `shared_total`, else k separate quantities.
tally::claim_set disputed_parts(const std::vector<std::pair<tally::rational, tally::rational>>& weights,
                                bool shared_total) {
  tally::claim_set d;
  d.sources.push_back({"a", "monitor A", tally::rational(1, 2), ""});
  d.sources.push_back({"b", "monitor B", tally::rational(1, 2), ""});
  tally::relation parts{tally::relation::kind::parts, "total", {}, true, ""};
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const std::string q = (shared_total ? "total.part" : "part") + std::to_string(100 + i);
    parts.parts.push_back(q);
    tally::claim a = make_claim("a" + std::to_string(100 + i), "a", {q}, qualifier::exactly, 10);
    tally::claim b = make_claim("b" + std::to_string(100 + i), "b", {q}, qualifier::exactly, 12);
    a.weight = weights[i].first;
    b.weight = weights[i].second;
    d.claims.push_back(std::move(a));
    d.claims.push_back(std::move(b));
  }
  if (shared_total) d.relations.push_back(std::move(parts));
  return d;
}

}  // namespace

TEST_CASE("k independent disputes: the adopted weight is the sum of each one's lighter claim, capped or not",
          "[reconcile]") {
  std::mt19937 rng(11);
  for (bool shared_total : {false, true})
    for (std::size_t k : {1, 2, 9, 20, 40}) {
      std::vector<std::pair<tally::rational, tally::rational>> weights;
      tally::rational want = 0;
      std::vector<std::string> want_drop;
      for (std::size_t i = 0; i < k; ++i) {
        tally::rational wa(1 + rng() % 50, 50), wb(1 + rng() % 50, 50);
        if (wa == wb) wb += tally::rational(1, 100);
        weights.emplace_back(wa, wb);
        want += wa < wb ? wa : wb;
        want_drop.push_back((wa < wb ? "a" : "b") + std::to_string(100 + i));
      }
      std::sort(want_drop.begin(), want_drop.end());
      tally::options capped;
      capped.max_conflicts = 3;
      capped.max_corrections = 3;
      const tally::result r = tally::reconcile(disputed_parts(weights, shared_total), capped);
      INFO("k " << k << (shared_total ? " in one tree" : " apart"));
      REQUIRE(r.adopted);
      CHECK(r.adopted->weight == want);
      CHECK(r.adopted->drop == want_drop);
      CHECK(r.adopted->optimal);
      CHECK(r.adopted->lower_bound == want);
      CHECK(r.adopted->tie == false);
      CHECK(r.complete == (k == 1));
      REQUIRE(!r.corrections.empty());
      CHECK(r.corrections.front().drop == r.adopted->drop);
      // Corrections of independent quantities are listed per dispute.
      if (!shared_total) CHECK(r.disputes.size() == k);
      for (const tally::claim_outcome& c : r.claims)
        CHECK(c.in_force == !std::binary_search(want_drop.begin(), want_drop.end(), c.id));
    }
}

TEST_CASE("a tie is reported, and the tie-break takes the fewest claims, then the ids", "[reconcile]") {
  // Two disputes with equal weights on both sides: four corrections of
  // weight 1, of which {a100, a101} comes first by its ids.
  const tally::result r = tally::reconcile(disputed_parts({{{1, 2}, {1, 2}}, {{1, 2}, {1, 2}}}, false));
  REQUIRE(r.adopted);
  CHECK(r.adopted->weight == 1);
  CHECK(r.adopted->tie == true);
  CHECK(r.adopted->drop == std::vector<std::string>{"a100", "a101"});
  CHECK(r.corrections.size() == 4);
}

TEST_CASE("the seed report's adopted correction is proven with one conflict and has no tie", "[reconcile]") {
  const tally::result r = tally::reconcile(hasakah_document());
  REQUIRE(r.adopted);
  CHECK(r.adopted->drop == std::vector<std::string>{"officials-inmates"});
  CHECK(r.adopted->optimal);
  CHECK(r.adopted->lower_bound == tally::rational(1, 2));
  CHECK(r.adopted->tie == false);
  CHECK(r.disputes.size() == 1);
}
