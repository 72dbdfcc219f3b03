// Every minimal conflict and every minimal correction of a document.
//
// Dualize and advance (Bailey & Stuckey 2005): the minimal correction sets are
// the minimal hitting sets of the minimal conflicts. Each candidate hitting
// set H of the conflicts found so far is tested: when the claims outside H
// are consistent, H is a minimal correction; otherwise they hide a new
// conflict, which a deletion filter shrinks to a minimal one. When every
// candidate is a correction, both lists are complete.
#pragma once

#include "explain/hitting_sets.hpp"
#include "solve/formulation.hpp"

#include <tally/options.hpp>

#include <vector>

namespace tally::explain {

struct conflict_search_result {
  std::vector<index_set> conflicts;    ///< minimal conflicting claim sets
  std::vector<index_set> corrections;  ///< minimal correction sets
  bool complete = true;                ///< false when a cap of `options` was hit
};

/// True when the claims with keep[c] set can all hold together.
bool claims_consistent(const solve::formulation& f, const std::vector<char>& keep, solve::work_counters& work);

/// Shrinks an inconsistent claim set to a minimal one.
index_set shrink_to_minimal_conflict(const solve::formulation& f, index_set claims, solve::work_counters& work);

/// Enumerates conflicts and corrections of an inconsistent document.
conflict_search_result search_conflicts(const solve::formulation& f, const options& opts, solve::work_counters& work);

}  // namespace tally::explain
