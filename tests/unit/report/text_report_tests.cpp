#include "report/text_layout.hpp"
#include "report_fixtures.hpp"

#include <tally/report.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

using namespace report_fixtures;
using tally::detail::display_width;

namespace {

std::string text_of(const example& e) { return tally::render_report(e.result, e.document, tally::report_format::text); }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The first line that contains every one of `needles`; "" when none does.
std::string line_with(const std::string& text, std::initializer_list<std::string> needles) {
  for (const std::string& line : lines_of(text))
    if (std::all_of(needles.begin(), needles.end(), [&](const std::string& n) { return line.find(n) != std::string::npos; }))
      return line;
  return "";
}

// The display column just after the last `cell` on `line`.
std::size_t column_after(const std::string& line, const std::string& cell) {
  const std::size_t at = line.rfind(cell);
  REQUIRE(at != std::string::npos);
  return display_width(line.substr(0, at + cell.size()));
}

// The display column where `cell` starts on `line`.
std::size_t column_of(const std::string& line, const std::string& cell) {
  const std::size_t at = line.find(cell);
  REQUIRE(at != std::string::npos);
  return display_width(line.substr(0, at));
}

}  // namespace

TEST_CASE("the text report opens with the event and the verdict", "[report]") {
  const std::vector<std::string> lines = lines_of(text_of(hasakah()));
  REQUIRE(lines.size() > 2);
  CHECK(lines[0] == "Attack on al-Sina'a prison, Hasakah (hasakah-prison-2022)");
  CHECK(lines[1] == "The figures do not tally: 2 conflicts.");
  CHECK(lines_of(text_of(hasakah_consistent()))[1] == "The figures tally.");
  CHECK(lines_of(text_of(invalid()))[0] == "broken");
  CHECK(lines_of(text_of(invalid()))[1] == "Invalid document: 2 problems.");
}

TEST_CASE("the text report numbers each conflict with its claims, gap and explanation", "[report]") {
  const std::string text = text_of(hasakah());
  CHECK(text.find("Conflict 1: 76 apart\n") != std::string::npos);
  CHECK(text.find("Conflict 2: 19 apart\n") != std::string::npos);
  const std::string inmates = line_with(text, {"officials-inmates", "Kurdish officials", "killed.isis.inmates ≥ 200"});
  const std::string isis = line_with(text, {"sohr-isis", "Syrian Observatory for Human Rights", "killed.isis = 124"});
  REQUIRE(!inmates.empty());
  REQUIRE(!isis.empty());
  CHECK(column_of(inmates, "killed.isis.inmates") == column_of(isis, "killed.isis = 124"));
  CHECK(text.find("  officials: killed.isis.inmates ≥ 200; killed.isis.inmates ≤ killed.isis (a\n"
                  "  part); SOHR: killed.isis = 124 ⇒ 200 ≤ 124, 76 apart.\n") != std::string::npos);
  CHECK(text.find("Conflict 1") < text.find("Conflict 2"));
}

TEST_CASE("the text report marks the adopted correction", "[report]") {
  const std::string text = text_of(hasakah());
  const std::string first = line_with(text, {"1.", "officials-inmates", "0.5"});
  const std::string second = line_with(text, {"2.", "sohr-isis and sohr-total", "1.6"});
  REQUIRE(!first.empty());
  REQUIRE(!second.empty());
  CHECK(first.ends_with("adopted"));
  CHECK(second.find("adopted") == std::string::npos);
  CHECK(column_after(first, "0.5") == column_after(second, "1.6"));
}

TEST_CASE("the text report aligns the ranges, UTF-8 labels included", "[report]") {
  example e = hasakah();
  e.document.quantities[0].label = "المحتجزون في السجن";  // wider in bytes than in columns
  e.document.quantities.push_back({"killed.civilians", "civils tués à Ghwayran", true, ""});
  const std::string text = text_of(e);
  CHECK(text.find("Ranges after dropping officials-inmates (the adopted correction)") != std::string::npos);
  CHECK(text.find("Final figures") != std::string::npos);
  const std::string header = line_with(text, {"quantity", "range", "estimate", "label"});
  const std::string held = line_with(text, {"inmates", "3150–3500", "3500", "المحتجزون في السجن"});
  const std::string civilians = line_with(text, {"killed.civilians", "7", "civils tués à Ghwayran"});
  const std::string killed = line_with(text, {"  killed  ", "181"});
  const std::string inmates_killed = line_with(text, {"killed.isis.inmates", "0–124"});
  const std::string attackers = line_with(text, {"attackers", "≥ 101"});
  for (const std::string& line : {header, held, civilians, killed, inmates_killed, attackers}) REQUIRE(!line.empty());
  // Right-aligned ranges and estimates; an exact value shows no estimate.
  const std::size_t range_end = column_after(header, "range");
  CHECK(column_after(held, "3150–3500") == range_end);
  CHECK(column_after(killed, "181") == range_end);
  CHECK(column_after(inmates_killed, "0–124") == range_end);
  CHECK(column_after(attackers, "≥ 101") == range_end);
  CHECK(display_width(killed) == range_end);
  const std::size_t estimate_end = column_after(header, "estimate");
  CHECK(column_after(held, "3500") == estimate_end);
  // a count without an estimate leaves the column blank, and the note after the table says why
  CHECK(display_width(attackers) == range_end);
  CHECK(text.find("No estimate for attackers: no claim in force gives a figure for it") != std::string::npos);
  // Left-aligned labels, last, whatever the bytes of what precedes them.
  CHECK(column_of(held, "المحتجزون") == column_of(header, "label"));
  CHECK(column_of(civilians, "civils") == column_of(header, "label"));
  CHECK(column_of(inmates_killed, "inmates killed") == column_of(header, "label"));
}

