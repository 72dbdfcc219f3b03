// What the exact simplex needs from its number type, for the two types it is
// instantiated with: checked_rational (fast, throws overflow_signal) and
// tally::rational (GMP, never overflows).
#pragma once

#include "checked_rational.hpp"
#include "model/rounding.hpp"

#include <tally/numbers.hpp>

#include <cstdint>

namespace tally::solve {

template <class Q>
struct exact_number;

template <>
struct exact_number<checked_rational> {
  static checked_rational from(std::int64_t value) { return checked_rational{value}; }
  static checked_rational from(const integer& value) {
    if (!fits_int64(value)) throw overflow_signal{};
    return checked_rational{static_cast<std::int64_t>(value)};
  }
  static bool is_integer(const checked_rational& q) { return q.is_integer(); }
  static int sign(const checked_rational& q) { return q.sign(); }
  static integer floor(const checked_rational& q) { return integer{q.floor()}; }
  static integer ceil(const checked_rational& q) { return integer{q.ceil()}; }
};

template <>
struct exact_number<rational> {
  static rational from(std::int64_t value) { return rational{value}; }
  static rational from(const integer& value) { return to_rational(value); }
  static bool is_integer(const rational& q) { return mpz_cmp_ui(mpq_denref(q.backend().data()), 1) == 0; }
  static int sign(const rational& q) { return mpq_sgn(q.backend().data()); }
  static integer floor(const rational& q) { return tally::detail::floor(q); }
  static integer ceil(const rational& q) { return tally::detail::ceil(q); }
};

}  // namespace tally::solve
