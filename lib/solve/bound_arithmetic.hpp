// The integer arithmetic bounds propagation needs, twice: over int64 with
// every operation checked (throws overflow_signal; the caller redoes the work
// over GMP) and over tally::integer. Propagation runs many times on tiny
// systems, so the int64 path allocates nothing.
#pragma once

#include "checked_rational.hpp"

#include <tally/numbers.hpp>

#include <gmp.h>

#include <cstdint>

namespace tally::solve {

struct int64_arithmetic {
  using value_type = std::int64_t;

  static bool load(const integer& source, value_type& target) {
    if (!mpz_fits_slong_p(source.backend().data())) return false;
    target = mpz_get_si(source.backend().data());
    return true;
  }
  static integer store(value_type value) { return integer{value}; }
  static void set(value_type& target, std::int64_t value) { target = value; }

  // target += c·x
  static void add_product(value_type& target, std::int64_t c, value_type x) {
    value_type p;
    if (__builtin_mul_overflow(c, x, &p) || __builtin_add_overflow(target, p, &target)) throw overflow_signal{};
  }
  // target = a − b
  static void difference(value_type& target, value_type a, value_type b) {
    if (__builtin_sub_overflow(a, b, &target)) throw overflow_signal{};
  }
  // target = ⌊a / c⌋ and ⌈a / c⌉ for c ≠ 0
  static void floor_quotient(value_type& target, value_type a, std::int64_t c) {
    if (a == INT64_MIN && c == -1) throw overflow_signal{};
    target = a / c;
    if (a % c != 0 && ((a < 0) != (c < 0))) --target;
  }
  static void ceil_quotient(value_type& target, value_type a, std::int64_t c) {
    if (a == INT64_MIN && c == -1) throw overflow_signal{};
    target = a / c;
    if (a % c != 0 && ((a < 0) == (c < 0))) ++target;
  }
  static void plus_one(value_type& target, value_type a) {
    if (__builtin_add_overflow(a, 1, &target)) throw overflow_signal{};
  }
  static void minus_one(value_type& target, value_type a) {
    if (__builtin_sub_overflow(a, 1, &target)) throw overflow_signal{};
  }
};

struct big_arithmetic {
  using value_type = integer;

  static bool load(const integer& source, value_type& target) {
    target = source;
    return true;
  }
  static integer store(const value_type& value) { return value; }
  static void set(value_type& target, std::int64_t value) { mpz_set_si(target.backend().data(), value); }

  static void add_product(value_type& target, std::int64_t c, const value_type& x) {
    if (c >= 0) {
      mpz_addmul_ui(target.backend().data(), x.backend().data(), static_cast<unsigned long>(c));
    } else {
      mpz_submul_ui(target.backend().data(), x.backend().data(), static_cast<unsigned long>(-(c + 1)) + 1UL);
    }
  }
  static void difference(value_type& target, const value_type& a, const value_type& b) {
    mpz_sub(target.backend().data(), a.backend().data(), b.backend().data());
  }
  static void floor_quotient(value_type& target, const value_type& a, std::int64_t c) {
    quotient(target, a, c, true);
  }
  static void ceil_quotient(value_type& target, const value_type& a, std::int64_t c) {
    quotient(target, a, c, false);
  }
  static void plus_one(value_type& target, const value_type& a) {
    mpz_add_ui(target.backend().data(), a.backend().data(), 1);
  }
  static void minus_one(value_type& target, const value_type& a) {
    mpz_sub_ui(target.backend().data(), a.backend().data(), 1);
  }

 private:
  static void quotient(value_type& target, const value_type& a, std::int64_t c, bool floor) {
    const unsigned long magnitude = c >= 0 ? static_cast<unsigned long>(c) : static_cast<unsigned long>(-(c + 1)) + 1UL;
    if (c > 0) {
      if (floor) mpz_fdiv_q_ui(target.backend().data(), a.backend().data(), magnitude);
      else mpz_cdiv_q_ui(target.backend().data(), a.backend().data(), magnitude);
      return;
    }
    // a / c = (−a) / |c|
    mpz_neg(target.backend().data(), a.backend().data());
    if (floor) mpz_fdiv_q_ui(target.backend().data(), target.backend().data(), magnitude);
    else mpz_cdiv_q_ui(target.backend().data(), target.backend().data(), magnitude);
  }
};

}  // namespace tally::solve
