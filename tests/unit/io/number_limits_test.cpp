#include "io/number_limits.hpp"

#include <catch2/catch.hpp>

#include <string>

using tally::detail::check_number_limits;
using tally::detail::number_verdict;

TEST_CASE("ordinary figures are within the limits", "[numbers]") {
  for (const char* text : {"0", "181", "3500", "0.5", "0.8", "1e3", "-7", "20000000000000000000",
                           "999999999999999999999999999999", "9.99e29", "1e-30", "0.000000000000000000000000000001",
                           "0e99999999", "0.0000000000000000000000000000000000", "100e-2", "1.50000000000000000000000000000000000000"}) {
    INFO(text);
    CHECK(check_number_limits(text) == number_verdict::ok);
  }
}

TEST_CASE("numbers too large for any count are refused", "[numbers]") {
  for (const char* text : {"1000000000000000000000000000000", "1e30", "1E+30", "0.1e31", "-1e30", "12345678901234567890123456789012"}) {
    INFO(text);
    CHECK(check_number_limits(text) == number_verdict::too_large);
  }
  CHECK(check_number_limits("1" + std::string(100, '0')) == number_verdict::too_long);
  CHECK(check_number_limits("1e99999999999999999999") == number_verdict::too_large);
}

TEST_CASE("numbers with more than 30 decimals are refused", "[numbers]") {
  for (const char* text : {"1e-31", "0.0000000000000000000000000000001", "1.0000000000000000000000000000001", "123e-40"}) {
    INFO(text);
    CHECK(check_number_limits(text) == number_verdict::too_precise);
  }
  CHECK(check_number_limits("1e-99999999999999999999") == number_verdict::too_precise);
}
