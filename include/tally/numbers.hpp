// tally/numbers.hpp — the exact number types of the whole library.
//
// Every count tally reports is an exact integer and every claimed value an
// exact rational: "0.1" in a document is 1/10, never a binary float, and a
// figure larger than 2^64 is kept to the last digit. These two aliases are the
// only place the representation is chosen (GMP through Boost.Multiprecision).
//
//   tally::rational tolerance{1, 10};           // 1/10
//   tally::integer big("123456789012345678901234567890");
#pragma once

#include <boost/multiprecision/gmp.hpp>

#include <string>

namespace tally {

/// An exact integer of any size: every count, bound and gap.
using integer = boost::multiprecision::mpz_int;

/// An exact rational: claimed values, tolerances, reliabilities and weights.
using rational = boost::multiprecision::mpq_rational;

/// The shortest exact decimal text of `value` ("0.5", "1.6", "3") when it has
/// one, else its fraction ("1/3"). Used for weights in every report.
std::string to_exact_string(const rational& value);

/// Parses a JSON number's text ("200", "0.1", "1e3", "-2.5E-1") exactly.
/// Returns false when `text` is not a JSON number, or when its exponent is
/// beyond ±100000 (such a value would take megabytes; no count comes near).
bool parse_exact_number(const std::string& text, rational& value);

}  // namespace tally
