#include <tally/numbers.hpp>
#include <tally/parse.hpp>

#include "io/parse_paths.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<std::string> codes(const tally::parse_result& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.code + " " + d.path);
  return out;
}

// A valid document with one claim, with `claim_fields` appended to the claim.
std::string with_claim(const std::string& claim_fields) {
  return R"({"format": "tally/1", "sources": [{"id": "sohr"}],
  "claims": [{"id": "c1", "source": "sohr", "quantity": "killed", "qualifier": "exactly", "value": 181)" +
         claim_fields + "}]}";
}

}  // namespace

TEST_CASE("the Hasakah example reads into every field", "[parse]") {
  const auto parsed = tally::parse_claims_file(std::string(TALLY_SOURCE_DIR) + "/examples/hasakah/claims.json");
  INFO(Catch::Detail::stringify(codes(parsed)));
  REQUIRE(parsed.ok());
  const tally::claim_set& d = *parsed.document;
  CHECK(d.format == "tally/1");
  CHECK(d.event.id == "hasakah-prison-2022");
  CHECK(d.event.end->to_string() == "2022-01-26");
  CHECK(d.quantities.size() == 10);
  CHECK(d.quantities[6].id == "inmates");
  CHECK_FALSE(d.quantities[6].cumulative);
  CHECK(d.quantities[0].cumulative);
  CHECK(d.quantities[9].id == "escaped");
  CHECK(d.quantities[9].extra.rfind("{\"note\":", 0) == 0);

  REQUIRE(d.relations.size() == 2);
  CHECK(d.relations[0].kind == tally::relation::kind::parts);
  CHECK(d.relations[0].parts.size() == 3);
  CHECK(d.relations[1].kind == tally::relation::kind::subset);
  CHECK(d.relations[1].whole == "inmates");
  CHECK(d.relations[1].parts == std::vector<std::string>{"killed.isis.inmates"});

  REQUIRE(d.sources.size() == 3);
  CHECK(d.sources[1].id == "sohr");
  CHECK(d.sources[1].reliability == tally::rational(4, 5));
  CHECK(d.sources[0].extra.rfind("{\"why\":", 0) == 0);

  REQUIRE(d.claims.size() == 9);
  const tally::claim& first = d.claims[0];
  CHECK(first.id == "officials-inmates");
  CHECK(first.qualifier == tally::qualifier::at_least);
  CHECK(first.value == 200);
  CHECK(first.as_of->to_string() == "2022-01-26");
  CHECK(first.language == "ar");
  CHECK(first.quote.find("200 على الأقل") != std::string::npos);
  CHECK(d.claims[7].qualifier == tally::qualifier::nearly);
  CHECK(d.claims[8].quantities == std::vector<std::string>{"inmates.boys"});
}

TEST_CASE("numbers are exact, however they are written", "[parse]") {
  const auto parsed = tally::parse_claims(R"({"format": "tally/1",
    "sources": [{"id": "s", "reliability": 0.1}],
    "claims": [{"id": "a", "source": "s", "quantity": "k", "value": 20000000000000000000},
               {"id": "b", "source": "s", "quantity": "k", "qualifier": "about", "value": 7e2, "tolerance": 0.05},
               {"id": "c", "source": "s", "quantity": "k", "qualifier": "between", "value": 1.5, "upper": 25E-1}]})");
  INFO(Catch::Detail::stringify(codes(parsed)));
  REQUIRE(parsed.ok());
  const auto& d = *parsed.document;
  CHECK(d.sources[0].reliability == tally::rational(1, 10));
  CHECK(d.claims[0].value == tally::rational(tally::integer("20000000000000000000")));
  CHECK(d.claims[0].qualifier == tally::qualifier::exactly);  // the default
  CHECK(d.claims[1].value == 700);
  CHECK(*d.claims[1].tolerance == tally::rational(1, 20));
  CHECK(*d.claims[2].upper == tally::rational(5, 2));
}

TEST_CASE("a claim may speak of the sum of several quantities", "[parse]") {
  const auto parsed = tally::parse_claims(with_claim("").replace(with_claim("").find("\"killed\""), 8,
                                                                   "[\"killed.isis\", \"killed.civilians\"]"));
  REQUIRE(parsed.ok());
  CHECK(parsed.document->claims[0].quantities == std::vector<std::string>{"killed.isis", "killed.civilians"});
}

TEST_CASE("users' own data in an x object is kept, anywhere", "[parse]") {
  const auto parsed = tally::parse_claims(with_claim(R"(, "x": {"anything": [1, {"goes": 0.10}], "qualifer": 1})"));
  REQUIRE(parsed.ok());
  CHECK(parsed.document->claims[0].extra == R"({"anything":[1,{"goes":0.10}],"qualifer":1})");
}

