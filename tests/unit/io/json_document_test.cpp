#include "io/json_document.hpp"
#include "io/text_positions.hpp"

#include <catch2/catch.hpp>

#include <string>

using tally::detail::json_kind;
using tally::detail::read_json;

namespace {

std::string at(const std::string& text, std::size_t offset, std::size_t length) { return text.substr(offset, length); }

}  // namespace

TEST_CASE("every value knows where it starts and ends in the text", "[json]") {
  const std::string text = "{\"a\" : [1, \"x\\\"y\", true ,null],\n \"b\":{\"c\":-2.5e3}, \"d\":false}";
  const auto read = read_json(text);
  REQUIRE_FALSE(read.problem);
  const auto& doc = read.document;
  const auto& root = doc.root();
  REQUIRE(root.kind == json_kind::object);
  REQUIRE(root.children.size() == 3);
  CHECK(root.begin == 0);
  CHECK(root.end == text.size());

  const auto& a = doc.child(root, 0);
  CHECK(a.key == "a");
  CHECK(at(text, a.key_begin, 3) == "\"a\"");
  CHECK(a.kind == json_kind::array);
  CHECK(at(text, a.begin, a.end - a.begin) == "[1, \"x\\\"y\", true ,null]");
  CHECK(doc.child(a, 0).text == "1");
  CHECK(doc.child(a, 1).text == "x\"y");
  CHECK(at(text, doc.child(a, 1).begin, doc.child(a, 1).end - doc.child(a, 1).begin) == "\"x\\\"y\"");
  CHECK(at(text, doc.child(a, 2).begin, 4) == "true");
  CHECK(doc.child(a, 3).kind == json_kind::null);
  CHECK(at(text, doc.child(a, 3).begin, 4) == "null");

  const auto& c = doc.child(doc.child(root, 1), 0);
  CHECK(c.key == "c");
  CHECK(c.text == "-2.5e3");
  CHECK(at(text, c.begin, c.end - c.begin) == "-2.5e3");
  CHECK(doc.child(root, 2).kind == json_kind::boolean);
  CHECK_FALSE(doc.child(root, 2).boolean);
}

TEST_CASE("numbers keep their text exactly as written", "[json]") {
  const auto read = read_json("[0.1, 1e3, 20000000000000000000, -0, 18446744073709551616, 1E-7]");
  REQUIRE_FALSE(read.problem);
  std::vector<std::string> texts;
  for (const auto i : read.document.root().children) texts.push_back(read.document.nodes[i].text);
  CHECK(texts == std::vector<std::string>{"0.1", "1e3", "20000000000000000000", "-0", "18446744073709551616", "1E-7"});
}

TEST_CASE("a byte order mark is skipped", "[json]") {
  const std::string text = "\xEF\xBB\xBF{\"k\": \"v\"}";
  const auto read = read_json(text);
  REQUIRE_FALSE(read.problem);
  CHECK(read.document.root().begin == 3);
  CHECK(read.document.child(read.document.root(), 0).text == "v");
}

TEST_CASE("keys and strings with escapes and UTF-8 are decoded", "[json]") {
  const auto read = read_json(R"({"qu\u006fte": "قرابة 3500 \u2014 \n"})");
  REQUIRE_FALSE(read.problem);
  const auto& member = read.document.child(read.document.root(), 0);
  CHECK(member.key == "quote");
  CHECK(member.text == "قرابة 3500 — \n");
}

TEST_CASE("malformed JSON is a problem with a place, not an exception", "[json]") {
  SECTION("truncated") {
    const std::string text = "{\"format\": \"tally/1\", \"claims\": [";
    const auto read = read_json(text);
    REQUIRE(read.problem);
    CHECK(read.problem->code == "syntax");
    CHECK(read.problem->offset == text.size());
    CHECK(read.problem->fix.find("truncated") != std::string::npos);
  }
  SECTION("a missing comma") {
    const std::string text = "{\"a\": 1\n \"b\": 2}";
    const auto read = read_json(text);
    REQUIRE(read.problem);
    CHECK(read.problem->code == "syntax");
    CHECK(read.problem->offset == text.find("\"b\""));
  }
  SECTION("empty or blank") {
    for (const char* text : {"", "   \n\t", "\xEF\xBB\xBF"}) {
      const auto read = read_json(text);
      REQUIRE(read.problem);
      CHECK(read.problem->code == "empty-input");
    }
  }
  SECTION("trailing garbage") {
    const auto read = read_json("{} x");
    REQUIRE(read.problem);
    CHECK(read.problem->code == "syntax");
    CHECK(read.problem->offset == 3);
  }
}

