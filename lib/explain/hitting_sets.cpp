#include "explain/hitting_sets.hpp"

#include <algorithm>
#include <iterator>

namespace tally::explain {
namespace {

bool meets(const index_set& a, const index_set& b) {
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i == *j) return true;
    *i < *j ? ++i : ++j;
  }
  return false;
}

// Keeps only the sets no other set is a proper subset of, without duplicates.
std::vector<index_set> keep_minimal(std::vector<index_set> sets) {
  std::sort(sets.begin(), sets.end(), [](const index_set& a, const index_set& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  sets.erase(std::unique(sets.begin(), sets.end()), sets.end());
  std::vector<index_set> minimal;
  for (index_set& s : sets) {
    const bool has_subset = std::any_of(minimal.begin(), minimal.end(), [&](const index_set& m) {
      return std::includes(s.begin(), s.end(), m.begin(), m.end());
    });
    if (!has_subset) minimal.push_back(std::move(s));
  }
  return minimal;
}

}  // namespace

std::vector<index_set> minimal_hitting_sets(const std::vector<index_set>& sets, std::size_t limit,
                                            bool& truncated) {
  std::vector<index_set> hitting{index_set{}};
  for (const index_set& s : sets) {
    std::vector<index_set> next;
    for (const index_set& h : hitting) {
      if (meets(h, s)) {
        next.push_back(h);
        continue;
      }
      for (std::size_t e : s) {
        index_set grown = h;
        grown.insert(std::upper_bound(grown.begin(), grown.end(), e), e);
        next.push_back(std::move(grown));
      }
    }
    hitting = keep_minimal(std::move(next));
    if (hitting.size() > limit) {
      truncated = true;
      hitting.resize(limit);
    }
  }
  return hitting;
}

}  // namespace tally::explain
