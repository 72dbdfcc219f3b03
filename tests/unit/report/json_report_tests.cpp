#include "report_fixtures.hpp"

#include "report/forms.hpp"

#include <tally/error.hpp>
#include <tally/report.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <iterator>
#include <random>
#include <string>
#include <vector>

using namespace report_fixtures;
using nlohmann::ordered_json;

namespace {

std::string json_of(const example& e) { return tally::render_report(e.result, e.document, tally::report_format::json); }

std::vector<std::string> keys_of(const ordered_json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

}  // namespace

TEST_CASE("the JSON report is one compact line without a trailing newline", "[report]") {
  const std::string text = json_of(hasakah());
  CHECK(text.find('\n') == std::string::npos);
  // Byte for byte what a compact JSON writer makes of the same values.
  CHECK(ordered_json::parse(text).dump(-1, ' ', false) == text);
}

TEST_CASE("the JSON report is deterministic", "[report]") {
  const example e = hasakah();
  CHECK(json_of(e) == json_of(e));
  CHECK(json_of(e) == json_of(hasakah()));
}

TEST_CASE("the JSON report keeps the contract's key order", "[report]") {
  const ordered_json j = ordered_json::parse(json_of(hasakah()));
  CHECK(keys_of(j) == std::vector<std::string>{"format", "status", "complete", "time_points", "ranges", "conflicts",
                                               "corrections", "adopted", "disputes", "claims", "diagnostics", "statistics"});
  CHECK(keys_of(j["ranges"][0]) == std::vector<std::string>{"quantity", "as_of", "min", "max", "estimate", "no_estimate"});
  CHECK(keys_of(j["conflicts"][0]) == std::vector<std::string>{"claims", "gap", "explanation", "steps"});
  CHECK(keys_of(j["corrections"][0]) == std::vector<std::string>{"drop", "weight"});
  CHECK(keys_of(j["adopted"]) ==
        std::vector<std::string>{"drop", "weight", "optimal", "lower_bound", "tie", "proof_conflicts"});
  CHECK(keys_of(j["claims"][1]) == std::vector<std::string>{"id", "source", "quantity", "as_of", "min", "max", "weight",
                                                            "in_force", "in_conflict", "constraint"});
  CHECK(keys_of(j["claims"][0]) ==
        std::vector<std::string>{"id", "source", "quantity", "as_of", "min", "max", "weight", "in_force",
                                 "in_conflict", "constraint", "quote", "url", "language"});
  CHECK(keys_of(j["statistics"]) == std::vector<std::string>{"variables", "constraints", "components",
                                                             "exact_components", "lp_solves", "pivots",
                                                             "branch_nodes", "feasibility_checks"});
}

TEST_CASE("the JSON report carries the Hasakah reconciliation", "[report]") {
  const std::string text = json_of(hasakah());
  const ordered_json j = ordered_json::parse(text);
  CHECK(j["format"] == "tally-result/1");
  CHECK(j["status"] == "conflicting");
  CHECK(j["complete"] == true);
  CHECK(j["time_points"] == ordered_json::array({"final"}));

  CHECK(text.find(R"({"quantity":"killed","as_of":null,"min":181,"max":181,"estimate":181,"no_estimate":null})") != std::string::npos);
  CHECK(text.find(R"({"quantity":"killed.isis.inmates","as_of":null,"min":0,"max":124,"estimate":null,"no_estimate":"tie"})") !=
        std::string::npos);
  CHECK(text.find(R"({"quantity":"attackers","as_of":null,"min":101,"max":null,"estimate":null,"no_estimate":"no-figure"})") !=
        std::string::npos);

  REQUIRE(j["conflicts"].size() == 2);
  CHECK(j["conflicts"][0]["claims"] == ordered_json::array({"officials-inmates", "sohr-isis"}));
  CHECK(j["conflicts"][0]["gap"] == 76);
  CHECK(j["conflicts"][1]["gap"] == 19);
  CHECK(j["conflicts"][0]["steps"].size() == 4);
  CHECK(j["conflicts"][0]["explanation"].get<std::string>().find("200 ≤ 124, 76 apart") != std::string::npos);

  CHECK(text.find(R"("corrections":[{"drop":["officials-inmates"],"weight":"0.5"},)"
                  R"({"drop":["sohr-isis","sohr-total"],"weight":"1.6"}])") != std::string::npos);
  CHECK(text.find(R"("adopted":{"drop":["officials-inmates"],"weight":"0.5","optimal":true,"lower_bound":"0.5","tie":false,"proof_conflicts":2})") != std::string::npos);

  REQUIRE(j["claims"].size() == 9);
  CHECK(j["claims"][0]["id"] == "officials-inmates");
  CHECK(j["claims"][0]["in_force"] == false);
  CHECK(j["claims"][0]["in_conflict"] == true);
  CHECK(j["claims"][0]["max"].is_null());
  CHECK(j["claims"][0]["as_of"].is_null());
  CHECK(j["claims"][0]["quantity"] == ordered_json::array({"killed.isis.inmates"}));
  CHECK(j["claims"][0]["constraint"] == "killed.isis.inmates ≥ 200");
  CHECK(j["claims"][2]["weight"] == "0.8");
  CHECK(j["claims"][2]["note"] == "latest SOHR toll");
  CHECK(j["claims"][8]["min"] == 630);
  CHECK(j["claims"][8]["max"] == 770);
  CHECK(j["claims"][8]["in_force"] == true);
  CHECK(j["diagnostics"].empty());
  CHECK(j["statistics"]["feasibility_checks"] == 12);
}

TEST_CASE("the JSON report keeps UTF-8 as it is, Arabic included", "[report]") {
  const std::string text = json_of(hasakah());
  CHECK(text.find(R"("quote":"200 على الأقل من نزلاء السجن")") != std::string::npos);
  CHECK(text.find("\\u") == std::string::npos);
  CHECK(ordered_json::parse(text)["claims"][0]["quote"] == "200 على الأقل من نزلاء السجن");
}

TEST_CASE("the JSON report escapes quotes, backslashes and control characters", "[report]") {
  example e = hasakah();
  const std::string nasty = "said \"200\"\\ \n\t\x01\x1f end";
  e.document.claims[0].quote = nasty;
  e.result.conflicts[0].explanation = "a \"quoted\" step\n";
  const std::string text = json_of(e);
  CHECK(text.find('\n') == std::string::npos);
  CHECK(text.find(R"("quote":"said \"200\"\\ \n\t\u0001\u001f end")") != std::string::npos);
  const ordered_json j = ordered_json::parse(text);
  CHECK(j["claims"][0]["quote"] == nasty);
  CHECK(j["conflicts"][0]["explanation"] == "a \"quoted\" step\n");
}

TEST_CASE("the JSON report replaces invalid UTF-8 instead of failing", "[report]") {
  example e = hasakah();
  e.document.claims[0].note = "bad \xff byte";
  const std::string text = json_of(e);
  CHECK(ordered_json::parse(text)["claims"][0]["note"] == "bad \xEF\xBF\xBD byte");
}

TEST_CASE("the JSON report writes integers beyond 64 bits digit for digit", "[report]") {
  example e = hasakah();
  const tally::integer huge("123456789012345678901234567890");
  e.result.ranges = {make_range("killed", huge, huge + 1, huge)};
  e.result.conflicts[0].gap = huge;
  e.result.claims[1].lower = huge;
  const std::string text = json_of(e);
  CHECK(text.find(R"({"quantity":"killed","as_of":null,"min":123456789012345678901234567890,)"
                  R"("max":123456789012345678901234567891,"estimate":123456789012345678901234567890,"no_estimate":null})") !=
        std::string::npos);
  CHECK(text.find(R"("gap":123456789012345678901234567890,)") != std::string::npos);
  CHECK(text.find(R"("min":123456789012345678901234567890,"max":30,)") != std::string::npos);
  CHECK_NOTHROW(ordered_json::parse(text));
}

TEST_CASE("the JSON report writes weights as exact decimals or fractions", "[report]") {
  example e = hasakah();
  e.result.corrections = {{{"officials-inmates"}, {1, 3}}, {{"sohr-isis", "sohr-total"}, {8, 5}}};
  e.result.adopted = report_fixtures::proven(e.result.corrections.front(), 2);
  e.result.claims[0].weight = tally::rational(1, 3);
  const std::string text = json_of(e);
  CHECK(text.find(R"("adopted":{"drop":["officials-inmates"],"weight":"1/3","optimal":true,"lower_bound":"1/3","tie":false,"proof_conflicts":2})") != std::string::npos);
  CHECK(text.find(R"("weight":"1/3","in_force":false)") != std::string::npos);
}

TEST_CASE("the JSON report labels dated time points and leaves final null", "[report]") {
  example e = hasakah();
  e.result.time_points = {dated(2022, 1, 24), final_point()};
  e.result.ranges = {make_range("killed", 100, 150, 120, dated(2022, 1, 24)), make_range("killed", 181, 181, 181)};
  e.result.claims[2].time = dated(2022, 1, 24);
  const ordered_json j = ordered_json::parse(json_of(e));
  CHECK(j["time_points"] == ordered_json::array({"2022-01-24", "final"}));
  CHECK(j["ranges"][0]["as_of"] == "2022-01-24");
  CHECK(j["ranges"][1]["as_of"].is_null());
  CHECK(j["claims"][2]["as_of"] == "2022-01-24");
}

TEST_CASE("the JSON report of a consistent result has no adopted correction", "[report]") {
  const ordered_json j = ordered_json::parse(json_of(hasakah_consistent()));
  CHECK(j["status"] == "consistent");
  CHECK(j["adopted"].is_null());
  CHECK(j["conflicts"].empty());
  CHECK(j["corrections"].empty());
}

TEST_CASE("the JSON report of an invalid document lists its diagnostics", "[report]") {
  const std::string text = json_of(invalid());
  const ordered_json j = ordered_json::parse(text);
  CHECK(j["status"] == "invalid");
  CHECK(j["ranges"].empty());
  CHECK(j["claims"].empty());
  REQUIRE(j["diagnostics"].size() == 2);
  CHECK(keys_of(j["diagnostics"][0]) == std::vector<std::string>{"code", "path", "line", "column", "message", "fix"});
  CHECK(text.find(R"({"code":"dangling-reference","path":"/claims/3/source","line":41,"column":17,)") !=
        std::string::npos);
}

TEST_CASE("the JSON report says when enumeration was capped", "[report]") {
  example e = hasakah();
  e.result.complete = false;
  CHECK(json_of(e).find(R"("status":"conflicting","complete":false,)") != std::string::npos);
}

TEST_CASE("diagnostics alone render as one JSON line", "[report]") {
  const std::string text = tally::render_diagnostics(invalid().result.diagnostics, tally::report_format::json);
  CHECK(text.find('\n') == std::string::npos);
  const ordered_json j = ordered_json::parse(text);
  CHECK(keys_of(j) == std::vector<std::string>{"status", "diagnostics"});
  CHECK(j["status"] == "invalid");
  CHECK(j["diagnostics"][1]["code"] == "unknown-key");
  CHECK(tally::render_diagnostics({}, tally::report_format::json) == R"({"status":"valid","diagnostics":[]})");
}

TEST_CASE("report formats are parsed by name", "[report]") {
  CHECK(tally::report_format_from_string("text") == tally::report_format::text);
  CHECK(tally::report_format_from_string("markdown") == tally::report_format::markdown);
  CHECK(tally::report_format_from_string("json") == tally::report_format::json);
  CHECK_THROWS_AS(tally::report_format_from_string("html"), tally::error);
  CHECK_THROWS_AS(tally::report_format_from_string("JSON"), tally::error);
  CHECK_THROWS_AS(tally::report_format_from_string(""), tally::error);
}

TEST_CASE("json_string writes every string as nlohmann does, plain ones without it", "[report]") {
  std::mt19937_64 random(2026);
  const std::string alphabet[] = {"a", "Z", " ", "\"", "\\", "\n", "\x01", "\x1f", "\x7f", "é", "قتيلاً", "😀",
                                  "\xff", "\xc3", "\xed\xa0\x80", "/", "\t"};
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 12);
    for (int k = 0; k < length; ++k) text += alphabet[random() % std::size(alphabet)];
    const std::string expected =
        nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    INFO("text: " << nlohmann::json(text).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
    REQUIRE(tally::detail::json_string(text) == expected);
  }
}
