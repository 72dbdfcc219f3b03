// Bounds propagation without reasons, for the solver's own use: the same
// fixpoint as propagate(), without recording events (no allocation per
// tightening).
#pragma once

#include "linear_system.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace tally::solve {

struct propagated_bounds {
  bool contradiction = false;
  bool fixpoint = true;
  std::vector<integer> lower;
  std::vector<std::optional<integer>> upper;
};

propagated_bounds propagate_bounds(const linear_system& system, const row_mask& active, std::size_t max_sweeps);

}  // namespace tally::solve
