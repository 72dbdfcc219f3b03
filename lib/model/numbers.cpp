#include <tally/numbers.hpp>

#include <algorithm>
#include <cstddef>
#include <string>

namespace tally {
namespace {

// Rationals are GMP's: their parts are worked on as GMP integers, so a huge
// mantissa or power of ten is never converted back and forth.
using gmp_integer = boost::multiprecision::mpz_int;

// Beyond this, a power of ten takes megabytes; no count comes anywhere near.
constexpr long max_exponent = 100000;

std::size_t count_factor(gmp_integer& n, unsigned factor) {
  std::size_t count = 0;
  while (n % factor == 0) {
    n /= factor;
    ++count;
  }
  return count;
}

gmp_integer power_of_ten(long exponent) {
  return boost::multiprecision::pow(gmp_integer(10), static_cast<unsigned>(exponent));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string to_exact_string(const rational& value) {
  const gmp_integer numerator = boost::multiprecision::numerator(value);
  const gmp_integer denominator = boost::multiprecision::denominator(value);
  if (denominator == 1) return numerator.str();

  gmp_integer rest = denominator;
  const std::size_t twos = count_factor(rest, 2);
  const std::size_t fives = count_factor(rest, 5);
  if (rest != 1) return numerator.str() + "/" + denominator.str();

  // n/(2^a 5^b) = n·2^(k−a)·5^(k−b) / 10^k with k = max(a, b); the fraction is
  // reduced, so the last of the k decimals is never 0: this is the shortest.
  const std::size_t places = twos > fives ? twos : fives;
  gmp_integer scaled = numerator * power_of_ten(static_cast<long>(places)) / denominator;
  const bool negative = scaled < 0;
  if (negative) scaled = -scaled;
  std::string digits = scaled.str();
  if (digits.size() <= places) digits.insert(0, places + 1 - digits.size(), '0');
  digits.insert(digits.size() - places, 1, '.');
  return negative ? "-" + digits : digits;
}

bool parse_exact_number(const std::string& text, rational& value) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  const bool negative = i < n && text[i] == '-';
  if (negative) ++i;

  const std::size_t integer_begin = i;
  if (i < n && text[i] == '0') {
    ++i;
  } else {
    while (i < n && is_digit(text[i])) ++i;
  }
  if (i == integer_begin) return false;
  std::string digits = text.substr(integer_begin, i - integer_begin);

  long exponent = 0;
  if (i < n && text[i] == '.') {
    const std::size_t fraction_begin = ++i;
    while (i < n && is_digit(text[i])) ++i;
    if (i == fraction_begin) return false;
    digits.append(text, fraction_begin, i - fraction_begin);
    exponent -= static_cast<long>(i - fraction_begin);
  }

  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) exponent_negative = text[i++] == '-';
    const std::size_t exponent_begin = i;
    long written = 0;
    while (i < n && is_digit(text[i])) {
      // Saturate: the bound check below rejects anything this large anyway.
      if (written <= 10 * max_exponent) written = written * 10 + (text[i] - '0');
      ++i;
    }
    if (i == exponent_begin) return false;
    exponent += exponent_negative ? -written : written;
  }
  if (i != n) return false;

  // mpz reads a leading 0 as octal: strip leading zeros first.
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
  const gmp_integer mantissa(digits);
  if (mantissa == 0) {
    value = 0;
    return true;
  }
  if (exponent > max_exponent || exponent < -max_exponent) return false;

  const gmp_integer signed_mantissa = negative ? gmp_integer(-mantissa) : mantissa;
  if (exponent >= 0) {
    value = rational(signed_mantissa * power_of_ten(exponent));
  } else {
    value = rational(signed_mantissa, power_of_ten(-exponent));
  }
  return true;
}

}  // namespace tally