TEST_CASE("bytes that are not UTF-8 are reported at the first bad byte", "[json]") {
  for (const std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\xFF", "\x80"}) {
    const std::string text = "{\"a\": \"ok " + bad + "\"}";
    const auto read = read_json(text);
    REQUIRE(read.problem);
    CHECK(read.problem->code == "encoding");
    CHECK(read.problem->offset == 10);
  }
  CHECK_FALSE(read_json("{\"a\": \"\xF0\x9F\x98\x80 \xE2\x82\xAC \xC3\xA9\"}").problem);
}

TEST_CASE("100,000 levels of nesting are refused without exhausting the stack", "[json]") {
  const std::size_t depth = 100000;
  std::string text(depth, '[');
  text += std::string(depth, ']');
  const auto read = read_json(text);
  REQUIRE(read.problem);
  CHECK(read.problem->code == "nesting-too-deep");
  CHECK(read.problem->offset == tally::detail::max_nesting_depth);
  CHECK(read.problem->message.find("deeper than 64 levels") != std::string::npos);

  std::string objects;
  for (std::size_t i = 0; i < depth; ++i) objects += "{\"a\":";
  CHECK(read_json(objects).problem->code == "nesting-too-deep");
}

TEST_CASE("nesting up to the limit is accepted", "[json]") {
  const std::size_t depth = tally::detail::max_nesting_depth;
  const auto read = read_json(std::string(depth, '[') + std::string(depth, ']'));
  CHECK_FALSE(read.problem);
}

TEST_CASE("a number beyond any double is a problem, not infinity", "[json]") {
  const auto read = read_json("{\"value\": 1e400}");
  REQUIRE(read.problem);
  CHECK(read.problem->code == "number-too-large");
  CHECK(read.problem->offset == 10);
}

TEST_CASE("compact JSON reproduces users' metadata exactly", "[json]") {
  const std::string text = "{\"x\": {\"n\": 20000000000000000000.50, \"s\": \"a\\u0001\\\"b\",\n \"l\": [true, null, {}]}}";
  const auto read = read_json(text);
  REQUIRE_FALSE(read.problem);
  const auto& x = read.document.child(read.document.root(), 0);
  CHECK(tally::detail::compact_json(read.document, x) ==
        "{\"n\":20000000000000000000.50,\"s\":\"a\\u0001\\\"b\",\"l\":[true,null,{}]}");
}

TEST_CASE("offsets become lines and character columns", "[json]") {
  const std::string text = "ab\nقر x\n\nz";
  const auto positions = tally::detail::locate_offsets(text, {text.find('x'), 0, text.find('z'), 1, 999});
  CHECK(positions[0] == std::pair{2, 4});  // two Arabic letters, a space, then x
  CHECK(positions[1] == std::pair{1, 1});
  CHECK(positions[2] == std::pair{4, 1});
  CHECK(positions[3] == std::pair{1, 2});
  CHECK(positions[4] == std::pair{4, 2});  // past the end: the end
}

TEST_CASE("strings are written back with exactly the escapes JSON needs", "[json]") {
  const auto written = [](std::string_view text) {
    std::string out;
    tally::detail::append_json_string(out, text);
    return out;
  };
  CHECK(written("") == "\"\"");
  CHECK(written("plain é قتيل") == "\"plain é قتيل\"");
  CHECK(written("\"a\\b\"") == "\"\\\"a\\\\b\\\"\"");
  CHECK(written("\n\r\t\b\f") == "\"\\n\\r\\t\\b\\f\"");
  CHECK(written(std::string_view("x\0y\x01\x1f\x7f", 6)) == "\"x\\u0000y\\u0001\\u001f\x7f\"");
  CHECK(written("ab\ncd\"") == "\"ab\\ncd\\\"\"");
}
