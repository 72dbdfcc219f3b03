// Exact floor and ceiling of a rational: the rounding of the qualifier table.
#pragma once

#include <tally/numbers.hpp>

namespace tally::detail {

inline integer floor(const rational& q) {
  const integer n = boost::multiprecision::numerator(q);
  const integer d = boost::multiprecision::denominator(q);  // always > 0
  integer quotient = n / d;                                  // truncates toward zero
  if (n < 0 && quotient * d != n) quotient -= 1;
  return quotient;
}

inline integer ceil(const rational& q) { return -floor(-q); }

}  // namespace tally::detail
