#include <tally/time_point.hpp>

#include <catch2/catch.hpp>

using tally::parse_timestamp;

TEST_CASE("dates and times of day are read", "[time]") {
  const auto date = parse_timestamp("2022-01-26");
  REQUIRE(date);
  CHECK(date->year == 2022);
  CHECK(date->month == 1);
  CHECK(date->day == 26);
  CHECK_FALSE(date->seconds);

  const auto minutes = parse_timestamp("2022-01-24T18:30");
  REQUIRE(minutes);
  CHECK(minutes->seconds == 18 * 3600 + 30 * 60);

  const auto seconds = parse_timestamp("2022-01-24T18:30:05");
  REQUIRE(seconds);
  CHECK(seconds->seconds == 18 * 3600 + 30 * 60 + 5);
}

TEST_CASE("only real calendar dates are accepted", "[time]") {
  CHECK(parse_timestamp("2024-02-29"));
  CHECK(parse_timestamp("2000-02-29"));
  CHECK_FALSE(parse_timestamp("2023-02-29"));
  CHECK_FALSE(parse_timestamp("1900-02-29"));
  CHECK_FALSE(parse_timestamp("2022-04-31"));
  CHECK_FALSE(parse_timestamp("2022-13-01"));
  CHECK_FALSE(parse_timestamp("2022-00-10"));
  CHECK_FALSE(parse_timestamp("2022-01-00"));
  CHECK(parse_timestamp("0001-01-01"));
  CHECK(parse_timestamp("9999-12-31"));
  CHECK_FALSE(parse_timestamp("0000-12-31"));
}

TEST_CASE("malformed timestamps are refused", "[time]") {
  for (const char* text : {"", "2022-1-26", "2022/01/26", "26-01-2022", "2022-01-26T", "2022-01-26T24:00",
                           "2022-01-26T10:60", "2022-01-26T10:00:60", "2022-01-26 10:00", "2022-01-26T10",
                           "2022-01-26T10:00Z", "+022-01-26", "2022-01-26T1a:00"}) {
    INFO(text);
    CHECK_FALSE(parse_timestamp(text));
  }
}

TEST_CASE("a date alone sorts after every time on that day", "[time]") {
  const auto day = parse_timestamp("2022-01-24");
  const auto evening = parse_timestamp("2022-01-24T23:59:59");
  const auto next_morning = parse_timestamp("2022-01-25T00:00");
  CHECK(evening->order_key() < day->order_key());
  CHECK(day->order_key() < next_morning->order_key());
  CHECK(parse_timestamp("2021-12-31")->order_key() < parse_timestamp("2022-01-01T00:00")->order_key());
}

TEST_CASE("T10:00 and T10:00:00 are the same point", "[time]") {
  CHECK(*parse_timestamp("2022-01-24T10:00") == *parse_timestamp("2022-01-24T10:00:00"));
  CHECK_FALSE(*parse_timestamp("2022-01-24T10:00") == *parse_timestamp("2022-01-24"));
}

TEST_CASE("timestamps print canonically", "[time]") {
  CHECK(parse_timestamp("2022-01-26")->to_string() == "2022-01-26");
  CHECK(parse_timestamp("2022-01-26T10:00:00")->to_string() == "2022-01-26T10:00");
  CHECK(parse_timestamp("2022-01-26T10:00:05")->to_string() == "2022-01-26T10:00:05");
  CHECK(parse_timestamp("0001-02-03")->to_string() == "0001-02-03");
}

TEST_CASE("the final figure comes after every dated point", "[time]") {
  const tally::time_point dated{parse_timestamp("9999-12-31")};
  const tally::time_point final_figure{};
  CHECK(dated < final_figure);
  CHECK(final_figure.to_string() == "final");
}
