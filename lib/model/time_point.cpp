#include <tally/time_point.hpp>

#include "model/calendar.hpp"

#include <cstdio>

namespace tally {
namespace {

constexpr std::int64_t seconds_per_day = 86400;

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's
// days_from_civil): a plain integer keeps comparisons cheap and exact.
std::int64_t days_from_civil(std::int64_t year, std::int64_t month, std::int64_t day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

bool read_digits(std::string_view text, std::size_t at, std::size_t count, int& value) {
  value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

}  // namespace

bool detail::is_real_date(int year, int month, int day) {
  return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

std::int64_t timestamp::order_key() const {
  // One more slot than there are seconds in a day: the date alone takes the
  // last one, after 23:59:59.
  return days_from_civil(year, month, day) * (seconds_per_day + 1) +
         (seconds ? *seconds : seconds_per_day);
}

std::string timestamp::to_string() const {
  char buffer[48];
  if (!seconds) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  } else if (*seconds % 60 == 0) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d", year, month, day,
                  *seconds / 3600, *seconds / 60 % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                  *seconds / 3600, *seconds / 60 % 60, *seconds % 60);
  }
  return buffer;
}

std::optional<timestamp> parse_timestamp(std::string_view text) {
  if (text.size() != 10 && text.size() != 16 && text.size() != 19) return std::nullopt;
  timestamp t;
  if (!read_digits(text, 0, 4, t.year) || text[4] != '-' || !read_digits(text, 5, 2, t.month) ||
      text[7] != '-' || !read_digits(text, 8, 2, t.day)) {
    return std::nullopt;
  }
  if (!detail::is_real_date(t.year, t.month, t.day)) return std::nullopt;
  if (text.size() == 10) return t;

  int hour = 0, minute = 0, second = 0;
  if (text[10] != 'T' || !read_digits(text, 11, 2, hour) || text[13] != ':' ||
      !read_digits(text, 14, 2, minute)) {
    return std::nullopt;
  }
  if (text.size() == 19 && (text[16] != ':' || !read_digits(text, 17, 2, second))) {
    return std::nullopt;
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  t.seconds = hour * 3600 + minute * 60 + second;
  return t;
}

}  // namespace tally
