// parse_claims reads with simdjson when it can and falls back on the exact
// path otherwise; these tests hold the two to the same parse_result on every
// document of the repository and on thousands of random documents and
// mutations of them.
#include "io/document_mapper.hpp"
#include "io/json_document.hpp"
#include "io/parse_paths.hpp"

#include "canonical_text.hpp"

#include "../../../bench/document_json.hpp"
#include "../../../bench/random_documents.hpp"

#include <tally/parse.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using tally::test::canonical_text;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

enum class path_taken { fast, exact };

// Requires both paths to agree on `text`, and says which one parse_claims took.
path_taken require_same_result(const std::string& text) {
  INFO("document: " << text);
  const std::optional<tally::claim_set> fast = tally::detail::read_well_formed_document(text);
  if (fast) {
    // What the fast path reads, the exact path reads without a word and into
    // the same claim_set, whatever validate() thinks of it.
    const tally::detail::json_read_result read = tally::detail::read_json(text);
    REQUIRE_FALSE(read.problem);
    const tally::detail::mapped_document mapped = tally::detail::map_document(read.document);
    REQUIRE(mapped.diagnostics.empty());
    REQUIRE(canonical_text().of(*fast) == canonical_text().of(mapped.document));
  }
  const tally::parse_result result = tally::parse_claims(text);
  const tally::parse_result exact = tally::detail::parse_claims_exact(text);
  REQUIRE(canonical_text().of(result) == canonical_text().of(exact));
  REQUIRE(result.event_id == exact.event_id);
  return fast && result.ok() ? path_taken::fast : path_taken::exact;
}

// Generated documents with every kind of field filled in somewhere: labels,
// names, notes and "x" objects with escapes and non-ASCII text, tolerances,
// weights, timestamps with a time of day.
class varied_documents {
 public:
  explicit varied_documents(std::uint64_t seed)
      : maker_(seed, tally::bench::small_event_shape()), random_(seed) {}

  std::string make(std::size_t index) {
    tally::claim_set d = maker_.make(index);
    static const char* const texts[] = {"", "plain", "tab\there \"quoted\" back\\slash", "قتيلاً",
                                        "emoji 😀 and é", "line\nbreak", "control \x01 byte"};
    static const char* const extras[] = {
        "", "{}", R"({"note":"x"})", R"({"n":[1,2.5,-0,1e3,{"deep":[null,true,false]}],"s":"é\n"})",
        R"({"a":1,"a":2})", R"({"big":123456789012345678901234567})"};
    const auto pick_text = [&] { return std::string(texts[pick(std::size(texts))]); };
    const auto pick_extra = [&] { return std::string(extras[pick(std::size(extras))]); };
    d.event.extra = pick_extra();
    if (pick(2)) d.event.start = tally::timestamp{2022, 3, 1, std::nullopt};
    if (pick(2)) d.event.end = tally::timestamp{2022, 3, 15, static_cast<int>(pick(86400))};
    for (tally::quantity& q : d.quantities) {
      q.label = pick_text();
      q.extra = pick_extra();
    }
    for (tally::relation& r : d.relations) r.extra = pick_extra();
    for (tally::source& s : d.sources) {
      s.name = pick_text();
      s.extra = pick_extra();
    }
    for (tally::claim& c : d.claims) {
      if (c.qualifier == tally::qualifier::about && pick(2)) c.tolerance = tally::rational(1, 20);
      if (pick(4) == 0) c.weight = tally::rational(3, 10);
      if (pick(4) == 0) c.as_of->seconds = static_cast<int>(pick(86400));
      c.quote = pick_text();
      c.note = pick_text();
      c.language = pick(2) ? "ar" : "";
      c.extra = pick_extra();
    }
    return tally::bench::to_json(d);
  }

 private:
  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_); }

  tally::bench::random_document_maker maker_;
  std::mt19937_64 random_;
};

// Small damage to a document's text, of the kinds that change which path
// reads it: a byte, a cut, a key, a number, a repeated member, nesting, a
// byte order mark, what follows the document.
class mutator {
 public:
  explicit mutator(std::uint64_t seed) : random_(seed) {}

  std::string mutate(std::string text) {
    const std::size_t count = 1 + pick(3);
    for (std::size_t k = 0; k < count && !text.empty(); ++k) mutate_once(text);
    return text;
  }

