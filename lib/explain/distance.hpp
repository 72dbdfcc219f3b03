// How far claims are from holding, and the counts closest to what the sources
// said: both are exact integer optimisations over the document's system with
// extra non-negative "distance" variables.
#pragma once

#include "explain/hitting_sets.hpp"
#include "solve/formulation.hpp"
#include "solve/free_totals.hpp"
#include "solve/integer_program.hpp"

#include <tally/numbers.hpp>

#include <optional>
#include <vector>

namespace tally::explain {

/// The gap of a conflict: the least total amount (in people) by which its
/// claims' bounds must move for all of them to hold with the relations.
integer conflict_gap(const solve::formulation& f, const index_set& conflict, solve::work_counters& work);

/// A best point estimate of every variable, given the claims in force
/// (in_force[c]): lexicographically, (1) closest to the in-force claims'
/// stated values, (2) then closest to the dropped claims' values, (3) then
/// the smallest total count; distances are weighted by claim weight (L1).
/// A claim's stated value is its value (the midpoint for `between`), rounded
/// half up and moved into the claim's own integer bounds. Each independent
/// component is estimated on its own (solve::lexicographic_minimize): one
/// whose later stage exceeds its node budget keeps the earlier stages'
/// optimum; one whose first stage does has no estimate (nullopt).
/// `ranges` are the exact ranges under the claims in force: a count they
/// pin to one value is that value, and leaves the optimisation; so does
/// each of `totals` (free under every claim), estimated as the sum of its
/// parts' estimates. Components are estimated on up to `threads` threads.
std::vector<std::optional<integer>> estimate_counts(const solve::formulation& f, const std::vector<char>& in_force,
                                                    const solve::free_totals& totals, const solve::ranges_result& ranges,
                                                    unsigned threads, solve::work_counters& work);

}  // namespace tally::explain
