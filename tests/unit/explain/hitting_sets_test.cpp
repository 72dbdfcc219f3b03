#include "explain/hitting_sets.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <optional>
#include <random>

using tally::explain::index_set;

namespace {

// Brute force over every subset of {0..n-1}.
std::vector<index_set> brute_force(const std::vector<index_set>& sets, std::size_t n) {
  std::vector<index_set> hitting;
  for (unsigned mask = 0; mask < (1u << n); ++mask) {
    auto hits = [&](unsigned m) {
      for (const auto& s : sets) {
        bool met = false;
        for (auto e : s) met = met || (m >> e & 1u);
        if (!met) return false;
      }
      return true;
    };
    if (!hits(mask)) continue;
    bool minimal = true;
    for (std::size_t e = 0; e < n; ++e)
      if ((mask >> e & 1u) && hits(mask & ~(1u << e))) minimal = false;
    if (!minimal) continue;
    index_set h;
    for (std::size_t e = 0; e < n; ++e)
      if (mask >> e & 1u) h.push_back(e);
    hitting.push_back(h);
  }
  std::sort(hitting.begin(), hitting.end());
  return hitting;
}

}  // namespace

TEST_CASE("the worked example's corrections are the hitting sets of its conflicts", "[explain]") {
  bool truncated = false;
  auto h = tally::explain::minimal_hitting_sets({{0, 3}, {0, 2}}, 100, truncated);
  std::sort(h.begin(), h.end());
  CHECK(h == std::vector<index_set>{{0}, {2, 3}});
  CHECK(!truncated);
}

TEST_CASE("the empty family is hit by the empty set", "[explain]") {
  bool truncated = false;
  CHECK(tally::explain::minimal_hitting_sets({}, 10, truncated) == std::vector<index_set>{{}});
}

TEST_CASE("minimal hitting sets agree with brute force on random families", "[explain]") {
  const unsigned seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  for (int round = 0; round < 500; ++round) {
    const std::size_t n = 1 + rng() % 8;
    std::vector<index_set> sets(1 + rng() % 5);
    for (auto& s : sets) {
      for (std::size_t e = 0; e < n; ++e)
        if (rng() % 3 == 0) s.push_back(e);
      if (s.empty()) s.push_back(rng() % n);
    }
    bool truncated = false;
    auto h = tally::explain::minimal_hitting_sets(sets, 100000, truncated);
    std::sort(h.begin(), h.end());
    REQUIRE(h == brute_force(sets, n));
  }
}

namespace {

// The first hitting set in the contract's order by brute force: least weight,
// then fewest elements, then the smaller sorted list of ranks.
std::optional<index_set> brute_force_cheapest(const std::vector<index_set>& sets, std::size_t n,
                                              const tally::explain::hitting_cost& cost,
                                              const std::optional<tally::rational>& at_most) {
  std::optional<index_set> best;
  for (unsigned mask = 0; mask < (1u << n); ++mask) {
    index_set h;
    for (std::size_t e = 0; e < n; ++e)
      if (mask >> e & 1u) h.push_back(e);
    const bool hits = std::all_of(sets.begin(), sets.end(), [&](const index_set& s) {
      return std::any_of(s.begin(), s.end(), [&](std::size_t e) { return std::binary_search(h.begin(), h.end(), e); });
    });
    if (!hits || (at_most && cost.total(h) > *at_most)) continue;
    if (!best || cost.before(h, *best)) best = h;
  }
  return best;
}

}  // namespace

TEST_CASE("the cheapest hitting set agrees with brute force, ties and bounds included", "[explain]") {
  const unsigned seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  for (int round = 0; round < 2000; ++round) {
    const std::size_t n = 1 + rng() % 10;
    std::vector<index_set> sets(1 + rng() % 6);
    for (auto& s : sets) {
      for (std::size_t e = 0; e < n; ++e)
        if (rng() % 3 == 0) s.push_back(e);
      if (s.empty()) s.push_back(rng() % n);
    }
    // Few distinct weights, so that ties in weight and in size are common;
    // some rounds use thirds, which do not scale to small integers with tenths.
    std::vector<tally::rational> weight;
    for (std::size_t e = 0; e < n; ++e)
      weight.emplace_back(1 + rng() % 3, round % 5 == 0 ? 3 : 10);
    std::vector<std::size_t> rank(n);
    std::iota(rank.begin(), rank.end(), std::size_t{0});
    std::shuffle(rank.begin(), rank.end(), rng);
    const tally::explain::hitting_cost cost{weight, rank};
    std::optional<tally::rational> at_most;
    if (round % 3 == 0) at_most = tally::rational(rng() % 8, 10);
    const auto answer = tally::explain::cheapest_hitting_set(sets, cost, at_most);
    REQUIRE(answer.proven);
    const auto& got = answer.set;
    const auto want = brute_force_cheapest(sets, n, cost, at_most);
    INFO("round " << round);
    REQUIRE(got.has_value() == want.has_value());
    if (got) CHECK(*got == *want);
  }
}

TEST_CASE("independent pairs: the cheapest hitting set takes each pair's lighter claim", "[explain]") {
  // k disjoint pairs {2i, 2i+1}; the answer is known without search.
  std::mt19937 rng(7);
  for (std::size_t k : {1, 5, 20, 40, 200}) {
    std::vector<index_set> sets;
    std::vector<tally::rational> weight;
    for (std::size_t i = 0; i < k; ++i) {
      sets.push_back({2 * i, 2 * i + 1});
      weight.emplace_back(1 + rng() % 100, 100);
      weight.emplace_back(1 + rng() % 100, 100);
    }
    std::vector<std::size_t> rank(2 * k);
    std::iota(rank.begin(), rank.end(), std::size_t{0});
    const tally::explain::hitting_cost cost{weight, rank};
    index_set want;
    tally::rational total = 0;
    for (std::size_t i = 0; i < k; ++i) {
      const std::size_t lighter = weight[2 * i + 1] < weight[2 * i] ? 2 * i + 1 : 2 * i;
      want.push_back(lighter);
      total += weight[lighter];
    }
    const auto answer = tally::explain::cheapest_hitting_set(sets, cost);
    REQUIRE(answer.proven);
    const auto& got = answer.set;
    REQUIRE(got);
    CHECK(answer.lower_bound <= total);
    CHECK(*got == want);
    CHECK(cost.total(*got) == total);
    CHECK(answer.lower_bound == total);  // the disjoint pairs' bound meets the answer at the root
  }
}
