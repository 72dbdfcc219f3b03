#include <tally/numbers.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

namespace {

tally::rational parsed(const std::string& text) {
  tally::rational value;
  REQUIRE(tally::parse_exact_number(text, value));
  return value;
}

}  // namespace

TEST_CASE("decimal fractions are read exactly, not as binary floats", "[numbers]") {
  CHECK(parsed("0.1") == tally::rational(1, 10));
  CHECK(parsed("0.1") + parsed("0.2") == parsed("0.3"));
  CHECK(parsed("1.6") == tally::rational(8, 5));
  CHECK(parsed("-2.5E-1") == tally::rational(-1, 4));
}

TEST_CASE("exponents scale the mantissa exactly", "[numbers]") {
  CHECK(parsed("1e3") == 1000);
  CHECK(parsed("1E+3") == 1000);
  CHECK(parsed("12.5e1") == 125);
  CHECK(parsed("5e-1") == tally::rational(1, 2));
  CHECK(parsed("0e999999999999") == 0);
  CHECK(parsed("-0") == 0);
}

TEST_CASE("integers beyond 64 bits keep every digit", "[numbers]") {
  CHECK(parsed("20000000000000000000") == tally::rational("20000000000000000000"));
  CHECK(parsed("123456789012345678901234567890") == tally::rational("123456789012345678901234567890"));
}

TEST_CASE("figures around the edge of 64 bits read the same as any other", "[numbers]") {
  // Up to 18 digits and powers up to 10^18 are read in machine words, the
  // rest through GMP's digit strings: both give the same exact value.
  const std::pair<const char*, const char*> cases[] = {
      {"999999999999999999", "999999999999999999"},
      {"9999999999999999999", "9999999999999999999"},
      {"-999999999999999999", "-999999999999999999"},
      {"0.00000000000000012", "3/25000000000000000"},
      {"1e18", "1000000000000000000"},
      {"1e19", "10000000000000000000"},
      {"9.3e18", "9300000000000000000"},
      {"-9.3e18", "-9300000000000000000"},
      {"123456789012345678e1", "1234567890123456780"},
      {"1e-18", "1/1000000000000000000"},
      {"1e-19", "1/10000000000000000000"},
      {"0.000000000000000001", "1/1000000000000000000"},
      {"-12.5e-3", "-1/80"},
      {"100e-2", "1"},
      {"0.123456789012345678", "61728394506172839/500000000000000000"},
      {"0.1234567890123456789", "1234567890123456789/10000000000000000000"},
  };
  for (const auto& [text, exact] : cases) {
    INFO(text);
    CHECK(parsed(text) == tally::rational(exact));
  }
}

TEST_CASE("text that is not a JSON number is refused", "[numbers]") {
  tally::rational value;
  for (const char* text : {"", "-", "+1", "01", "1.", ".5", "1e", "1e+", "0x10", "1 ", " 1", "NaN", "Infinity",
                           "1.2.3", "--1", "1e5000000"}) {
    INFO(text);
    CHECK_FALSE(tally::parse_exact_number(text, value));
  }
}

TEST_CASE("to_exact_string gives the shortest exact decimal when there is one", "[numbers]") {
  CHECK(tally::to_exact_string(tally::rational(1, 2)) == "0.5");
  CHECK(tally::to_exact_string(tally::rational(8, 5)) == "1.6");
  CHECK(tally::to_exact_string(tally::rational(3)) == "3");
  CHECK(tally::to_exact_string(tally::rational(1, 8)) == "0.125");
  CHECK(tally::to_exact_string(tally::rational(-1, 40)) == "-0.025");
  CHECK(tally::to_exact_string(tally::rational(0)) == "0");
  CHECK(tally::to_exact_string(tally::rational(250, 100)) == "2.5");
  CHECK(tally::to_exact_string(tally::rational(1, 1024)) == "0.0009765625");
}

TEST_CASE("to_exact_string falls back to a fraction for repeating decimals", "[numbers]") {
  CHECK(tally::to_exact_string(tally::rational(1, 3)) == "1/3");
  CHECK(tally::to_exact_string(tally::rational(-7, 6)) == "-7/6");
}

TEST_CASE("a number read and written back is the same number", "[numbers]") {
  for (const char* text : {"0.5", "1.6", "3", "0.125", "181", "0.8", "20000000000000000000", "0.000001"}) {
    CHECK(tally::to_exact_string(parsed(text)) == text);
  }
}

TEST_CASE("counts and rationals convert exactly on both sides of the machine word", "[numbers]") {
  // The first four fit in 64 bits, the others take the big-number paths.
  const std::vector<std::string> texts{"0", "-1", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                                       "-9223372036854775809", "340282366920938463463374607431768211457",
                                       "-123456789012345678901234567890123456789012345678901234567890"};
  for (std::size_t k = 0; k < texts.size(); ++k) {
    const std::string& text = texts[k];
    const tally::integer count(text);
    CHECK(tally::fits_int64(count) == (k < 4));
    const tally::rational as_rational = tally::to_rational(count);
    CHECK(as_rational.str() == text);
    CHECK(tally::numerator_of(as_rational) == count);
    CHECK(tally::denominator_of(as_rational) == 1);
    CHECK(tally::to_integer(boost::multiprecision::mpz_int(text)) == count);
  }
  const tally::rational third(tally::rational("-123456789012345678901234567890") / 3);
  CHECK(tally::numerator_of(third) == tally::integer("-41152263004115226300411522630"));
  CHECK(tally::denominator_of(third) == 1);
  CHECK(tally::denominator_of(tally::rational(-7, 12)) == 12);
  CHECK(tally::numerator_of(tally::rational(-7, 12)) == -7);
}
