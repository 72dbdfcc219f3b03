// tally/options.hpp — the knobs of a reconciliation, each with its default.
#pragma once

#include <tally/numbers.hpp>

#include <cstddef>

namespace tally {

struct options {
  /// τ for `about` and `nearly` claims that give no `tolerance`: 1/10.
  rational default_tolerance{1, 10};
  /// At most this many minimal conflicts are enumerated; past it the result
  /// says `complete: false` (the first conflict and the ranges stay exact).
  /// The first conflict is always reported, so 0 acts as 1.
  std::size_t max_conflicts = 100;
  /// At most this many minimal corrections are enumerated (same rule). The
  /// adopted correction is always reported, so 0 acts as 1.
  std::size_t max_corrections = 100;
  /// Compute a best point estimate per quantity and time point.
  bool estimates = true;
  /// Worker threads for independent parts of the problem; 0 = all cores.
  /// The result is byte-identical whatever the thread count.
  unsigned threads = 1;
};

}  // namespace tally
