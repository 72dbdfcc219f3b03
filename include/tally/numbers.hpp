// tally/numbers.hpp — the exact number types of the whole library.
//
// Every count tally reports is an exact integer and every claimed value an
// exact rational: "0.1" in a document is 1/10, never a binary float, and a
// figure larger than 2^64 is kept to the last digit. These two aliases are the
// only place the representation is chosen, both from Boost.Multiprecision.
// Counts are Boost's cpp_int, which keeps a value of up to 128 bits inside
// the object: the solver copies bounds and rows all the time, and a count
// never needs the heap. Rationals are GMP's, whose arithmetic stays fast on
// the huge numerators and denominators an absurd figure ("1e-99999") brings.
// The two convert through to_rational and to_integer below.
//
//   tally::rational tolerance{1, 10};           // 1/10
//   tally::integer big("123456789012345678901234567890");
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <boost/multiprecision/gmp.hpp>

#include <cstdint>
#include <limits>
#include <string>

namespace tally {

/// An exact integer of any size: every count, bound and gap.
using integer = boost::multiprecision::cpp_int;

/// An exact rational: claimed values, tolerances, reliabilities and weights.
using rational = boost::multiprecision::mpq_rational;

/// Whether `value` fits in 64 bits: where the solver's machine-word paths apply.
inline bool fits_int64(const integer& value) {
  return value >= std::numeric_limits<std::int64_t>::min() && value <= std::numeric_limits<std::int64_t>::max();
}

/// A count as an exact rational. Counts that fit in a machine word (all but
/// absurd ones) convert without going through text or bit-by-bit copies.
inline rational to_rational(const integer& value) {
  static_assert(sizeof(long) == sizeof(std::int64_t), "GMP's machine-word calls take a long");
  if (fits_int64(value)) {
    rational out;
    mpq_set_si(out.backend().data(), static_cast<long>(value), 1);
    return out;
  }
  return rational(value);
}

/// A GMP integer (a rational's numerator or denominator) as a count.
inline integer to_integer(const boost::multiprecision::mpz_int& value) {
  if (mpz_fits_slong_p(value.backend().data())) return integer(mpz_get_si(value.backend().data()));
  return integer(value);
}

/// The numerator and denominator of `value` as counts (the denominator > 0).
inline integer numerator_of(const rational& value) { return to_integer(boost::multiprecision::numerator(value)); }
inline integer denominator_of(const rational& value) { return to_integer(boost::multiprecision::denominator(value)); }

/// The shortest exact decimal text of `value` ("0.5", "1.6", "3") when it has
/// one, else its fraction ("1/3"). Used for weights in every report.
std::string to_exact_string(const rational& value);

/// Parses a JSON number's text ("200", "0.1", "1e3", "-2.5E-1") exactly.
/// Returns false when `text` is not a JSON number, or when its exponent is
/// beyond ±100000 (such a value would take megabytes; no count comes near).
bool parse_exact_number(const std::string& text, rational& value);

}  // namespace tally
