#include "report_fixtures.hpp"

#include <tally/report.hpp>

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

using namespace report_fixtures;

namespace {

std::string markdown_of(const example& e) {
  return tally::render_report(e.result, e.document, tally::report_format::markdown);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Cell separators of a pipe-table row: '|' not escaped by a backslash.
std::size_t unescaped_pipes(const std::string& row) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < row.size(); ++i)
    if (row[i] == '|' && (i == 0 || row[i - 1] != '\\')) ++count;
  return count;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the markdown report has a heading per section", "[report]") {
  const std::string md = markdown_of(hasakah());
  const std::vector<std::string> lines = lines_of(md);
  REQUIRE(lines.size() > 3);
  CHECK(lines[0] == "# Attack on al-Sina'a prison, Hasakah (hasakah-prison-2022)");
  CHECK(lines[2] == "**The figures do not tally: 2 conflicts.**");
  for (const char* heading :
       {"\n## Conflicts\n", "\n### Conflict 1: 76 apart\n", "\n### Conflict 2: 19 apart\n", "\n## Corrections\n",
        "\n## Ranges after dropping officials-inmates (the adopted correction)\n", "\n### Final figures\n",
        "\n## Claims\n", "\n### What the sources said\n"})
    CHECK(contains(md, heading));
  CHECK(md.back() == '\n');
}

TEST_CASE("the markdown report lists each conflict's claims and explanation", "[report]") {
  const std::string md = markdown_of(hasakah());
  CHECK(contains(md, "- `officials-inmates` (Kurdish officials): `killed.isis.inmates ≥ 200`\n"
                     "- `sohr-isis` (Syrian Observatory for Human Rights): `killed.isis = 124`\n\n"
                     "officials: killed.isis.inmates ≥ 200; killed.isis.inmates ≤ killed.isis (a part); SOHR: "
                     "killed.isis = 124 ⇒ 200 ≤ 124, 76 apart.\n"));
}

TEST_CASE("the markdown report puts corrections, ranges and claims in pipe tables", "[report]") {
  const std::string md = markdown_of(hasakah());
  CHECK(contains(md, "| # | drop | weight |  |\n|--:|---|--:|---|\n"
                     "| 1 | `officials-inmates` | 0.5 | **adopted** |\n"
                     "| 2 | `sohr-isis` and `sohr-total` | 1.6 |  |\n"));
  CHECK(contains(md, "| quantity | label | range | estimate |\n|---|---|--:|--:|\n"
                     "| `attackers` |  | ≥ 101 |  |\n"
                     "| `inmates` | ISIS members held in the prison | 3150–3500 | 3500 |\n"));
  CHECK(contains(md, "| `killed` |  | 181 |  |\n"));
  CHECK(contains(md, "| `killed.isis.inmates` | inmates killed | 0–124 |  |\n"));
  CHECK(contains(md, "\nNo estimate for attackers: no claim in force gives a figure for it or for a count tied to "
                     "it.\n"));
  CHECK(contains(md, "\nNo estimate for killed.isis.inmates: the figures stated in force fit equally well with more "
                     "than one value of it.\n"));
  CHECK(contains(md, "| claim | source | constraint | weight | fate | conflicts |\n|---|---|---|--:|---|---|\n"
                     "| `officials-inmates` | Kurdish officials | `killed.isis.inmates ≥ 200` | 0.5 | dropped | 1, 2 |\n"
                     "| `officials-security` | Kurdish officials | `killed.kurdish_forces.security = 30` | 0.5 | "
                     "in force |  |\n"));
  CHECK(contains(md, "- `officials-inmates`: “200 على الأقل من نزلاء السجن” (ar) — <https://example.org/hasakah>\n"));
  CHECK(contains(md, "- `sohr-total`: note: latest SOHR toll\n"));
  CHECK(contains(md, "*Ranges are exact"));
}

TEST_CASE("every markdown table row has as many cells as its header", "[report]") {
  example e = hasakah();
  e.document.sources[0].name = "officials | ministry";
  e.document.quantities[0].label = "held | detained";
  e.result.claims[0].constraint = "a|b ≥ 200";
  std::size_t cells = 0;
  for (const std::string& line : lines_of(markdown_of(e))) {
    if (!line.starts_with("|")) {
      cells = 0;
      continue;
    }
    if (cells == 0) cells = unescaped_pipes(line);
    CHECK(unescaped_pipes(line) == cells);
  }
}

TEST_CASE("the markdown report escapes markup in free text", "[report]") {
  example e = hasakah();
  e.document.event.title = "*Hasakah* [prison] <b>attack</b> #1";
  e.document.claims[0].quote = "killed_by `fire` & *more*\nsecond line";
  e.document.claims[0].url = "not a url <script>";
  e.result.conflicts[0].explanation = "1. starts like a list";
  const std::string md = markdown_of(e);
  CHECK(lines_of(md)[0] == "# \\*Hasakah\\* \\[prison\\] \\<b\\>attack\\</b\\> \\#1 (hasakah-prison-2022)");
  CHECK(contains(md, "“killed_by \\`fire\\` \\& \\*more\\* second line”"));
  CHECK(contains(md, "— not a url \\<script\\>"));
  CHECK(contains(md, "\n1\\. starts like a list\n"));
}

TEST_CASE("code spans in markdown survive backticks", "[report]") {
  example e = hasakah();
  e.result.claims[0].constraint = "`odd` ≥ 200";
  CHECK(contains(markdown_of(e), "`` `odd` ≥ 200 ``"));
}

TEST_CASE("the markdown report of a consistent result has no conflicts", "[report]") {
  const std::string md = markdown_of(hasakah_consistent());
  CHECK(contains(md, "**The figures tally.**"));
  CHECK(contains(md, "## Ranges with every claim in force"));
  CHECK(!contains(md, "## Conflicts"));
  CHECK(!contains(md, "## Corrections"));
}

TEST_CASE("the markdown report warns when enumeration was capped", "[report]") {
  example e = hasakah();
  e.result.complete = false;
  CHECK(contains(markdown_of(e), "\n> Incomplete: enumeration stopped at its cap"));
}

TEST_CASE("the markdown report of an invalid document lists its problems", "[report]") {
  const std::string md = markdown_of(invalid());
  CHECK(contains(md, "**Invalid document: 2 problems.**\n\n## Problems\n\n"
                     "- `/claims/3/source` (line 41, column 17): claim \"sohr-isis\" names source \"sohrr\", "
                     "which is not declared. *Fix:* declare it under \"sources\" or correct the id (did you mean "
                     "\"sohr\"?).\n"));
  CHECK(!contains(md, "## Ranges"));
}

TEST_CASE("diagnostics alone render as a markdown list", "[report]") {
  auto diagnostics = invalid().result.diagnostics;
  diagnostics.push_back(make_diagnostic("syntax", "", 0, 0, "the text is not JSON.", ""));
  const std::string md = tally::render_diagnostics(diagnostics, tally::report_format::markdown);
  const std::vector<std::string> lines = lines_of(md);
  REQUIRE(lines.size() == 5);
  CHECK(lines[0] == "3 problems:");
  CHECK(lines[2].starts_with("- `/claims/3/source` (line 41, column 17): "));
  CHECK(lines[4] == "- the document: the text is not JSON.");
}
