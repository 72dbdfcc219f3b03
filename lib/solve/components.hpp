// Independent parts of a linear_system: variables linked by an active row
// belong together (Boost's disjoint sets). Each component is a
// linear_system of its own, with local variable numbers, solved separately.
#pragma once

#include "linear_system.hpp"

#include <cstddef>
#include <vector>

namespace tally::solve {

struct component {
  std::vector<std::size_t> variables;  // global variable of each local one, ascending
  std::vector<std::size_t> rows;       // global row of each local row, ascending
  linear_system system;                // local numbering, terms merged, every row active
};

struct decomposition {
  /// An active row without variables whose sides exclude 0: nothing can satisfy it.
  bool trivially_infeasible = false;
  std::vector<component> components;   // ordered by their lowest variable
  std::vector<std::size_t> free_variables;  // in no active row: range [0, ∞)
};

decomposition split_into_components(const linear_system& system, const row_mask& active);

}  // namespace tally::solve
