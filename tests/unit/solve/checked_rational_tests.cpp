#include "solve/checked_rational.hpp"

#include <tally/numbers.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <random>

using tally::integer;
using tally::rational;
using tally::solve::checked_rational;
using tally::solve::overflow_signal;

namespace {

rational exact(const checked_rational& q) { return rational{q.numerator(), q.denominator()}; }

// The checked result, or nothing when it signalled overflow.
template <class Operation>
std::optional<checked_rational> attempt(Operation operation) {
  try {
    return operation();
  } catch (const overflow_signal&) {
    return std::nullopt;
  }
}

// Every checked result equals GMP's, is reduced with a positive denominator,
// and an overflow is signalled exactly when GMP's result does not fit.
void agrees(const std::optional<checked_rational>& checked, const rational& truth) {
  const integer n = tally::numerator_of(truth), d = tally::denominator_of(truth);
  const bool fits = n > integer(INT64_MIN) && n <= integer(INT64_MAX) && d <= integer(INT64_MAX);
  REQUIRE(checked.has_value() == fits);
  if (!checked) return;
  CHECK(exact(*checked) == truth);
  CHECK(checked->denominator() > 0);
}

}  // namespace

TEST_CASE("checked rationals agree with GMP or signal overflow", "[solve][numbers]") {
  std::mt19937_64 random(20261201);
  const std::int64_t scales[] = {10, 1000, 1LL << 31, 1LL << 62, INT64_MAX};
  std::size_t compared = 0;
  for (int round = 0; round < 20000; ++round) {
    auto pick = [&](bool nonzero) {
      const std::int64_t scale = scales[random() % 5];
      std::uniform_int_distribution<std::int64_t> value(-scale, scale), positive(1, scale);
      std::int64_t n = value(random);
      if (nonzero && n == 0) n = 1;
      return checked_rational{n, positive(random)};
    };
    const checked_rational a = pick(false), b = pick(true);
    const rational x = exact(a), y = exact(b);
    agrees(attempt([&] { return a + b; }), x + y);
    agrees(attempt([&] { return a - b; }), x - y);
    agrees(attempt([&] { return a * b; }), x * y);
    agrees(attempt([&] { return a / b; }), x / y);
    CHECK((a < b) == (x < y));
    compared += 4;
  }
  CHECK(compared == 80000);
}
