// The cheapest correction of one inconsistent system, found directly and
// proven: an implicit-hitting-set loop (Davies & Bacchus, CP 2011).
//
// Keep a list K of conflicts found so far. Take the cheapest hitting set H
// of K (exactly, in the contract's order: weight, then size, then ids). If
// the claims outside H are consistent, H is the cheapest correction: every
// correction meets every conflict of K, so none comes before H. Otherwise the
// claims outside H hide a conflict; add it to K and repeat. Each round adds a
// conflict that H misses, so no set of K repeats and the loop ends. The proof
// is K and the optimality of H over it.
//
// Whether another correction weighs the same is decided the same way, with
// the extra set "some claim outside H" added to K and the weight bounded by H's.
#pragma once

#include "explain/conflict_search.hpp"

namespace tally::explain {

struct cheapest_correction_result {
  index_set dropped;
  rational weight;
  rational lower_bound;
  std::optional<bool> tie;
  /// K: the conflicts the proof rests on.
  std::vector<index_set> proof;
  /// Those of K proven minimal (for the enumeration to start from).
  std::vector<index_set> minimal;
};

/// `f` must be inconsistent with all its claims. `seed` holds minimal
/// conflicts already known (may be empty). The budget only stops the tie
/// question (tie stays empty). The correction is always found; it is proven
/// (lower_bound == weight) unless a cheapest-hitting-set search outgrew its
/// node limit, and then lower_bound is what every correction weighs at least.
cheapest_correction_result cheapest_correction(const solve::formulation& f, std::vector<index_set> seed,
                                               enumeration_budget& budget, solve::work_counters& work);

}  // namespace tally::explain
