#include <tally/claim_set.hpp>
#include <tally/diagnostic.hpp>
#include <tally/result.hpp>

#include <catch2/catch.hpp>

TEST_CASE("every qualifier reads back from its spelling", "[qualifier]") {
  for (const auto q : {tally::qualifier::exactly, tally::qualifier::at_least, tally::qualifier::more_than,
                       tally::qualifier::at_most, tally::qualifier::fewer_than, tally::qualifier::between,
                       tally::qualifier::about, tally::qualifier::nearly}) {
    CHECK(tally::qualifier_from_string(tally::to_string(q)) == q);
  }
  CHECK(tally::to_string(tally::qualifier::at_least) == "at_least");
  CHECK_FALSE(tally::qualifier_from_string("at least"));
  CHECK_FALSE(tally::qualifier_from_string("Exactly"));
  CHECK_FALSE(tally::qualifier_from_string(""));
}

TEST_CASE("statuses have their report names", "[status]") {
  CHECK(tally::to_string(tally::status::consistent) == "consistent");
  CHECK(tally::to_string(tally::status::conflicting) == "conflicting");
  CHECK(tally::to_string(tally::status::invalid) == "invalid");
}

TEST_CASE("a diagnostic prints on one line with its place and its fix", "[diagnostic]") {
  tally::diagnostic d;
  d.code = "dangling-reference";
  d.path = "/claims/3/source";
  d.line = 41;
  d.column = 17;
  d.message = "Claim \"sohr-isis\" names source \"sohrr\", which is not declared.";
  d.fix = "Declare it under \"sources\" or correct the id (did you mean \"sohr\"?).";
  CHECK(tally::to_string(d) ==
        "/claims/3/source (line 41, column 17): Claim \"sohr-isis\" names source \"sohrr\", which is not "
        "declared. Fix: Declare it under \"sources\" or correct the id (did you mean \"sohr\"?).");

  tally::diagnostic whole;
  whole.message = "The document is empty.";
  CHECK(tally::to_string(whole) == "document: The document is empty.");
}