TEST_CASE("unknown keys are errors with a suggestion and their own place", "[parse]") {
  const std::string text = with_claim(",\n \"qualifer\": \"about\"");
  const auto parsed = tally::parse_claims(text);
  REQUIRE(parsed.diagnostics.size() == 1);
  const auto& d = parsed.diagnostics[0];
  CHECK(d.code == "unknown-key");
  CHECK(d.path == "/claims/0/qualifer");
  CHECK(d.line == 3);
  CHECK(d.column == 2);
  CHECK(d.fix.find("did you mean \"qualifier\"?") != std::string::npos);
  CHECK_FALSE(parsed.document);
}

TEST_CASE("validation diagnostics point at the offending value", "[parse]") {
  const std::string text = "{\"format\": \"tally/1\", \"sources\": [{\"id\": \"sohr\"}],\n"
                           "\"claims\": [{\"id\": \"c1\", \"source\": \"sohrr\", \"quantity\": \"k\", \"value\": 1}]}";
  const auto parsed = tally::parse_claims(text);
  REQUIRE(parsed.diagnostics.size() == 1);
  const auto& d = parsed.diagnostics[0];
  CHECK(d.code == "dangling-reference");
  CHECK(d.path == "/claims/0/source");
  CHECK(d.line == 2);
  CHECK(d.column == static_cast<int>(text.find("\"sohrr\"") - text.find('\n')));
  CHECK(tally::to_string(d).find("(line 2, column ") != std::string::npos);
}

TEST_CASE("a missing key points at the record that lacks it", "[parse]") {
  const auto parsed = tally::parse_claims("{\"format\": \"tally/1\", \"sources\": [{\"id\": \"s\"}],\n"
                                          "\"claims\": [\n  {\"source\": \"s\", \"quantity\": \"k\"}]}");
  CHECK(codes(parsed) == std::vector<std::string>{"missing-key /claims/0/value", "missing-id /claims/0/id"});
  for (const auto& d : parsed.diagnostics) {
    CHECK(d.line == 3);
    CHECK(d.column == 3);
  }
}

TEST_CASE("wrong types are reported once, without knock-on diagnostics", "[parse]") {
  const auto parsed = tally::parse_claims(R"({"format": "tally/1", "sources": [{"id": "s", "reliability": "high"}],
    "claims": [{"id": "a", "source": "s", "quantity": 5, "qualifier": "between", "value": "200", "upper": 1e40},
               "not a claim"]})");
  CHECK(codes(parsed) == std::vector<std::string>{
                             "wrong-type /sources/0/reliability", "wrong-type /claims/0/quantity",
                             "wrong-type /claims/0/value", "number-too-large /claims/0/upper", "wrong-type /claims/1"});
}

TEST_CASE("an unknown qualifier suggests the right spelling", "[parse]") {
  const auto parsed = tally::parse_claims(with_claim("").replace(with_claim("").find("\"exactly\""), 9, "\"atleast\""));
  REQUIRE(codes(parsed) == std::vector<std::string>{"unknown-qualifier /claims/0/qualifier"});
  CHECK(parsed.diagnostics[0].fix.find("did you mean \"at_least\"?") != std::string::npos);
}

TEST_CASE("relations come in two shapes", "[parse]") {
  const auto parsed = tally::parse_claims(R"({"format": "tally/1", "sources": [{"id": "s"}],
    "relations": [{"subset": "a", "of": "b", "parts": ["c"]}, {"whole": "a", "parts": ["b"], "exhaustive": false}],
    "claims": [{"id": "c1", "source": "s", "quantity": "a", "value": 1}]})");
  REQUIRE(codes(parsed) == std::vector<std::string>{"unknown-key /relations/0/parts"});
  CHECK(parsed.diagnostics[0].fix.find("either") != std::string::npos);
}

TEST_CASE("timestamps must be real dates", "[parse]") {
  const auto parsed = tally::parse_claims(with_claim(R"(, "as_of": "2022-02-30")"));
  REQUIRE(codes(parsed) == std::vector<std::string>{"invalid-timestamp /claims/0/as_of"});
  CHECK(parsed.diagnostics[0].message.find("\"2022-02-30\"") != std::string::npos);
}

TEST_CASE("repeated keys are reported", "[parse]") {
  const auto parsed = tally::parse_claims(with_claim(R"(, "value": 182)"));
  CHECK(codes(parsed) == std::vector<std::string>{"duplicate-key /claims/0/value"});
}

