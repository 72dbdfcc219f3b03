// How far claims are from holding, and the counts closest to what the sources
// said: both are exact integer optimisations over the document's system with
// extra non-negative "distance" variables.
#pragma once

#include "explain/hitting_sets.hpp"
#include "solve/formulation.hpp"
#include "solve/free_totals.hpp"
#include "solve/integer_program.hpp"

#include <tally/numbers.hpp>
#include <tally/result.hpp>

#include <optional>
#include <vector>

namespace tally::explain {

/// The gap of a conflict: the least total amount (in people) by which its
/// claims' bounds must move for all of them to hold with the relations.
integer conflict_gap(const solve::formulation& f, const index_set& conflict, solve::work_counters& work);

/// The estimate of every variable, given the claims in force (in_force[c]):
/// the value it takes in every integer point closest to the figures those
/// claims state (weighted L1 distance to each `exactly`, `about` or
/// `nearly` claim's value, rounded half up and moved into the claim's own
/// bounds), or the reason there is none. Bounds (`at_least` … `between`)
/// constrain the points but state no figure; dropped claims play no part.
/// `ranges` are the exact ranges under the claims in force: a count they
/// pin is that number, and leaves the optimisation; each of `totals` (free
/// under every claim, its parts in different components) is pinned exactly
/// when all its parts are, at their sum. Components are solved on up to
/// `threads` threads (solve::values_common_to_minimizers).
struct estimates {
  std::vector<std::optional<integer>> value;         // per variable
  std::vector<range::missing_estimate> no_estimate;  // per variable: why value is empty
};
estimates estimate_counts(const solve::formulation& f, const std::vector<char>& in_force,
                          const solve::free_totals& totals, const solve::ranges_result& ranges, unsigned threads,
                          solve::work_counters& work);

}  // namespace tally::explain
