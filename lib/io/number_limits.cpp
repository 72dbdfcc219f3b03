#include "io/number_limits.hpp"

#include <string>

namespace tally::detail {

number_verdict check_number_limits(std::string_view text, long max_digits) {
  if (text.size() > max_number_text(max_digits)) return number_verdict::too_long;

  // Split "-123.4500e-7" into its digits "1234500", the number of digits
  // before the point (3) and the exponent (-7).
  std::string digits;
  long integer_digits = 0;
  long exponent = 0;
  std::size_t i = text.size() > 0 && text[0] == '-' ? 1 : 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++integer_digits) digits += text[i];
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) digits += text[i];
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    const bool negative = i < text.size() && text[i] == '-';
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    for (; i < text.size(); ++i) {
      if (exponent < 1000000) exponent = exponent * 10 + (text[i] - '0');  // the text is short anyway
    }
    if (negative) exponent = -exponent;
  }

  const std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return number_verdict::ok;  // zero, however written
  const std::size_t last = digits.find_last_not_of('0');

  // The place value of a digit at index k is 10^(integer_digits − 1 − k + exponent).
  const long leading_place = integer_digits - 1 - static_cast<long>(first) + exponent;
  const long trailing_place = integer_digits - 1 - static_cast<long>(last) + exponent;
  if (leading_place >= max_digits) return number_verdict::too_large;
  if (-trailing_place > max_fraction_digits) return number_verdict::too_precise;
  return number_verdict::ok;
}

}  // namespace tally::detail