TEST_CASE("a document with many mistakes reports all of them, in document order", "[parse]") {
  const auto parsed = tally::parse_claims(R"({"format": "tally/2", "colour": "red",
    "event": {"start": "2022-01-26", "end": "2022-01-20"},
    "quantities": [{"id": "killed..isis"}],
    "relations": [{"whole": "killed", "parts": ["killed"]}],
    "sources": [{"id": "sohr", "reliability": 1.5}, {"id": "sohr"}],
    "claims": [{"id": "a", "source": "sohrr", "quantity": "killed", "qualifier": "exactly", "value": 180.5},
               {"id": "a", "source": "sohr", "quantity": "killed", "qualifier": "between", "value": 9, "upper": 3},
               {"id": "b", "source": "sohr", "quantity": "killed", "qualifier": "at_least", "value": -1, "weight": 0}]})");
  CHECK(codes(parsed) == std::vector<std::string>{
                             "unsupported-format /format",
                             "unknown-key /colour",
                             "end-before-start /event/end",
                             "invalid-id /quantities/0/id",
                             "whole-among-parts /relations/0/parts/0",
                             "reliability-out-of-range /sources/0/reliability",
                             "duplicate-id /sources/1/id",
                             "dangling-reference /claims/0/source",
                             "fractional-exactly /claims/0/value",
                             "duplicate-id /claims/1/id",
                             "inverted-range /claims/1/upper",
                             "negative-value /claims/2/value",
                             "weight-out-of-range /claims/2/weight",
                         });
  for (const auto& d : parsed.diagnostics) {
    CHECK(d.line > 0);
    CHECK(d.column > 0);
  }
}

TEST_CASE("the top level must be an object", "[parse]") {
  for (const char* text : {"[]", "\"tally/1\"", "42", "null"}) {
    const auto parsed = tally::parse_claims(text);
    REQUIRE(codes(parsed) == std::vector<std::string>{"wrong-type "});
    CHECK(parsed.diagnostics[0].line == 1);
  }
}

TEST_CASE("syntax problems carry line and column", "[parse]") {
  const auto parsed = tally::parse_claims("{\n  \"format\": \"tally/1\",\n  \"claims\": [1,]\n}");
  REQUIRE(parsed.diagnostics.size() == 1);
  CHECK(parsed.diagnostics[0].code == "syntax");
  CHECK(parsed.diagnostics[0].line == 3);
  CHECK(parsed.diagnostics[0].column == 16);
}

TEST_CASE("an unreadable file is an io diagnostic, not an exception", "[parse]") {
  const auto missing = tally::parse_claims_file("no/such/file.json");
  REQUIRE(codes(missing) == std::vector<std::string>{"io "});
  CHECK(missing.diagnostics[0].message.find("no/such/file.json") != std::string::npos);
  CHECK(codes(tally::parse_claims_file(TALLY_SOURCE_DIR)) == std::vector<std::string>{"io "});
}

TEST_CASE("a key repeated inside x is reported where it is, by both readers", "[parse]") {
  const auto parsed = tally::parse_claims(with_claim(R"(, "x": {"row": 1, "deep": [{"a": 1, "b": 2, "a": 3}]})"));
  CHECK(codes(parsed) == std::vector<std::string>{"duplicate-key /claims/0/x/deep/0/a"});
  std::string many_keys = R"(, "x": {)";
  for (int k = 0; k < 40; ++k) many_keys += "\"k" + std::to_string(k) + "\": 1, ";
  CHECK(codes(tally::parse_claims(with_claim(many_keys + R"("k39": 2})"))) ==
        std::vector<std::string>{"duplicate-key /claims/0/x/k39"});
  CHECK(tally::parse_claims(with_claim(many_keys + R"("k40": 2})")).ok());
  CHECK(tally::parse_claims(with_claim(R"(, "x": {"a": {"b": 1}, "b": {"a": 1}})")).ok());
}

TEST_CASE("a NUL byte after the document is a syntax error", "[parse]") {
  std::string text = with_claim("");
  CHECK(tally::parse_claims(text).ok());
  text.push_back('\0');
  CHECK(codes(tally::parse_claims(text)) == std::vector<std::string>{"syntax "});
}