 private:
  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_); }
  template <typename Text, std::size_t n>
  std::string_view pick(const Text (&choices)[n]) {
    return choices[pick(n)];
  }

  // The position of a random occurrence of `what`, or npos.
  std::size_t find_any(const std::string& text, std::string_view what) {
    std::vector<std::size_t> found;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) found.push_back(at);
    return found.empty() ? std::string::npos : found[pick(found.size())];
  }

  void mutate_once(std::string& text) {
    static const std::string_view bytes[] = {"{", "}", "[", "]", "\"", ",", ":", "\\", "0", "9", "-", "+",
                                             ".", "e", " ", "\n", "\t", "n", "t", "f", "x", "\x01", "\x7f",
                                             std::string_view("\0", 1), "\x80", "\xC3", "\xFF", "\xED\xA0\x80"};
    static const std::string_view keys[] = {"\"id\"",    "\"value\"", "\"x\"",         "\"qualifier\"",
                                            "\"parts\"", "\"of\"",    "\"subset\"",    "\"whole\"",
                                            "\"idd\"",   "\"\"",      "\"i\\u0064\"",  "\"tolerance\"",
                                            "\"upper\"", "\"as_of\"", "\"exhaustive\"", "\"reliability\""};
    static const std::string numbers[] = {"0",     "-0",  "1e400", "1e-400", "123456789012345678901234567890",
                                               "99999999999999999999", "0.1", "1e29", "1e30", "1e-30", "1e-31",
                                               "01",    "1.",  ".5",    "1e",     "-",  "2.50", "7E+2", "\"5\"",
                                               "null",  "true", "[]",   "{}",     std::string(101, '1')};
    static const std::string_view members[] = {"\"value\": 5,", "\"id\": \"dup\",", "\"x\": {},", "\"x\": [],",
                                               "\"format\": \"tally/1\",", "\"qualifier\": \"nearly\",",
                                               "\"as_of\": \"2022-02-30\",", "\"source\": \"a\",",
                                               "\"quantity\": [\"killed\", \"killed\"],", "\"upper\": 1e3,"};
    static const std::string_view values[] = {"\"2022-03-01T10:00\"", "\"2022-13-01\"", "\"exactly\"", "\"about\"",
                                              "\"killed\"", "\"a b\"", "\"\\ud800\"", "\"\\u00e9\\n\"",
                                              "\"tally/2\"", "false", "[\"killed\"]", "[1]"};
    switch (pick(9)) {
      case 0: {  // one byte replaced, inserted or removed
        const std::size_t at = pick(text.size());
        const int how = static_cast<int>(pick(3));
        if (how == 0) text.replace(at, 1, pick(bytes));
        else if (how == 1) text.insert(at, pick(bytes));
        else text.erase(at, 1);
        return;
      }
      case 1: text.resize(pick(text.size())); return;
      case 2: {  // a key renamed
        const std::size_t at = find_any(text, "\"");
        if (at == std::string::npos) return;
        const std::size_t end = text.find('"', at + 1);
        if (end != std::string::npos && end + 1 < text.size() && text[end + 1] == ':') {
          text.replace(at, end + 1 - at, pick(keys));
        }
        return;
      }
      case 3: {  // a number replaced
        std::size_t at = find_any(text, ": ");
        if (at == std::string::npos || at + 2 >= text.size()) return;
        at += 2;
        if (!(text[at] == '-' || (text[at] >= '0' && text[at] <= '9'))) return;
        std::size_t end = at;
        while (end < text.size() && std::string_view("0123456789-+.eE").find(text[end]) != std::string_view::npos) {
          ++end;
        }
        text.replace(at, end - at, pick(numbers));
        return;
      }
      case 4: {  // a member added at the start of an object, maybe a repeated one
        const std::size_t at = find_any(text, "{");
        if (at != std::string::npos) text.insert(at + 1, pick(members));
        return;
      }
      case 5: {  // a string value replaced
        const std::size_t at = find_any(text, ": \"");
        if (at == std::string::npos) return;
        const std::size_t end = text.find('"', at + 3);
        if (end != std::string::npos) text.replace(at + 2, end + 1 - (at + 2), pick(values));
        return;
      }
      case 6: {  // deep nesting in an "x" object, around the reader's limit
        const std::size_t at = find_any(text, "{");
        if (at == std::string::npos) return;
        const std::size_t depth = 55 + pick(15);
        text.insert(at + 1, "\"x\": {\"deep\": " + std::string(depth, '[') + std::string(depth, ']') + "},");
        return;
      }
      case 7: {  // a byte order mark, whole or in part
        static const std::string_view marks[] = {"\xEF\xBB\xBF", "\xEF\xBB", "\xEF\xBB\xBF\xEF\xBB\xBF"};
        text.insert(0, pick(marks));
        return;
      }
      default: {  // something after the document
        static const std::string_view tails[] = {" ", "\n\n", std::string_view("\0", 1), "x", "}", "{}", "\r\n\t"};
        text += pick(tails);
        return;
      }
    }
  }

  std::mt19937_64 random_;
};

}  // namespace

