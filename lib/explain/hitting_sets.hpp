// Hitting sets of claim sets. The minimal correction sets of a document are
// exactly the minimal hitting sets of its minimal conflicts, and every
// correction meets every conflict, so the cheapest hitting set of any
// conflicts found is a lower bound on every correction (the proof behind the
// adopted correction, cheapest_correction.hpp).
#pragma once

#include <tally/numbers.hpp>

#include <cstddef>
#include <optional>
#include <vector>

namespace tally::explain {

/// A set of claim indices, sorted ascending.
using index_set = std::vector<std::size_t>;

/// The minimal hitting sets of a growing family of sets, kept up to date one
/// set at a time (Berge's step) instead of being recomputed from scratch.
class hitting_set_family {
 public:
  /// Starts with no sets, whose only minimal hitting set is ∅.
  explicit hitting_set_family(std::size_t limit = SIZE_MAX) : limit_(limit) {}
  /// Adds one set; keeps at most `limit` hitting sets (then truncated()).
  void add(const index_set& set);
  const std::vector<index_set>& sets() const { return hitting_; }
  bool truncated() const { return truncated_; }

 private:
  std::vector<index_set> hitting_{index_set{}};
  std::size_t limit_;
  bool truncated_ = false;
};

/// Every minimal set that meets each of `sets` (Berge's incremental
/// algorithm). Stops early and sets `truncated` once more than `limit`
/// partial hitting sets would be kept. The empty family gives {∅}.
std::vector<index_set> minimal_hitting_sets(const std::vector<index_set>& sets, std::size_t limit,
                                            bool& truncated);

/// The contract's order of corrections on element sets: least total weight,
/// then fewest elements, then the smaller sorted list of ranks (rank[e] is
/// e's place when elements are sorted by id, so this is the ids' order).
struct hitting_cost {
  const std::vector<rational>& weight;
  const std::vector<std::size_t>& rank;
  rational total(const index_set& s) const;
  /// True when a comes strictly before b.
  bool before(const index_set& a, const index_set& b) const;
};

struct hitting_answer {
  /// The hitting set; empty when every hitting set weighs more than
  /// `at_most`, when some set is empty, or (not proven) when none was found.
  std::optional<index_set> set;
  /// False when a node limit stopped a search: `set` is then only the best
  /// one found, and `lower_bound` what every hitting set weighs at least.
  bool proven = true;
  rational lower_bound;
};

/// The first hitting set of `sets` in the order of `cost`, found exactly by
/// branch and bound (bounded below by disjoint sets' lightest elements,
/// started from a greedy one); groups of sets that share no element are
/// solved apart, since the first hitting set of the whole is the union of
/// theirs. Each group's search stops after `node_limit` nodes. With
/// `any_within_bound`, any hitting set within `at_most` is returned, not
/// necessarily the first (it is found sooner).
hitting_answer cheapest_hitting_set(const std::vector<index_set>& sets, const hitting_cost& cost,
                                    const std::optional<rational>& at_most = std::nullopt,
                                    std::size_t node_limit = SIZE_MAX, bool any_within_bound = false);

}  // namespace tally::explain
