// Why a set of claims cannot hold even with fractional counts: multipliers
// on the rows' sides that add up to a false inequality (a Farkas
// certificate). For the propagation-free cases of explanation.cpp, e.g.
// staff + fighters + unknown ≥ 10 with injured = 7 and
// injured = civilians + unknown, civilians ≥ staff + fighters.
#pragma once

#include "explain/hitting_sets.hpp"
#include "solve/formulation.hpp"

#include <tally/numbers.hpp>

#include <optional>
#include <vector>

namespace tally::explain {

/// One row's side, taken `multiplier` times (a positive whole number).
struct certificate_term {
  std::size_t row = 0;
  bool upper = false;  ///< the row's upper side (Σ a·x ≤ U), else its lower side (Σ a·x ≥ L)
  integer multiplier;
};

/// Σ multiplier·(lower sides' rows) counts no count more often than
/// Σ multiplier·(upper sides' rows) does, yet the lower sides add up to
/// `at_least` and the upper sides to `at_most` < at_least. Checked exactly.
struct linear_certificate {
  std::vector<certificate_term> terms;
  integer at_least, at_most;
};

/// A certificate over the relations and the conflict's claims, or nothing
/// when their linear relaxation is feasible (a whole-number-only conflict)
/// or the conflict is too large to search one for.
std::optional<linear_certificate> farkas_certificate(const solve::formulation& f, const index_set& conflict);

}  // namespace tally::explain
