// Regions × categories × months documents, tally_speed_bench's section (c)
// and tally_corpus --large: `regions` regions of 14 counts each
// (a total, three groups, 4 + 3 + 3 categories) adding up to a national
// total, every count a running count over `months` month-end dates, claims
// from three monitors, all true of one hidden history (monitor A: most
// regions' monthly totals exactly; B: every group each quarter as a lower
// bound; C: a few categories a year as a range). `conflicts` regions also
// get a second exact monthly total from monitor C, 7 above the truth: a
// dispute each, settled by dropping C's figure.
//
// Shared by tally_speed_bench and the corpora (corpus.hpp). The solver's
// own benchmark builds the same shape as a linear system
// (tree_time_workload.hpp).
#pragma once

#include <tally/tally.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace tally::bench {

inline tally::source make_source(const char* id, const char* reliability) {
  tally::source src;
  src.id = id;
  src.name = id;
  tally::parse_exact_number(reliability, src.reliability);
  return src;
}

inline tally::claim dated_claim(std::string id, const char* source, std::string quantity, tally::qualifier qualifier,
                                std::int64_t value, tally::timestamp as_of) {
  tally::claim c;
  c.id = std::move(id);
  c.source = source;
  c.quantities = {std::move(quantity)};
  c.qualifier = qualifier;
  c.value = value;
  c.as_of = as_of;
  return c;
}

struct grid_shape {
  std::size_t regions = 12, months = 60, conflicts = 0;
  // a ministry's national toll every quarter (exactly the hidden total):
  // the national total is then claimed, not free, and links every region
  bool national_claims = false;
  // the hidden history's and the claims' random numbers; speed_bench's
  // documents are those of the default, 2022 + regions
  std::optional<std::uint64_t> seed = std::nullopt;
};

/// The regions of a grid of about `variables` variables (14 · 60 = 840 a
/// region, at least one region).
inline std::size_t grid_regions(std::size_t variables) { return std::max<std::size_t>(1, (variables + 420) / 840); }

inline tally::claim_set grid_document(const grid_shape& shape) {
  std::mt19937_64 random(shape.seed ? *shape.seed : 2022 + shape.regions);
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(random); };
  tally::claim_set doc;
  doc.event.id = "grid";
  doc.event.title = std::to_string(shape.regions) + " regions x 14 categories x " + std::to_string(shape.months) + " months";
  const char* monitors[] = {"monitor-a", "monitor-b", "monitor-c"};
  doc.sources = {make_source(monitors[0], "0.9"), make_source(monitors[1], "0.7"), make_source(monitors[2], "0.5")};
  const std::size_t months = shape.months;
  const std::vector<std::pair<std::string, std::size_t>> groups{{"a", 4}, {"b", 3}, {"c", 3}};
  tally::relation national;
  national.whole = "killed";
  // per region, its 14 counts: the total, then each group and its leaves
  std::vector<std::vector<std::string>> region_quantities(shape.regions);
  // the hidden history: running counts per leaf, wholes are sums
  std::map<std::string, std::vector<std::int64_t>> truth;
  for (std::size_t r = 0; r < shape.regions; ++r) {
    const std::string region = "killed.r" + std::to_string(r + 10);
    national.parts.push_back(region);
    tally::relation by_group;
    by_group.whole = region;
    region_quantities[r].push_back(region);
    std::vector<std::int64_t> region_total(months, 0);
    for (const auto& [g, n] : groups) {
      const std::string group = region + "." + g;
      by_group.parts.push_back(group);
      region_quantities[r].push_back(group);
      tally::relation by_leaf;
      by_leaf.whole = group;
      std::vector<std::int64_t> group_total(months, 0);
      for (std::size_t l = 0; l < n; ++l) {
        by_leaf.parts.push_back(group + ".p" + std::to_string(l));
        region_quantities[r].push_back(by_leaf.parts.back());
        std::vector<std::int64_t> h(months);
        std::int64_t v = pick(0, 50);
        for (std::size_t m = 0; m < months; ++m) {
          h[m] = (v += pick(0, 3) == 0 ? pick(0, 5) : 0);
          group_total[m] += h[m];
        }
        truth[by_leaf.parts.back()] = h;
      }
      for (std::size_t m = 0; m < months; ++m) region_total[m] += group_total[m];
      truth[group] = group_total;
      doc.relations.push_back(by_leaf);
    }
    truth[region] = region_total;
    doc.relations.push_back(by_group);
  }
  doc.relations.push_back(national);
  std::size_t next_id = 0;
  auto add = [&](const char* source, const std::string& q, std::size_t m, tally::qualifier qual, std::int64_t v,
                 std::optional<std::int64_t> upper = std::nullopt) {
    std::string id = "k";  // appended: "k" + … trips a false -Wrestrict in g++ 12 at -O3
    id += std::to_string(next_id++);
    tally::claim c = dated_claim(std::move(id), source, q, qual, v,
                                 tally::timestamp{2018 + static_cast<int>(m / 12), 1 + static_cast<int>(m % 12), 28, std::nullopt});
    if (upper) c.upper = rational(*upper);
    doc.claims.push_back(std::move(c));
  };
  for (std::size_t m = 0; m < months; ++m) {
    if (shape.national_claims && m % 3 == 2) {  // draws no number: the other claims stay the same
      std::int64_t national_total = 0;
      for (std::size_t r = 0; r < shape.regions; ++r) national_total += truth[region_quantities[r][0]][m];
      add(monitors[0], "killed", m, tally::qualifier::exactly, national_total);
    }
    for (std::size_t r = 0; r < shape.regions; ++r) {
      const std::string& region = region_quantities[r][0];
      const bool disputed = r < shape.conflicts && m == months / 2;
      if (pick(0, 3) != 0 || disputed) add(monitors[0], region, m, tally::qualifier::exactly, truth[region][m]);
      if (disputed) add(monitors[2], region, m, tally::qualifier::exactly, truth[region][m] + 7);
      if (m % 3 == 2)
        for (std::size_t g = 0; g < groups.size(); ++g) {
          const std::string& group = region_quantities[r][g == 0 ? 1 : g == 1 ? 6 : 10];
          add(monitors[1], group, m, tally::qualifier::at_least, std::max<std::int64_t>(0, truth[group][m] - pick(0, 4)));
        }
      if (m % 12 == 11)
        for (std::size_t l = 0; l < 3; ++l) {
          const std::string& leaf = region_quantities[r][static_cast<std::size_t>(pick(1, 13))];
          const std::int64_t v = truth[leaf][m];
          add(monitors[2], leaf, m, tally::qualifier::between, std::max<std::int64_t>(0, v - pick(0, 6)), v + pick(0, 6));
        }
    }
  }
  return doc;
}

}  // namespace tally::bench
