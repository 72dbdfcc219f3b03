// Whole/parts cycles: a quantity that is, through "parts" relations, a part
// of itself. Such a document says x = x + (something), which is never what
// the analyst meant, so validation refuses it and prints the cycle.
#pragma once

#include <tally/claim_set.hpp>
#include <tally/diagnostic.hpp>

#include <vector>

namespace tally::detail {

/// One "cycle" diagnostic per group of quantities that are parts of each
/// other (a strongly connected component of the whole→part graph), with the
/// shortest cycle through its first quantity, e.g.
/// "killed → killed.isis → killed". A relation whose whole is among its own
/// parts is left to the "whole-among-parts" rule.
std::vector<diagnostic> find_part_cycles(const claim_set& document);

}  // namespace tally::detail
