// Exact ranges for a component too large for the dense LP (10^4 variables
// and more: a category tree crossed with a time chain). Propagated bounds
// are valid; a bound is proved exact by an integer point that attains it (a
// witness), found by propagation-guided dives aimed at the bounds not yet
// attained, each dive repairing the last point found rather than starting
// afresh. A bound no dive attains goes to the LP relaxation of the whole
// component (one sparse exact simplex, started at a witness and warm-started
// from bound to bound), whose rounded optimum is a valid bound that a dive
// or branch and bound then settles. An upper bound propagation leaves
// infinite is proved infinite by an integer ray (a dive on the homogeneous
// rows) or by an unbounded relaxation.
#pragma once

#include "integer_program.hpp"
#include "linear_system.hpp"

namespace tally::solve {

ranges_result large_component_ranges(const linear_system& part, work_counters& work);

}  // namespace tally::solve