TEST_CASE("both paths read every document of the repository alike", "[parse]") {
  const std::filesystem::path source(TALLY_SOURCE_DIR);
  std::vector<std::filesystem::path> files{source / "examples/hasakah/claims.json"};
  for (const char* folder : {"tests/cases", "tests/invalid"}) {
    for (const auto& entry : std::filesystem::directory_iterator(source / folder)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
  }
  REQUIRE(files.size() > 40);
  std::size_t fast = 0;
  for (const auto& file : files) {
    INFO(file.string());
    fast += require_same_result(read_file(file)) == path_taken::fast;
  }
  CHECK(fast >= 10);  // the valid cases and Hasakah
}

// [fuzzed]: what fuzz/parse_fuzzer.cpp checks on every input, so the
// sanitizer build leaves it to that target (docs/testing.md).
TEST_CASE("both paths read random documents and their mutations alike", "[parse][fuzzed]") {
  varied_documents documents(20261204);
  mutator damage(7);
  std::size_t fast = 0, exact = 0;
  for (std::size_t i = 0; i < 3000; ++i) {
    const std::string text = documents.make(i);
    (require_same_result(text) == path_taken::fast ? fast : exact) += 1;
    for (int k = 0; k < 6; ++k) (require_same_result(damage.mutate(text)) == path_taken::fast ? fast : exact) += 1;
  }
  // Both paths must have been exercised in earnest.
  CHECK(fast > 5000);
  CHECK(exact > 10000);
}

TEST_CASE("the paths agree on the edges of JSON", "[parse]") {
  const std::string valid = R"({"format": "tally/1", "sources": [{"id": "s"}],
    "claims": [{"id": "c", "source": "s", "quantity": "k", "value": 1}]})";
  const std::string cases[] = {
      valid,
      "\xEF\xBB\xBF" + valid,
      valid + std::string(1, '\0'),
      valid + " \n",
      valid + "{}",
      std::string(valid).insert(1, "\"format\": \"tally/1\", "),
      std::string(valid).insert(1, "\"x\": {\"k\": 1, \"k\": [\"\\u00e9\", \"\\ud83d\\ude00\", \"\\u0000\"]}, "),
      std::string(valid).insert(1, "\"x\": {\"k\": \"\\ud800\"}, "),
      std::string(valid).insert(1, "\"x\": {\"k\": 1e400}, "),
      std::string(valid).insert(1, "\"x\": {\"k\": \"a\tb\"}, "),
      std::string(valid).insert(1, "\"\\u0066ormat\": \"tally/1\", "),
      std::string(valid).replace(valid.find("\"value\": 1"), 10, "\"value\": 20000000000000000000"),
      std::string(valid).replace(valid.find("\"value\": 1"), 10, "\"value\": 0.1"),
      std::string(valid).replace(valid.find("\"value\": 1"), 10, "\"value\": 1.0e0"),
      "",
      "   ",
      "[]",
      "\"tally/1\"",
  };
  for (const std::string& text : cases) require_same_result(text);
  CHECK(require_same_result(valid) == path_taken::fast);
  CHECK(require_same_result("\xEF\xBB\xBF" + valid) == path_taken::fast);
}

TEST_CASE("a document too large for the reused buffer takes the fast path too", "[parse]") {
  std::string text = read_file(std::filesystem::path(TALLY_SOURCE_DIR) / "examples/hasakah/claims.json");
  text.insert(text.find('{') + 1, "\"x\": {\"padding\": \"" + std::string(std::size_t{3} << 19, 'a') + "\"},");
  CHECK(require_same_result(text) == path_taken::fast);
  text.insert(text.find('{') + 1, "\"x\": {},");  // now repeated
  CHECK(require_same_result(text) == path_taken::exact);
}
