// Synthetic documents shaped like the large ones tally meets: a category tree
// per region, regions adding up to a national total, every count a running
// count over a monthly time chain, and single-variable claims from three
// monitors that are consistent with one hidden true history. Laid out the way
// solve::formulate lays a document out (variable = quantity · months + month;
// relation rows per month, then running counts, then claims). Shared by the
// solver benchmark and the solver tests.
#pragma once

#include "solve/linear_system.hpp"

#include <cstdint>
#include <random>
#include <vector>

namespace tally::solve::workload {

struct tree_time_shape {
  std::size_t regions = 12;
  std::size_t months = 60;
  bool national_total = true;    // one component instead of one per region
  std::uint64_t seed = 7;
};

struct tree_time_system {
  linear_system system;
  std::size_t quantities = 0;
  std::vector<std::int64_t> truth;  // the hidden history (a feasible point)
};

// Per region: total → {a, b, c}; a → 4 parts, b → 3, c → 3 (14 quantities).
inline tree_time_system make_tree_time_system(const tree_time_shape& shape) {
  std::mt19937_64 random(shape.seed);
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(random); };

  // quantities in tree order, with each whole's parts
  std::vector<std::vector<std::size_t>> parts;
  auto add_quantity = [&]() {
    parts.emplace_back();
    return parts.size() - 1;
  };
  const std::size_t national = shape.national_total ? add_quantity() : 0;
  for (std::size_t r = 0; r < shape.regions; ++r) {
    const std::size_t region = add_quantity();
    if (shape.national_total) parts[national].push_back(region);
    for (const std::size_t leaves : {4, 3, 3}) {
      const std::size_t group = add_quantity();
      parts[region].push_back(group);
      for (std::size_t k = 0; k < leaves; ++k) {
        const std::size_t leaf = add_quantity();
        parts[group].push_back(leaf);
      }
    }
  }
  const std::size_t q_count = parts.size(), months = shape.months;
  tree_time_system out;
  out.quantities = q_count;
  out.system.variables = q_count * months;
  auto variable = [&](std::size_t q, std::size_t t) { return q * months + t; };

  // the hidden history: leaves rise by small random steps, wholes are sums
  out.truth.assign(out.system.variables, 0);
  for (std::size_t q = q_count; q-- > 0;) {
    for (std::size_t t = 0; t < months; ++t) {
      std::int64_t value = 0;
      if (parts[q].empty()) value = (t ? out.truth[variable(q, t - 1)] : 0) + (pick(0, 2) ? pick(0, 9) : 0);
      for (const std::size_t p : parts[q]) value += out.truth[variable(p, t)];
      out.truth[variable(q, t)] = value;
    }
  }

  for (std::size_t t = 0; t < months; ++t)
    for (std::size_t q = 0; q < q_count; ++q) {
      if (parts[q].empty()) continue;
      row whole{{{variable(q, t), 1}}, integer{0}, integer{0}};
      for (const std::size_t p : parts[q]) whole.terms.push_back({variable(p, t), -1});
      out.system.rows.push_back(std::move(whole));
    }
  for (std::size_t q = 0; q < q_count; ++q)
    for (std::size_t t = 0; t + 1 < months; ++t)
      out.system.rows.push_back(row{{{variable(q, t), 1}, {variable(q, t + 1), -1}}, std::nullopt, integer{0}});

  // three monitors: monthly "at least" on totals, quarterly "about" on
  // groups, and occasional exact or "at most" figures on single categories
  for (std::size_t q = 0; q < q_count; ++q) {
    const bool is_leaf = parts[q].empty();
    const bool is_total = !is_leaf && !parts[parts[q].front()].empty();
    for (std::size_t t = 0; t < months; ++t) {
      const std::int64_t v = out.truth[variable(q, t)];
      const std::size_t x = variable(q, t);
      if (is_total && pick(0, 3) != 0) out.system.rows.push_back(row{{{x, 1}}, integer{v - pick(0, 2)}, std::nullopt});
      if (!is_leaf && !is_total && t % 3 == 2)
        out.system.rows.push_back(row{{{x, 1}}, integer{v - v / 10}, integer{v + v / 10}});
      if (is_leaf && pick(0, 11) == 0) {
        if (pick(0, 1)) out.system.rows.push_back(row{{{x, 1}}, integer{v}, integer{v}});
        else out.system.rows.push_back(row{{{x, 1}}, std::nullopt, integer{v + pick(0, 3)}});
      }
    }
  }
  return out;
}

/// A 15-variable category tree at one time point (the seed report's shape).
inline linear_system make_small_tree() {
  linear_system s;
  s.variables = 15;  // 0 = total; 1..3 groups; 4..14 categories
  s.rows.push_back(row{{{0, 1}, {1, -1}, {2, -1}, {3, -1}}, integer{0}, integer{0}});
  s.rows.push_back(row{{{1, 1}, {4, -1}, {5, -1}, {6, -1}, {7, -1}}, integer{0}, integer{0}});
  s.rows.push_back(row{{{2, 1}, {8, -1}, {9, -1}, {10, -1}}, integer{0}, integer{0}});
  s.rows.push_back(row{{{3, 1}, {11, -1}, {12, -1}, {13, -1}, {14, -1}}, integer{0}, integer{0}});
  s.rows.push_back(row{{{0, 1}}, integer{181}, integer{181}});
  s.rows.push_back(row{{{1, 1}}, integer{124}, integer{124}});
  s.rows.push_back(row{{{2, 1}}, integer{40}, integer{60}});
  s.rows.push_back(row{{{4, 1}}, integer{30}, std::nullopt});
  s.rows.push_back(row{{{9, 1}}, std::nullopt, integer{12}});
  s.rows.push_back(row{{{12, 1}}, integer{2}, integer{5}});
  return s;
}

}  // namespace tally::solve::workload
