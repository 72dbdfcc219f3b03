#include "model/quantity_id.hpp"
#include "model/wording.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

TEST_CASE("quoted text stays on one line", "[wording]") {
  CHECK(tally::detail::in_quotes("sohr") == "\"sohr\"");
  CHECK(tally::detail::in_quotes("a\"b\\c\n") == "\"a\\\"b\\\\c\\u000a\"");
  const std::string cut = tally::detail::in_quotes(std::string(200, 'x'), 10);
  CHECK(cut == "\"xxxxxxxxxx…\"");
  // Cutting in the middle of a two-byte letter drops the whole letter.
  CHECK(tally::detail::in_quotes("قتلى", 3) == "\"ق…\"");
}

TEST_CASE("suggestions are offered only for likely typos", "[wording]") {
  const std::vector<std::string> ids{"officials", "sohr", "report"};
  CHECK(tally::detail::closest_match("sohrr", ids) == "sohr");
  CHECK(tally::detail::closest_match("SOHR", ids) == "sohr");
  CHECK(tally::detail::closest_match("oficials", ids) == "officials");
  CHECK(tally::detail::closest_match("unhcr", ids).empty());
  CHECK(tally::detail::closest_match("sohr", ids).empty());  // an exact match needs no suggestion
}

TEST_CASE("quantity ids follow the dotted grammar", "[wording]") {
  CHECK(tally::detail::is_valid_quantity_id("killed"));
  CHECK(tally::detail::is_valid_quantity_id("killed.kurdish_forces.security"));
  CHECK(tally::detail::is_valid_quantity_id("a-b.C_9"));
  CHECK_FALSE(tally::detail::is_valid_quantity_id(""));
  CHECK_FALSE(tally::detail::is_valid_quantity_id("a..b"));
  CHECK_FALSE(tally::detail::is_valid_quantity_id("a."));
  CHECK_FALSE(tally::detail::is_valid_quantity_id(".a"));
  CHECK_FALSE(tally::detail::is_valid_quantity_id("a b"));
}
