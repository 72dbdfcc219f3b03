// tally/validate.hpp — the rules a claims document must obey beyond its syntax.
//
// `validate` checks a claim_set built by a program or by the parser: ids
// present and unique, every reference declared, values in their domains
// (non-negative, whole for `exactly`, lower ≤ upper, tolerance in [0, 1),
// reliability and weight in (0, 1]), no quantity named twice in a relation or
// claim, no quantity that is a part of itself through whole/parts relations
// (the cycle is printed). It returns every diagnostic, with the JSON Pointer
// of the offending value; an empty list means the document is valid. A
// document past one of its limits (limits.hpp) gets only the diagnostics of
// the limits it passes, each naming the limit, and is checked no further.
#pragma once

#include <tally/claim_set.hpp>
#include <tally/diagnostic.hpp>
#include <tally/limits.hpp>

#include <vector>

namespace tally {

/// Every rule the document breaks; empty when it is valid.
std::vector<diagnostic> validate(const claim_set& document, const limits& caps = {});

}  // namespace tally
