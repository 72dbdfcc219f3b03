// A conflict in words: the contradiction derived step by step from the
// claims and the relations, with real numbers, ending in the gap.
#pragma once

#include "explain/hitting_sets.hpp"
#include "solve/formulation.hpp"

#include <tally/claim_set.hpp>
#include <tally/numbers.hpp>

#include <string>
#include <vector>

namespace tally::explain {

/// The steps of the derivation, one sentence each, the last naming the gap.
/// Bounds propagation over the conflict's claims gives the chain of reasons
/// ("… is part of …, so killed.isis ≥ 200"); a contradiction that only
/// appears in the exact solver (cycles, whole-number parity) is explained
/// from the claims and the relations that tie them together. A running count
/// carried across many time points is one step for the whole stretch, and
/// the steps do not depend on the order of the claims or relations in the file.
std::vector<std::string> explain_conflict(const solve::formulation& f, const claim_set& document,
                                          const index_set& conflict, const integer& gap);

}  // namespace tally::explain