TEST_CASE("the text report indents quantities by their depth in the tree", "[report]") {
  const std::string text = text_of(hasakah());
  CHECK(text.find("\n  killed  ") != std::string::npos);
  CHECK(text.find("\n    killed.isis  ") != std::string::npos);
  CHECK(text.find("\n      killed.isis.inmates  ") != std::string::npos);
}

TEST_CASE("the text report shows an unbounded range as at least its minimum", "[report]") {
  example e = hasakah_consistent();
  e.result.ranges = {make_range("missing", 12, std::nullopt, std::nullopt),
                     make_range("missing.children", 0, std::nullopt, std::nullopt)};
  const std::string text = text_of(e);
  CHECK(line_with(text, {"missing", "≥ 12"}) != "");
  CHECK(line_with(text, {"missing.children", "≥ 0"}) != "");
  CHECK(text.find("estimate") == std::string::npos);
}

TEST_CASE("the text report gives one table per time point", "[report]") {
  example e = hasakah_consistent();
  e.result.time_points = {dated(2022, 1, 24), final_point()};
  e.result.ranges = {make_range("killed", 100, 150, 120, dated(2022, 1, 24)), make_range("killed", 181, 181, 181)};
  const std::string text = text_of(e);
  CHECK(text.find("Ranges with every claim in force") != std::string::npos);
  REQUIRE(text.find("As of 2022-01-24") != std::string::npos);
  CHECK(text.find("As of 2022-01-24") < text.find("100–150"));
  CHECK(text.find("100–150") < text.find("Final figures"));
  CHECK(text.find("Final figures") < text.find("181"));
}

TEST_CASE("the text report lists every claim with its fate", "[report]") {
  const std::string text = text_of(hasakah());
  const std::string header = line_with(text, {"claim", "constraint", "weight", "fate", "conflicts"});
  const std::string inmates = line_with(text, {"officials-inmates", "killed.isis.inmates ≥ 200", "0.5", "dropped"});
  const std::string isis = line_with(text, {"sohr-isis", "killed.isis = 124", "0.8", "in force"});
  const std::string boys = line_with(text, {"report-boys", "630 ≤ inmates.boys ≤ 770", "0.5"});
  for (const std::string& line : {header, inmates, isis, boys}) REQUIRE(!line.empty());
  CHECK(inmates.ends_with("dropped   1, 2"));
  CHECK(isis.ends_with("in force  1"));
  CHECK(boys.ends_with("0.5  in force"));
  CHECK(column_of(inmates, "dropped") == column_of(header, "fate"));
  CHECK(display_width(isis) - 1 == column_of(header, "conflicts"));
  CHECK(text.find("\n      Kurdish officials: “200 على الأقل من نزلاء السجن” (ar)\n"
                  "      https://example.org/hasakah\n") != std::string::npos);
  CHECK(text.find("\n      Syrian Observatory for Human Rights\n      Note: latest SOHR toll\n") != std::string::npos);
}

TEST_CASE("the text report of a consistent result shows no conflicts column", "[report]") {
  const std::string text = text_of(hasakah_consistent());
  CHECK(text.find("Conflict") == std::string::npos);
  CHECK(text.find("Corrections") == std::string::npos);
  CHECK(line_with(text, {"claim", "constraint", "weight", "fate"}).ends_with("fate"));
}

TEST_CASE("the text report ends with the note on ranges and estimates", "[report]") {
  const std::string text = text_of(hasakah());
  CHECK(text.find("Ranges are exact") != std::string::npos);
  std::string one_line = text;
  std::replace(one_line.begin(), one_line.end(), '\n', ' ');
  CHECK(one_line.find("An estimate is the one value a count takes in every closest fit") != std::string::npos);
  CHECK(text.back() == '\n');
  CHECK(text_of(invalid()).find("Ranges are exact") == std::string::npos);
}

