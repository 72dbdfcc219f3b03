#include "explain/hitting_sets.hpp"

#include <catch2/catch.hpp>

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
