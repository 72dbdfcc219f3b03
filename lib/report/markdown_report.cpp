#include "report/forms.hpp"
#include "report/text_layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace tally::detail {
namespace {

bool is_word_byte(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Free text as inline markdown: every character that could start markup is
// backslash-escaped, except an underscore inside a word, which never does.
std::string md_text(std::string_view raw) {
  const std::string text = printable(raw);
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool intraword_underscore =
        c == '_' && i > 0 && i + 1 < text.size() && is_word_byte(text[i - 1]) && is_word_byte(text[i + 1]);
    if (std::string_view("\\`*_[]<>|&~#").find(c) != std::string_view::npos && !intraword_underscore) out += '\\';
    out += c;
  }
  return out;
}

// Free text as a paragraph of its own: a leading "-", "+", "=" or "1."
// would otherwise start a list or underline a heading.
std::string md_paragraph(std::string_view raw) {
  std::string text = md_text(raw);
  const std::size_t digits = text.find_first_not_of("0123456789");
  const bool list_number = digits > 0 && digits < text.size() && (text[digits] == '.' || text[digits] == ')');
  if (list_number)
    text.insert(digits, "\\");
  else if (!text.empty() && std::string_view("-+=").find(text.front()) != std::string_view::npos)
    text.insert(0, "\\");
  return text;
}

// A code span whose fence is longer than any run of backticks inside it. In
// a table cell a '|' must be escaped even there (GitHub tables split first).
std::string md_code(std::string_view raw, bool in_table) {
  std::string text = printable(raw);
  if (in_table) {
    std::string escaped;
    for (char c : text) {
      if (c == '|') escaped += '\\';
      escaped += c;
    }
    text = std::move(escaped);
  }
  std::size_t longest = 0;
  for (std::size_t i = 0, run = 0; i < text.size(); ++i) {
    run = text[i] == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return pad ? fence + ' ' + text + ' ' + fence : fence + text + fence;
}

std::string md_url(std::string_view url) {
  const bool linkable = (url.starts_with("https://") || url.starts_with("http://")) &&
                        url.find_first_of(" <>\t\r\n") == std::string_view::npos &&
                        printable(url) == url;
  return linkable ? fmt::format("<{}>", url) : md_text(url);
}

std::string table_row(const std::vector<std::string>& cells) {
  std::string row = "|";
  for (const std::string& cell : cells) row += ' ' + cell + " |";
  return row + '\n';
}

std::string table_rule(const std::vector<alignment>& columns) {
  std::string rule = "|";
  for (alignment a : columns) rule += a == alignment::right ? "--:|" : "---|";
  return rule + '\n';
}

std::string diagnostic_item(const diagnostic& d) {
  std::string item = "- " + (d.path.empty() ? std::string("the document") : md_code(d.path, false));
  if (d.line > 0) item += fmt::format(" (line {}, column {})", d.line, d.column);
  item += ": " + md_text(d.message);
  if (!d.fix.empty()) item += " *Fix:* " + md_text(d.fix);
  return item + '\n';
}

void conflicts_section(std::string& out, const report_outline& o) {
  if (o.conflicts.empty()) return;
  out += "\n## Conflicts\n";
  for (std::size_t i = 0; i < o.conflicts.size(); ++i) {
    const conflict_summary& c = o.conflicts[i];
    out += fmt::format("\n### Conflict {}: {}\n\n", i + 1, c.gap);
    for (const conflict_claim& claim : c.claims) {
      out += "- " + md_code(claim.id, false);
      if (!claim.source.empty()) out += " (" + md_text(claim.source) + ")";
      if (!claim.constraint.empty()) out += ": " + md_code(claim.constraint, false);
      out += '\n';
    }
    if (!c.explanation.empty()) out += '\n' + md_paragraph(c.explanation) + '\n';
  }
}

void correction_table(std::string& out, const std::vector<correction_summary>& corrections) {
  out += table_row({"#", "drop", "weight", ""});
  out += table_rule({alignment::right, alignment::left, alignment::right, alignment::left});
  for (std::size_t i = 0; i < corrections.size(); ++i) {
    const correction_summary& c = corrections[i];
    std::vector<std::string> ids;
    for (const std::string& id : c.drop) ids.push_back(md_code(id, true));
    out += table_row({std::to_string(i + 1), list_in_words(ids), c.weight, c.adopted ? "**adopted**" : ""});
  }
}

void corrections_section(std::string& out, const report_outline& o) {
  if (o.corrections.empty()) return;
  if (o.disputes.empty()) {
    out += "\n## Corrections\n\nCheapest first: dropping the claims of any one restores consistency.\n\n";
    correction_table(out, o.corrections);
  } else {
    out += "\n## Corrections\n\n" + std::to_string(o.disputes.size()) +
           " independent disputes: dropping the claims of one correction from each restores consistency.\n";
    for (std::size_t d = 0; d < o.disputes.size(); ++d) {
      std::vector<std::string> ids;
      for (const std::string& id : o.disputes[d].claims) ids.push_back(md_code(id, true));
      out += "\n### Dispute " + std::to_string(d + 1) + "\n\nClaims: " + list_in_words(ids) +
             (o.disputes[d].complete ? "" : " (not every correction listed)") + "\n\n";
      correction_table(out, o.disputes[d].corrections);
    }
  }
  if (!o.adopted_note.empty()) out += '\n' + md_paragraph(o.adopted_note) + '\n';
}

void ranges_section(std::string& out, const report_outline& o) {
  if (o.ranges.empty()) return;
  out += "\n## " + md_text(o.ranges_basis) + '\n';
  std::vector<std::string> headers{"quantity"};
  std::vector<alignment> alignments{alignment::left};
  if (o.any_label) headers.push_back("label"), alignments.push_back(alignment::left);
  headers.push_back("range"), alignments.push_back(alignment::right);
  if (o.any_estimate) headers.push_back("estimate"), alignments.push_back(alignment::right);
  for (const range_table& table : o.ranges) {
    out += "\n### " + table.time + "\n\n" + table_row(headers) + table_rule(alignments);
    for (const range_row& q : table.rows) {
      std::vector<std::string> row{md_code(q.quantity, true)};
      if (o.any_label) row.push_back(md_text(q.label));
      row.push_back(q.range);
      if (o.any_estimate) row.push_back(q.estimate);
      out += table_row(row);
    }
  }
  for (const std::string& note : o.estimate_notes) out += '\n' + md_text(note) + '\n';
}

void claims_section(std::string& out, const report_outline& o) {
  if (o.claims.empty()) return;
  std::vector<std::string> headers{"claim", "source", "constraint", "weight", "fate"};
  std::vector<alignment> alignments{alignment::left, alignment::left, alignment::left, alignment::right,
                                    alignment::left};
  if (o.any_in_conflict) headers.push_back("conflicts"), alignments.push_back(alignment::left);
  out += "\n## Claims\n\n" + table_row(headers) + table_rule(alignments);
  for (const claim_summary& c : o.claims) {
    std::vector<std::string> row{md_code(c.id, true), md_text(c.source), md_code(c.constraint, true), c.weight, c.fate};
    if (o.any_in_conflict) row.push_back(c.conflicts);
    out += table_row(row);
  }

  std::string sayings;
  for (const claim_summary& c : o.claims) {
    if (c.quote.empty() && c.url.empty() && c.note.empty()) continue;
    std::vector<std::string> parts;
    if (!c.quote.empty())
      parts.push_back("“" + md_text(c.quote) + "”" + (c.language.empty() ? "" : " (" + md_text(c.language) + ")"));
    if (!c.url.empty()) parts.push_back(md_url(c.url));
    if (!c.note.empty()) parts.push_back("note: " + md_text(c.note));
    sayings += "- " + md_code(c.id, false) + ": " + parts.front();
    for (std::size_t i = 1; i < parts.size(); ++i) sayings += " — " + parts[i];
    sayings += '\n';
  }
  if (!sayings.empty()) out += "\n### What the sources said\n\n" + sayings;
}

}  // namespace

std::string markdown_report(const report_outline& o) {
  std::string out = "# " + md_text(o.heading) + "\n\n**" + md_text(o.verdict) + "**\n";
  if (!o.incomplete_warning.empty()) out += "\n> " + md_text(o.incomplete_warning) + '\n';
  if (!o.diagnostics.empty()) {
    out += "\n## Problems\n\n";
    for (const diagnostic& d : o.diagnostics) out += diagnostic_item(d);
  }
  conflicts_section(out, o);
  corrections_section(out, o);
  ranges_section(out, o);
  claims_section(out, o);
  if (!o.footnote.empty()) out += fmt::format("\n*{}*\n", o.footnote);
  return out;
}

std::string markdown_diagnostics(const std::vector<diagnostic>& diagnostics) {
  std::string out = md_text(count_problems(diagnostics.size())) + (diagnostics.empty() ? ".\n" : ":\n\n");
  for (const diagnostic& d : diagnostics) out += diagnostic_item(d);
  return out;
}

}  // namespace tally::detail
