#include "dive_order.hpp"

#include <algorithm>
#include <numeric>
#include <queue>

namespace tally::solve {
namespace {

std::size_t find(std::vector<std::size_t>& parent, std::size_t x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace

std::vector<std::size_t> slice_order(const linear_system& part) {
  const std::size_t n = part.variables;
  std::vector<std::size_t> parent(n);
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  for (const row& r : part.rows) {
    if (r.terms.size() < 3) continue;
    const std::size_t first = find(parent, r.terms.front().variable);
    for (const term& t : r.terms) parent[find(parent, t.variable)] = first;
  }
  // slices numbered by their lowest variable
  std::vector<std::size_t> slice(n), slice_of_root(n, n);
  std::size_t slices = 0;
  for (std::size_t j = 0; j < n; ++j) {
    std::size_t& s = slice_of_root[find(parent, j)];
    if (s == n) s = slices++;
    slice[j] = s;
  }
  // x_a ≤ x_b between slices: slice(a) comes before slice(b) in time
  std::vector<std::vector<std::size_t>> later(slices);
  std::vector<std::size_t> earlier_count(slices, 0);
  for (const row& r : part.rows) {
    if (r.terms.size() != 2 || r.terms[0].coefficient != -r.terms[1].coefficient) continue;
    if (r.lower.has_value() == r.upper.has_value()) continue;
    // c·(x_0 − x_1) ≤ u (or ≥ l): the smaller side is the earlier
    const bool first_smaller = (r.terms[0].coefficient > 0) == r.upper.has_value();
    const std::size_t a = slice[r.terms[first_smaller ? 0 : 1].variable];
    const std::size_t b = slice[r.terms[first_smaller ? 1 : 0].variable];
    if (a == b) continue;
    later[a].push_back(b);
    ++earlier_count[b];
  }
  // Kahn's algorithm, lowest slice first; a cycle is broken at its lowest slice
  std::vector<std::size_t> order_of_slices;
  std::vector<char> placed(slices, 0);
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t s = 0; s < slices; ++s)
    if (earlier_count[s] == 0) ready.push(s);
  std::size_t next_unplaced = 0;
  while (order_of_slices.size() < slices) {
    if (ready.empty()) {
      while (placed[next_unplaced]) ++next_unplaced;
      ready.push(next_unplaced);
      earlier_count[next_unplaced] = 0;
    }
    const std::size_t s = ready.top();
    ready.pop();
    if (placed[s]) continue;
    placed[s] = 1;
    order_of_slices.push_back(s);
    for (const std::size_t b : later[s])
      if (!placed[b] && earlier_count[b] > 0 && --earlier_count[b] == 0) ready.push(b);
  }
  std::vector<std::size_t> rank(slices);
  for (std::size_t k = 0; k < slices; ++k) rank[order_of_slices[k]] = slices - 1 - k;  // latest first
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rank[slice[a]] < rank[slice[b]]; });
  return order;
}

}  // namespace tally::solve
