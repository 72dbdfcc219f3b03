// What the text and markdown reports say, before either decides how it looks:
// the verdict, the conflicts with their claims, the corrections, the range
// tables and the fate of each claim, all as words and numbers. The strings
// are the document's own (not yet escaped or made printable).
#pragma once

#include <tally/claim_set.hpp>
#include <tally/diagnostic.hpp>
#include <tally/result.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace tally::detail {

/// One claim as a conflict names it.
struct conflict_claim {
  std::string id;
  /// The source's name, or its id when it has no name.
  std::string source;
  std::string constraint;
};

struct conflict_summary {
  std::vector<conflict_claim> claims;
  std::string explanation;
  /// "76 apart".
  std::string gap;
};

struct correction_summary {
  std::vector<std::string> drop;
  std::string weight;
  bool adopted = false;
};

/// One independent dispute: the corrections of its own conflicts.
struct dispute_summary {
  std::vector<std::string> claims;
  std::vector<correction_summary> corrections;
  bool complete = true;
};

struct range_row {
  std::string quantity;
  /// How deep the quantity sits in the dotted tree ("killed.isis" is 1).
  std::size_t depth = 0;
  std::string label;
  /// "181", "0–124" or "≥ 101".
  std::string range;
  /// Empty when there is none or the range is a single value.
  std::string estimate;
};

struct range_table {
  /// "final figures" or "as of 2022-01-24".
  std::string time;
  std::vector<range_row> rows;
};

struct claim_summary {
  std::string id;
  std::string source;
  std::string constraint;
  std::string weight;
  /// "in force", or "dropped" by the adopted correction.
  std::string fate;
  /// The numbers of the conflicts the claim belongs to: "1, 2"; "yes" when
  /// it is in a conflict that enumeration did not reach; empty when none.
  std::string conflicts;
  std::string quote, url, note, language;
};

struct report_outline {
  /// "title (id)", the title or id alone, or "Claims document".
  std::string heading;
  /// "The figures tally.", "The figures do not tally: 2 conflicts.",
  /// "Invalid document: 3 problems."
  std::string verdict;
  /// Empty when enumeration was complete.
  std::string incomplete_warning;
  std::vector<diagnostic> diagnostics;
  std::vector<conflict_summary> conflicts;
  std::vector<correction_summary> corrections;
  /// Two or more disputes that share no claim and no constraint: then the
  /// report lists each one's corrections ("one of each") instead of every
  /// combination.
  std::vector<dispute_summary> disputes;
  /// "Proven cheapest: …", with a tie when another correction weighs the same.
  std::string adopted_note;
  /// What the ranges assume: "every claim in force", "after the adopted
  /// correction (dropping officials-inmates)".
  std::string ranges_basis;
  std::vector<range_table> ranges;
  /// Why counts have no estimate, a sentence per reason naming them ("No
  /// estimate for escaped and attackers: …"); empty when every count has one
  /// or estimates were off.
  std::vector<std::string> estimate_notes;
  std::vector<claim_summary> claims;
  /// Which optional columns have anything to show.
  bool any_label = false;
  bool any_estimate = false;
  /// The closing note (ranges_footnote, with estimates_footnote when
  /// estimates or notes on them are shown); empty without ranges.
  std::string footnote;
  bool any_in_conflict = false;
};

report_outline outline_report(const result& r, const claim_set& document);

/// "a", "a and b", "a, b and c".
std::string list_in_words(const std::vector<std::string>& items);

/// "N problems" / "1 problem".
std::string count_problems(std::size_t n);

/// The closing note: ranges are exact.
extern const char* const ranges_footnote;
/// Its second sentence when the report shows estimates or says why there are none.
extern const char* const estimates_footnote;

}  // namespace tally::detail
