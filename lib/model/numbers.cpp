#include <tally/numbers.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

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

// Sets `value` to ±digits·10^exponent when the digits and the power of ten
// fit in machine words, as nearly every figure does ("181", "0.8"): GMP then
// only reduces the fraction, with no digit string and no big power. False,
// leaving `value` alone, for the rest.
bool set_machine_word_number(bool negative, std::string_view integer_digits, std::string_view fraction_digits,
                             long exponent, rational& value) {
  static_assert(sizeof(long) == sizeof(std::int64_t), "GMP's machine-word calls take a long");
  constexpr std::size_t max_digits = 18;  // 10^18 < 2^63
  std::int64_t mantissa = 0;
  std::size_t significant = 0;
  for (const std::string_view part : {integer_digits, fraction_digits}) {
    for (const char c : part) {
      if (significant > 0 || c != '0') ++significant;
      if (significant > max_digits) return false;
      mantissa = mantissa * 10 + (c - '0');
    }
  }
  if (mantissa == 0) {
    value = 0;
    return true;
  }
  if (exponent > static_cast<long>(max_digits) || exponent < -static_cast<long>(max_digits)) return false;
  std::int64_t power = 1;
  for (long k = 0; k < (exponent < 0 ? -exponent : exponent); ++k) power *= 10;
  if (negative) mantissa = -mantissa;
  if (exponent >= 0) {
    std::int64_t scaled = 0;
    if (__builtin_mul_overflow(mantissa, power, &scaled)) return false;
    mpq_set_si(value.backend().data(), static_cast<long>(scaled), 1);
  } else {
    mpq_set_si(value.backend().data(), static_cast<long>(mantissa), static_cast<unsigned long>(power));
    mpq_canonicalize(value.backend().data());
  }
  return true;
}

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
  const std::string_view integer_digits(text.data() + integer_begin, i - integer_begin);

  std::string_view fraction_digits;
  if (i < n && text[i] == '.') {
    const std::size_t fraction_begin = ++i;
    while (i < n && is_digit(text[i])) ++i;
    if (i == fraction_begin) return false;
    fraction_digits = std::string_view(text.data() + fraction_begin, i - fraction_begin);
  }
  long exponent = -static_cast<long>(fraction_digits.size());

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

  if (set_machine_word_number(negative, integer_digits, fraction_digits, exponent, value)) return true;

  // mpz reads a leading 0 as octal: strip leading zeros first.
  std::string digits(integer_digits);
  digits += fraction_digits;
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
