// The order a dive visits variables in. Large documents are a category tree
// crossed with a time chain; a dive succeeds most often when it fixes one
// whole time slice (a tree, where propagation is exact) before the next, in
// reverse time. Found from the rows alone: slices are the variables joined by
// rows of three or more variables (wholes and their parts), ordered along the
// rows x_a ≤ x_b that link them (running counts), latest first; within a
// slice, by variable number (documents list a whole before its parts).
#pragma once

#include "linear_system.hpp"

#include <cstddef>
#include <vector>

namespace tally::solve {

std::vector<std::size_t> slice_order(const linear_system& part);

}  // namespace tally::solve
