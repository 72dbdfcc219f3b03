// The limits on numbers in a claims document. Exact arithmetic accepts any
// size, so absurd input must be refused before it is computed with: "1e999999"
// would otherwise be a million-digit integer. The limits sit far beyond any
// real count (10^30 people) or any meaningful fraction (30 decimals).
#pragma once

#include <cstddef>
#include <string_view>

namespace tally::detail {

inline constexpr std::size_t max_number_text = 100;  ///< characters
inline constexpr long max_decimal_exponent = 30;      ///< |value| < 10^30
inline constexpr long max_fraction_digits = 30;       ///< places after the point

enum class number_verdict { ok, too_long, too_large, too_precise };

/// Checks the text of a JSON number (already known to be well formed)
/// against the limits without computing its value.
number_verdict check_number_limits(std::string_view text);

}  // namespace tally::detail
