// Totals that only add up their parts. A count at one time point that no
// claim in force names, whose one relation says it is exactly the sum of its
// parts, and whose running-count rows follow from its parts' (every part is
// a running count between the same dates), can leave the system: any
// solution of the other rows extends to it (set it to the sum of its parts;
// the parts' running rows then give its own), so which claims can hold
// together does not change. Without it, its parts often fall into separate
// components, and a total whose parts lie in different components ranges
// exactly over the sum of their ranges. A national total over regions is
// the common case: a regions × categories × months document then splits
// region by region, and costs the regions' sum instead of a square.
// Internal to the library.
#pragma once

#include "solve/formulation.hpp"
#include "solve/integer_program.hpp"

#include <cstddef>
#include <vector>

namespace tally::solve {

struct free_total {
  std::size_t variable = 0;
  std::vector<std::size_t> parts;  // variables, each once
};

struct free_totals {
  std::vector<free_total> totals;
  /// The given rows without the totals' own: their relation rows and the
  /// running-count rows that name them.
  row_mask active;
};

/// The free totals of the active rows whose parts fall into different
/// components once they are gone (a total whose parts share a component
/// stays, so that its range is still the sum of independent ranges).
free_totals find_free_totals(const formulation& f, const row_mask& active);

/// Given exact ranges over `totals.active` (the totals themselves in no row
/// there), sets each total's range: the sum of its parts' minima, and the
/// sum of their maxima (none when one part has none).
void set_free_total_ranges(const free_totals& totals, ranges_result& ranges);

}  // namespace tally::solve
