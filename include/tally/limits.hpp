// tally/limits.hpp — how large a claims document may be.
//
// A document from a scraper or a hostile user can be absurd: a gigabyte, an
// id of 20,000 dotted segments, a million time points. Each limit below sits
// far beyond any real report; a document past one gets one diagnostic that
// names the limit and says how to raise it, before anything is solved.
// Numbers have fixed limits besides max_value_digits: at most 30 decimals
// ("number-too-precise"), and within a double's range (about 10^308) for
// the JSON reader. docs/format.md, Limits.
#pragma once

#include <cstddef>

namespace tally {

struct limits {
  /// Bytes of JSON text; a file is read no further than this
  /// ("input-too-large"; the command's --max-input-bytes).
  std::size_t max_input_bytes = std::size_t{256} << 20;
  /// Bytes of any id: a quantity's, a claim's, a source's, the event's
  /// ("id-too-long"; --max-id-length).
  std::size_t max_id_length = 1000;
  /// Dotted segments of a quantity id: "killed.isis.inmates" has 3
  /// ("id-too-deep"; --max-id-depth).
  std::size_t max_id_depth = 100;
  /// Distinct quantities, declared or named, with the dotted parents of
  /// each ("too-many-quantities"; --max-quantities).
  std::size_t max_quantities = 1'000'000;
  /// Claims ("too-many-claims"; --max-claims).
  std::size_t max_claims = 1'000'000;
  /// Distinct time points the claims are "as_of", the final figure among
  /// them ("too-many-time-points"; --max-time-points).
  std::size_t max_time_points = 10'000;
  /// Every number must be below 10^max_value_digits, and is then exact to
  /// its last digit, beyond 64 bits ("number-too-large"; --max-value-digits).
  std::size_t max_value_digits = 30;
};

}  // namespace tally
