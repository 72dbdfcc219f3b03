#include "propagation.hpp"

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <utility>

namespace tally::solve {
namespace {

struct union_find {
  std::vector<std::size_t> parent;
  explicit union_find(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), std::size_t{0}); }
  std::size_t find(std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
};

// The row's variables with a non-zero net coefficient: a variable named twice
// is one incidence, not a cycle.
void net_terms(const row& source, std::vector<std::pair<std::size_t, std::int64_t>>& out) {
  out.clear();
  for (const term& t : source.terms) out.emplace_back(t.variable, t.coefficient);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t kept = 0;
  for (std::size_t k = 0; k < out.size();) {
    const std::size_t j = out[k].first;
    std::int64_t sum = 0;
    for (; k < out.size() && out[k].first == j; ++k) sum += out[k].second;
    if (sum != 0) out[kept++] = {j, sum};
  }
  out.resize(kept);
}

}  // namespace

bool propagation_is_exact(const linear_system& system, const row_mask& active) {
  // One pass: each row's net terms are checked for ±1 and joined into the
  // variable–row incidence forest; an edge inside one tree is a cycle.
  union_find sets(system.variables + system.rows.size());
  std::vector<std::pair<std::size_t, std::int64_t>> terms;
  for (std::size_t r = 0; r < system.rows.size(); ++r) {
    if (!is_active(active, r)) continue;
    net_terms(system.rows[r], terms);
    if (terms.size() < 2) continue;
    const std::size_t row_node = system.variables + r;
    for (const auto& [j, c] : terms) {
      if (c != 1 && c != -1) return false;
      const std::size_t a = sets.find(j), b = sets.find(row_node);
      if (a == b) return false;
      sets.parent[a] = b;
    }
  }
  return true;
}

}  // namespace tally::solve
