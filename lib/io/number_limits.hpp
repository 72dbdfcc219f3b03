// The limits on numbers in a claims document. Exact arithmetic accepts any
// size, so absurd input must be refused before it is computed with: "1e999999"
// would otherwise be a million-digit integer. The limits sit far beyond any
// real count (10^30 people) or any meaningful fraction (30 decimals).
#pragma once

#include <cstddef>
#include <string_view>

namespace tally::detail {

inline constexpr long max_decimal_exponent = 30;  ///< |value| < 10^30 unless limits.max_value_digits says otherwise
inline constexpr long max_fraction_digits = 30;   ///< places after the point

/// Characters of a number's text: room for every digit the limits allow and
/// a sign, a point and an exponent (100 by default).
constexpr std::size_t max_number_text(long max_digits) { return static_cast<std::size_t>(max_digits + max_fraction_digits + 40); }

enum class number_verdict { ok, too_long, too_large, too_precise };

/// Checks the text of a JSON number (already known to be well formed)
/// against the limits without computing its value.
/// `max_digits`: |value| < 10^max_digits.
number_verdict check_number_limits(std::string_view text, long max_digits = max_decimal_exponent);

}  // namespace tally::detail
