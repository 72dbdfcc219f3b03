#include "report/text_layout.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace tally::detail;

TEST_CASE("display width counts columns, not bytes", "[report]") {
  CHECK(display_width("") == 0);
  CHECK(display_width("killed") == 6);
  CHECK(display_width("≥ 101") == 5);
  CHECK(display_width("0–124") == 5);
  CHECK(display_width("السجن") == 5);
  CHECK(display_width("é") == 1);               // precomposed
  CHECK(display_width("e\xCC\x81") == 1);       // e + combining acute
  CHECK(display_width("قُتِلَ") == 3);          // Arabic letters with harakat
  CHECK(display_width("監獄") == 4);            // wide
  CHECK(display_width("a\xff" "b") == 3);       // an invalid byte takes one column
  CHECK(display_width("\xE2\x82") == 2);        // a truncated sequence: two invalid bytes
}

TEST_CASE("printable text has no control characters and valid UTF-8", "[report]") {
  CHECK(printable("plain") == "plain");
  CHECK(printable("a\nb\tc\rd") == "a b c d");
  CHECK(printable("\x1b[1m") == "\xEF\xBF\xBD[1m");
  CHECK(printable("del\x7f") == "del\xEF\xBF\xBD");
  CHECK(printable("c1\xC2\x9B") == "c1\xEF\xBF\xBD");
  CHECK(printable("bad\xC0\xAF") == "bad\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  CHECK(printable("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(printable("نحو 700 فتى") == "نحو 700 فتى");
  CHECK(printable("🙂") == "🙂");
}

TEST_CASE("wrapping breaks at spaces and keeps long words whole", "[report]") {
  CHECK(wrap("one two three four", 10, "  ") == "  one two\n  three\n  four\n");
  CHECK(wrap("averyveryverylongword x", 10, "") == "averyveryverylongword\nx\n");
  CHECK(wrap("", 10, "  ").empty());
  CHECK(wrap("≥ ≥ ≥ ≥ ≥", 5, "") == "≥ ≥ ≥\n≥ ≥\n");  // counts columns, not bytes
}

TEST_CASE("columns align by display width and drop trailing spaces", "[report]") {
  const std::vector<std::string> lines =
      layout_columns({{"name"}, {"n", alignment::right}, {"note"}},
                     {{"السجن", "5", ""}, {"killed", "181", "exact"}, {"≥", "12345", "x"}}, "  ");
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "  name        n  note");
  CHECK(lines[1] == "  السجن       5");
  CHECK(lines[2] == "  killed    181  exact");
  CHECK(lines[3] == "  ≥       12345  x");
  CHECK(layout_columns({{}, {}}, {{"a", "b"}}, "").size() == 1);  // no header line
}
