#include "report/forms.hpp"
#include "report/text_layout.hpp"

#include <fmt/format.h>

namespace tally::detail {
namespace {

constexpr std::size_t page_width = 78;

void append_lines(std::string& out, const std::vector<std::string>& lines) {
  for (const std::string& line : lines) out.append(line) += '\n';
}

std::string diagnostic_lines(const std::vector<diagnostic>& diagnostics) {
  std::string out;
  for (const diagnostic& d : diagnostics) out += printable(to_string(d)) + '\n';
  return out;
}

void conflicts_section(std::string& out, const report_outline& o) {
  for (std::size_t i = 0; i < o.conflicts.size(); ++i) {
    const conflict_summary& c = o.conflicts[i];
    out += fmt::format("\nConflict {}: {}\n", i + 1, c.gap);
    std::vector<std::vector<std::string>> rows;
    for (const conflict_claim& claim : c.claims)
      rows.push_back({printable(claim.id), printable(claim.source), printable(claim.constraint)});
    append_lines(out, layout_columns({{}, {}, {}}, rows, "  "));
    out += wrap(printable(c.explanation), page_width, "  ");
  }
}

void correction_rows(std::string& out, const std::vector<correction_summary>& corrections, const std::string& indent) {
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < corrections.size(); ++i) {
    const correction_summary& c = corrections[i];
    rows.push_back({fmt::format("{}.", i + 1), printable(list_in_words(c.drop)), c.weight, c.adopted ? "adopted" : ""});
  }
  append_lines(out, layout_columns({{"", alignment::right}, {"drop"}, {"weight", alignment::right}, {""}}, rows, indent));
}

void corrections_section(std::string& out, const report_outline& o) {
  if (o.corrections.empty()) return;
  if (o.disputes.empty()) {
    out += "\nCorrections, cheapest first (drop the claims of one to restore consistency)\n";
    correction_rows(out, o.corrections, "  ");
  } else {
    out += fmt::format("\nCorrections: {} independent disputes; drop the claims of one correction from each\n",
                       o.disputes.size());
    for (std::size_t d = 0; d < o.disputes.size(); ++d) {
      out += fmt::format("\n  Dispute {} ({}){}\n", d + 1, printable(list_in_words(o.disputes[d].claims)),
                         o.disputes[d].complete ? "" : ", not every correction listed");
      correction_rows(out, o.disputes[d].corrections, "    ");
    }
  }
  if (!o.adopted_note.empty()) out += '\n' + wrap(printable(o.adopted_note), page_width, "");
}

void ranges_section(std::string& out, const report_outline& o) {
  if (o.ranges.empty()) return;
  out += fmt::format("\n{}\n", o.ranges_basis);
  // Labels come last: a long one then runs off to the right without pushing
  // the numbers away from their quantities.
  std::vector<text_column> columns{{"quantity"}, {"range", alignment::right}};
  if (o.any_estimate) columns.push_back({"estimate", alignment::right});
  if (o.any_label) columns.push_back({"label"});
  for (const range_table& table : o.ranges) {
    out += fmt::format("\n  {}\n", table.time);
    std::vector<std::vector<std::string>> rows;
    for (const range_row& q : table.rows) {
      std::vector<std::string> row{std::string(2 * q.depth, ' ') + printable(q.quantity), q.range};
      if (o.any_estimate) row.push_back(q.estimate);
      if (o.any_label) row.push_back(printable(q.label));
      rows.push_back(std::move(row));
    }
    append_lines(out, layout_columns(columns, rows, "  "));
  }
  if (!o.estimate_notes.empty()) out += '\n';
  for (const std::string& note : o.estimate_notes) out += wrap(printable(note), page_width, "");
}

void claims_section(std::string& out, const report_outline& o) {
  if (o.claims.empty()) return;
  out += "\nClaims\n";
  std::vector<text_column> columns{{"claim"}, {"constraint"}, {"weight", alignment::right}, {"fate"}};
  if (o.any_in_conflict) columns.push_back({"conflicts"});
  std::vector<std::vector<std::string>> rows;
  for (const claim_summary& c : o.claims) {
    rows.push_back({printable(c.id), printable(c.constraint), c.weight, c.fate});
    if (o.any_in_conflict) rows.back().push_back(c.conflicts);
  }
  const std::vector<std::string> lines = layout_columns(columns, rows, "  ");
  out.append(lines.front()) += '\n';
  for (std::size_t i = 0; i < o.claims.size(); ++i) {
    const claim_summary& c = o.claims[i];
    out.append(lines[i + 1]) += '\n';
    std::string said = c.source;
    if (!c.quote.empty()) said += fmt::format(": “{}”", c.quote);
    if (!c.quote.empty() && !c.language.empty()) said += fmt::format(" ({})", c.language);
    out += wrap(printable(said), page_width, "      ");
    if (!c.url.empty()) out += wrap(printable(c.url), page_width, "      ");
    if (!c.note.empty()) out += wrap("Note: " + printable(c.note), page_width, "      ");
  }
}

}  // namespace

std::string text_report(const report_outline& o) {
  std::string out = printable(o.heading) + '\n' + o.verdict + '\n';
  if (!o.incomplete_warning.empty()) out += wrap(o.incomplete_warning, page_width, "");
  if (!o.diagnostics.empty()) out += '\n' + diagnostic_lines(o.diagnostics);
  conflicts_section(out, o);
  corrections_section(out, o);
  ranges_section(out, o);
  claims_section(out, o);
  if (!o.footnote.empty()) out += '\n' + wrap(o.footnote, page_width, "");
  return out;
}

std::string text_diagnostics(const std::vector<diagnostic>& diagnostics) {
  return diagnostic_lines(diagnostics) + count_problems(diagnostics.size()) + '\n';
}

}  // namespace tally::detail
