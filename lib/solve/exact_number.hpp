// What the exact simplex needs from its number type, for the two types it is
// instantiated with: checked_rational (fast, throws overflow_signal) and
// tally::rational (GMP, never overflows).
#pragma once

#include "checked_rational.hpp"

#include <tally/numbers.hpp>

#include <gmp.h>

#include <cstdint>

namespace tally::solve {

template <class Q>
struct exact_number;

template <>
struct exact_number<checked_rational> {
  static checked_rational from(std::int64_t value) { return checked_rational{value}; }
  static checked_rational from(const integer& value) {
    if (!mpz_fits_slong_p(value.backend().data())) throw overflow_signal{};
    return checked_rational{static_cast<std::int64_t>(mpz_get_si(value.backend().data()))};
  }
  static bool is_integer(const checked_rational& q) { return q.is_integer(); }
  static int sign(const checked_rational& q) { return q.sign(); }
  static integer floor(const checked_rational& q) { return integer{q.floor()}; }
  static integer ceil(const checked_rational& q) { return integer{q.ceil()}; }
};

template <>
struct exact_number<rational> {
  static rational from(std::int64_t value) { return rational{value}; }
  static rational from(const integer& value) { return rational{value}; }
  static bool is_integer(const rational& q) { return mpz_cmp_ui(mpq_denref(q.backend().data()), 1) == 0; }
  static int sign(const rational& q) { return mpq_sgn(q.backend().data()); }
  static integer floor(const rational& q) {
    integer r;
    mpz_fdiv_q(r.backend().data(), mpq_numref(q.backend().data()), mpq_denref(q.backend().data()));
    return r;
  }
  static integer ceil(const rational& q) {
    integer r;
    mpz_cdiv_q(r.backend().data(), mpq_numref(q.backend().data()), mpq_denref(q.backend().data()));
    return r;
  }
};

}  // namespace tally::solve
