// Exact floor and ceiling of a quotient: the rounding of the qualifier table,
// and of every bound the solver derives from a row.
#pragma once

#include <tally/numbers.hpp>

namespace tally::detail {

/// ⌊a / d⌋ for d ≠ 0 (the division operator truncates toward zero).
inline integer floor_divide(const integer& a, const integer& d) {
  integer quotient, remainder;
  boost::multiprecision::divide_qr(a, d, quotient, remainder);
  if (remainder != 0 && ((remainder < 0) != (d < 0))) --quotient;
  return quotient;
}

/// ⌈a / d⌉ for d ≠ 0.
inline integer ceil_divide(const integer& a, const integer& d) {
  integer quotient, remainder;
  boost::multiprecision::divide_qr(a, d, quotient, remainder);
  if (remainder != 0 && ((remainder < 0) == (d < 0))) ++quotient;
  return quotient;
}

// A rational's parts are GMP integers: the quotient is taken there (fast on
// huge values) and only the result converted.
inline integer floor(const rational& q) {
  boost::multiprecision::mpz_int quotient;
  mpz_fdiv_q(quotient.backend().data(), mpq_numref(q.backend().data()), mpq_denref(q.backend().data()));
  return to_integer(quotient);
}

inline integer ceil(const rational& q) {
  boost::multiprecision::mpz_int quotient;
  mpz_cdiv_q(quotient.backend().data(), mpq_numref(q.backend().data()), mpq_denref(q.backend().data()));
  return to_integer(quotient);
}

}  // namespace tally::detail
