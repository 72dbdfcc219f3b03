// The claims and structure of a document in plain words, for explanations
// and for the constraint each claim became.
#pragma once

#include "solve/formulation.hpp"

#include <tally/claim_set.hpp>

#include <cstddef>
#include <string>

namespace tally::explain {

/// "killed.isis.inmates ≥ 200", "630 ≤ inmates.boys ≤ 770", "a + b = 11",
/// followed by " (as of 2022-01-24)" for a claim that is not about the final figure.
std::string constraint_text(const solve::formulation& f, const claim_set& document, std::size_t claim);

/// "Syrian Observatory for Human Rights [sohr-isis] says exactly 124 for
/// killed.isis, so killed.isis = 124."
std::string claim_sentence(const solve::formulation& f, const claim_set& document, std::size_t claim);

/// Why a structural row holds, as a clause: "killed.isis.inmates is part of
/// killed.isis", "killed = killed.isis + killed.kurdish_forces + killed.civilians",
/// "killed is a running count and never falls".
std::string structure_clause(const solve::formulation& f, const claim_set& document, std::size_t row);

/// "killed is a running count and never falls from 2022-01-23 to 2022-01-31":
/// the rows of a running count from time point `from` to `to`, taken together.
std::string running_clause(const solve::formulation& f, std::size_t quantity, std::size_t from, std::size_t to);

/// The source's name, or its id when it has none.
std::string source_name(const claim_set& document, const std::string& source_id);

}  // namespace tally::explain
