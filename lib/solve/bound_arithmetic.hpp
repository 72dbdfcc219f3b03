// The integer arithmetic bounds propagation needs, twice: over int64 with
// every operation checked (throws overflow_signal; the caller redoes the work
// over big integers) and over tally::integer. Propagation runs many times on tiny
// systems, so the int64 path allocates nothing.
#pragma once

#include "checked_rational.hpp"
#include "model/rounding.hpp"

#include <tally/numbers.hpp>

#include <cstdint>

namespace tally::solve {

struct int64_arithmetic {
  using value_type = std::int64_t;

  static bool load(const integer& source, value_type& target) {
    if (!fits_int64(source)) return false;
    target = static_cast<value_type>(source);
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
  static void set(value_type& target, std::int64_t value) { target = value; }

  static void add_product(value_type& target, std::int64_t c, const value_type& x) { target += c * x; }
  static void difference(value_type& target, const value_type& a, const value_type& b) { target = a - b; }
  static void floor_quotient(value_type& target, const value_type& a, std::int64_t c) {
    target = tally::detail::floor_divide(a, integer{c});
  }
  static void ceil_quotient(value_type& target, const value_type& a, std::int64_t c) {
    target = tally::detail::ceil_divide(a, integer{c});
  }
  static void plus_one(value_type& target, const value_type& a) { target = a + 1; }
  static void minus_one(value_type& target, const value_type& a) { target = a - 1; }
};

}  // namespace tally::solve
