// Minimal hitting sets: the minimal correction sets of a document are exactly
// the minimal hitting sets of its minimal conflicts, and vice versa.
#pragma once

#include <cstddef>
#include <vector>

namespace tally::explain {

/// A set of claim indices, sorted ascending.
using index_set = std::vector<std::size_t>;

/// Every minimal set that meets each of `sets` (Berge's incremental
/// algorithm). Stops early and sets `truncated` once more than `limit`
/// partial hitting sets would be kept. The empty family gives {∅}.
std::vector<index_set> minimal_hitting_sets(const std::vector<index_set>& sets, std::size_t limit,
                                            bool& truncated);

}  // namespace tally::explain