TEST_CASE("the text report warns when enumeration was capped", "[report]") {
  example e = hasakah();
  CHECK(text_of(e).find("Incomplete") == std::string::npos);
  e.result.complete = false;
  e.result.conflicts.pop_back();  // the cap kept only the first conflict
  const std::string text = text_of(e);
  CHECK(lines_of(text)[1] == "The figures do not tally: 1 conflict.");
  CHECK(lines_of(text)[2].starts_with("Incomplete: enumeration stopped at its cap"));
  CHECK(line_with(text, {"sohr-total", "killed = 181", "in force"}).ends_with("in force  yes"));
}

TEST_CASE("the text report shows a range at a time point the result does not list", "[report]") {
  example e = hasakah_consistent();
  e.result.ranges.push_back(make_range("killed", 90, 90, 90, dated(2022, 1, 22)));
  const std::string text = text_of(e);
  REQUIRE(text.find("As of 2022-01-22") != std::string::npos);
  CHECK(text.find("Final figures") < text.find("As of 2022-01-22"));
  CHECK(text.find("As of 2022-01-22") < text.find("  killed  ", text.find("As of 2022-01-22")));
}

TEST_CASE("the text report of an invalid document lists its problems", "[report]") {
  const std::string text = text_of(invalid());
  CHECK(text.find("/claims/3/source (line 41, column 17): claim \"sohr-isis\" names source \"sohrr\", which is not "
                  "declared. Fix: declare it under") != std::string::npos);
  CHECK(text.find("/claims/0/qualifer (line 12, column 5)") != std::string::npos);
  CHECK(text.find("Conflict") == std::string::npos);
  CHECK(text.find("Claims") == std::string::npos);
}

TEST_CASE("the text report prints no control characters from the document", "[report]") {
  example e = hasakah();
  e.document.claims[0].quote = "red \x1b[31malert\x1b[0m\nnext line";
  e.document.sources[0].name = "officials\ttab";
  const std::string text = text_of(e);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\t') == std::string::npos);
  CHECK(text.find("officials tab: “red �[31malert�[0m next line”") != std::string::npos);
}

TEST_CASE("the text report is deterministic and keeps big integers exact", "[report]") {
  example e = hasakah();
  const tally::integer huge("123456789012345678901234567890");
  e.result.ranges.push_back(make_range("killed.unknown", 0, huge, std::nullopt));
  e.result.conflicts[0].gap = huge;
  const std::string text = text_of(e);
  CHECK(text == text_of(e));
  CHECK(text.find("0–123456789012345678901234567890") != std::string::npos);
  CHECK(text.find("Conflict 1: 123456789012345678901234567890 apart") != std::string::npos);
}

TEST_CASE("the text report shows fractional weights exactly", "[report]") {
  example e = hasakah();
  e.result.corrections[0].weight = tally::rational(1, 3);
  e.result.adopted = report_fixtures::proven(e.result.corrections[0], 2);
  CHECK(line_with(text_of(e), {"1.", "officials-inmates", "1/3", "adopted"}) != "");
}

TEST_CASE("diagnostics alone render as lines and a count", "[report]") {
  const auto text = tally::render_diagnostics(invalid().result.diagnostics, tally::report_format::text);
  const std::vector<std::string> lines = lines_of(text);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == tally::to_string(invalid().result.diagnostics[0]));
  CHECK(lines[1].starts_with("/claims/0/qualifer (line 12, column 5): claim \"officials-inmates\""));
  CHECK(lines[2] == "2 problems");
  CHECK(tally::render_diagnostics({invalid().result.diagnostics[0]}, tally::report_format::text).ends_with("\n1 problem\n"));
}

TEST_CASE("independent disputes are listed one by one, with the proof of the adopted correction", "[report]") {
  example e = hasakah();
  tally::dispute first{{"officials-inmates", "sohr-isis"}, {{{"officials-inmates"}, {1, 2}}, {{"sohr-isis"}, {4, 5}}},
                       {{"officials-inmates"}, {1, 2}}, true};
  tally::dispute second{{"report-boys", "report-held"}, {{{"report-boys"}, {3, 5}}, {{"report-held"}, {3, 5}}},
                        {{"report-boys"}, {3, 5}}, true};
  e.result.disputes = {first, second};
  e.result.adopted->tie = true;
  const std::string text = text_of(e);
  CHECK(text.find("Corrections: 2 independent disputes; drop the claims of one correction from each") !=
        std::string::npos);
  CHECK(line_with(text, {"Dispute 2", "report-boys and report-held"}) != "");
  CHECK(line_with(text, {"1.", "report-boys", "0.6", "adopted"}) != "");
  CHECK(text.find("is the cheapest correction, proven") != std::string::npos);
  CHECK(text.find("Another correction weighs the same") != std::string::npos);
}