TEST_CASE("a document past a limit gets one diagnostic naming it", "[parse][limits]") {
  tally::limits caps;
  caps.max_input_bytes = 50;
  const auto too_large = tally::parse_claims(with_claim(""), caps);
  REQUIRE(codes(too_large) == std::vector<std::string>{"input-too-large "});
  CHECK(too_large.diagnostics[0].message.find("50 bytes (max_input_bytes)") != std::string::npos);
  CHECK(too_large.diagnostics[0].fix.find("--max-input-bytes") != std::string::npos);

  const auto claim_on = [](const std::string& quantity) {
    return R"({"format": "tally/1", "sources": [{"id": "sohr"}],
  "claims": [{"id": "c1", "source": "sohr", "quantity": ")" + quantity + R"(", "qualifier": "exactly", "value": 181}]})";
  };
  std::string deep = "killed";
  for (int k = 0; k < 200; ++k) deep += ".a";
  const std::string claim_on_deep = claim_on(deep);
  CHECK(codes(tally::parse_claims(claim_on_deep)) == std::vector<std::string>{"id-too-deep /claims/0/quantity"});
  caps = {};
  caps.max_id_depth = 201;
  CHECK(tally::parse_claims(claim_on_deep, caps).ok());
  caps.max_id_length = 100;
  CHECK(codes(tally::parse_claims(claim_on_deep, caps)) == std::vector<std::string>{"id-too-long /claims/0/quantity"});

  caps = {};
  caps.max_claims = 0;
  CHECK(codes(tally::parse_claims(with_claim(""), caps)) == std::vector<std::string>{"too-many-claims /claims"});
  caps = {};
  caps.max_quantities = 1;  // killed.isis and killed
  CHECK(codes(tally::parse_claims(claim_on("killed.isis"), caps)) ==
        std::vector<std::string>{"too-many-quantities /quantities"});
  caps.max_quantities = 2;
  CHECK(tally::parse_claims(claim_on("killed.isis"), caps).ok());
  caps = {};
  caps.max_time_points = 1;
  CHECK(tally::parse_claims(with_claim(R"(, "as_of": "2022-01-20")"), caps).ok());
  const std::string two_points = R"({"format": "tally/1", "sources": [{"id": "s"}], "claims": [
    {"id": "a", "source": "s", "quantity": "k", "qualifier": "exactly", "value": 1, "as_of": "2022-01-20"},
    {"id": "b", "source": "s", "quantity": "k", "qualifier": "exactly", "value": 2}]})";
  CHECK(codes(tally::parse_claims(two_points, caps)) == std::vector<std::string>{"too-many-time-points /claims"});
}

TEST_CASE("numbers are exact up to max_value_digits, by both readers", "[parse][limits]") {
  const std::string big = with_claim("").replace(with_claim("").find("181"), 3, "1" + std::string(39, '0') + "7");
  const auto refused = tally::parse_claims(big);
  REQUIRE(codes(refused) == std::vector<std::string>{"number-too-large /claims/0/value"});
  CHECK(refused.diagnostics[0].message.find("is too large: a figure must be below 10^30 (max_value_digits)") != std::string::npos);
  CHECK(refused.diagnostics[0].fix.find("--max-value-digits") != std::string::npos);
  tally::limits caps;
  caps.max_value_digits = 41;
  const auto taken = tally::parse_claims(big, caps);
  REQUIRE(taken.ok());
  CHECK(tally::to_exact_string(taken.document->claims[0].value) == "1" + std::string(39, '0') + "7");
  CHECK(codes(tally::detail::parse_claims_exact(big, caps)).empty());
  caps.max_value_digits = 40;
  CHECK(codes(tally::parse_claims(big, caps)) == std::vector<std::string>{"number-too-large /claims/0/value"});
}

TEST_CASE("a file is read no further than the size limit", "[parse][limits]") {
  tally::limits caps;
  caps.max_input_bytes = 1000;
  const auto zero = tally::parse_claims_file("/dev/zero", caps);
  REQUIRE(codes(zero) == std::vector<std::string>{"input-too-large "});
  CHECK(zero.diagnostics[0].message.find("File /dev/zero is larger than the limit of 1,000 bytes") == 0);
  CHECK(tally::parse_claims_file(TALLY_SOURCE_DIR "/examples/hasakah/claims.json").ok());
  caps.max_input_bytes = 100;
  CHECK(codes(tally::parse_claims_file(TALLY_SOURCE_DIR "/examples/hasakah/claims.json", caps)) ==
        std::vector<std::string>{"input-too-large "});
}

TEST_CASE("a special file that fails to read is an io diagnostic", "[parse]") {
  const auto failed = tally::parse_claims_file("/proc/self/mem");
  REQUIRE(codes(failed) == std::vector<std::string>{"io "});
  CHECK(failed.diagnostics[0].message.find("Input/output error") != std::string::npos);
}
