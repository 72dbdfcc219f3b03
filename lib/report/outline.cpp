#include "report/outline.hpp"

#include <tally/numbers.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

namespace tally::detail {

const char* const ranges_footnote =
    "Ranges are exact: both ends are possible under the claims in force and no value outside "
    "them is.";
const char* const estimates_footnote =
    "An estimate is the one value a count takes in every closest fit to the figures the claims in force "
    "state; where they allow several, there is none.";

namespace {

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string heading(const event& e) {
  if (!e.title.empty() && !e.id.empty()) return fmt::format("{} ({})", e.title, e.id);
  if (!e.title.empty()) return e.title;
  if (!e.id.empty()) return e.id;
  return "Claims document";
}

std::string verdict(const result& r) {
  switch (r.status) {
    case status::consistent:
      return "The figures tally.";
    case status::conflicting:
      if (r.conflicts.empty()) return "The figures do not tally.";
      return fmt::format("The figures do not tally: {}.", plural(r.conflicts.size(), "conflict", "conflicts"));
    case status::invalid:
      break;
  }
  return fmt::format("Invalid document: {}.", count_problems(r.diagnostics.size()));
}

std::string range_text(const range& q) {
  if (!q.max) return fmt::format("≥ {}", q.min.str());
  if (*q.max == q.min) return q.min.str();
  return fmt::format("{}–{}", q.min.str(), q.max->str());
}

std::string time_text(const time_point& t) {
  return t.is_final() ? "Final figures" : fmt::format("As of {}", t.to_string());
}

std::string ranges_basis(const result& r) {
  if (r.status == status::consistent) return "Ranges with every claim in force";
  if (!r.adopted) return "Ranges (no correction adopted)";
  return fmt::format("Ranges after dropping {} (the adopted correction)", list_in_words(r.adopted->drop));
}

// The document's and the result's records by id.
class index {
 public:
  index(const result& r, const claim_set& document) {
    for (const source& s : document.sources) source_names_.emplace(s.id, s.name.empty() ? s.id : s.name);
    for (const claim& c : document.claims) written_.emplace(c.id, &c);
    for (const claim_outcome& c : r.claims) outcomes_.emplace(c.id, &c);
    for (const quantity& q : document.quantities) labels_.emplace(q.id, q.label);
  }
  /// The source's name, or its id when it has none.
  std::string source_name(const std::string& id) const { return find(source_names_, id).value_or(id); }
  std::string label(const std::string& quantity) const { return find(labels_, quantity).value_or(""); }
  const claim* written(const std::string& id) const { return find(written_, id).value_or(nullptr); }
  const claim_outcome* outcome(const std::string& id) const { return find(outcomes_, id).value_or(nullptr); }

 private:
  template <typename T>
  static std::optional<T> find(const std::map<std::string, T>& map, const std::string& key) {
    auto found = map.find(key);
    return found == map.end() ? std::nullopt : std::optional<T>(found->second);
  }
  std::map<std::string, std::string> source_names_, labels_;
  std::map<std::string, const claim*> written_;
  std::map<std::string, const claim_outcome*> outcomes_;
};

std::vector<conflict_summary> conflict_summaries(const result& r, const index& records) {
  std::vector<conflict_summary> summaries;
  for (const conflict& c : r.conflicts) {
    conflict_summary summary{{}, c.explanation, fmt::format("{} apart", c.gap.str())};
    for (const std::string& id : c.claims) {
      const claim_outcome* outcome = records.outcome(id);
      if (outcome == nullptr)
        summary.claims.push_back({id, "", ""});
      else
        summary.claims.push_back({id, records.source_name(outcome->source), outcome->constraint});
    }
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

std::vector<range_table> range_tables(const result& r, const index& records) {
  // One table per time point, in the result's order; a range at a time point
  // the result does not list still gets a table, after the others.
  std::vector<time_point> times = r.time_points;
  for (const range& q : r.ranges)
    if (std::find(times.begin(), times.end(), q.time) == times.end()) times.push_back(q.time);
  std::vector<range_table> tables;
  for (const time_point& t : times) {
    range_table table{time_text(t), {}};
    for (const range& q : r.ranges) {
      if (!(q.time == t)) continue;
      range_row row;
      row.quantity = q.quantity;
      row.depth = static_cast<std::size_t>(std::count(q.quantity.begin(), q.quantity.end(), '.'));
      row.label = records.label(q.quantity);
      row.range = range_text(q);
      if (q.estimate && !(q.max && *q.max == q.min)) row.estimate = q.estimate->str();
      table.rows.push_back(std::move(row));
    }
    if (!table.rows.empty()) tables.push_back(std::move(table));
  }
  return tables;
}

// The counts without an estimate, one sentence per reason; a long series
// names the first few quantities and how many more.
std::vector<std::string> estimate_notes(const result& r) {
  using why = range::missing_estimate;
  constexpr std::size_t names_shown = 6;
  const std::pair<why, const char*> reasons[] = {
      {why::no_figure, "no claim in force gives a figure for {} or for a count tied to {}"},
      {why::tie, "the figures stated in force fit equally well with more than one value of {}"},
      {why::search_limit, "the search for the closest fit to the figures outgrew its budget"},
  };
  std::vector<std::string> notes;
  for (const auto& [reason, wording] : reasons) {
    std::vector<std::string> names;
    for (const range& q : r.ranges)
      if (q.no_estimate == reason && std::find(names.begin(), names.end(), q.quantity) == names.end())
        names.push_back(q.quantity);
    if (names.empty()) continue;
    const std::size_t more = names.size() > names_shown ? names.size() - names_shown : 0;
    const bool one = names.size() == 1;
    names.resize(names.size() - more);
    if (more > 0) names.push_back(fmt::format("{} more", more));
    notes.push_back(fmt::format("No estimate for {}: {}.", list_in_words(names),
                                fmt::format(fmt::runtime(wording), one ? "it" : "them", one ? "it" : "them")));
  }
  return notes;
}

// "1, 2": the numbers of the conflicts that name the claim.
std::string conflict_numbers(const claim_outcome& c, const result& r) {
  std::string out;
  for (std::size_t i = 0; i < r.conflicts.size(); ++i) {
    const std::vector<std::string>& ids = r.conflicts[i].claims;
    if (std::find(ids.begin(), ids.end(), c.id) != ids.end()) out += (out.empty() ? "" : ", ") + std::to_string(i + 1);
  }
  return out.empty() && c.in_conflict ? "yes" : out;
}

std::vector<claim_summary> claim_summaries(const result& r, const index& records) {
  std::vector<claim_summary> summaries;
  for (const claim_outcome& c : r.claims) {
    claim_summary summary{c.id, records.source_name(c.source), c.constraint, to_exact_string(c.weight),
                          c.in_force ? "in force" : "dropped", conflict_numbers(c, r), {}, {}, {}, {}};
    if (const claim* written = records.written(c.id)) {
      summary.quote = written->quote;
      summary.url = written->url;
      summary.note = written->note;
      summary.language = written->language;
    }
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

}  // namespace

static std::string adopted_note(const adopted_correction& a) {
  const std::string weight = to_exact_string(a.weight);
  std::string note =
      a.optimal ? fmt::format("Dropping {} (weight {}) is the cheapest correction, proven: every correction must "
                              "drop a claim of each conflict, and no choice that does weighs less than {}.",
                              list_in_words(a.drop), weight, weight)
                : fmt::format("Dropping {} (weight {}) is the cheapest correction found; no correction weighs less "
                              "than {}.",
                              list_in_words(a.drop), weight, to_exact_string(a.lower_bound));
  if (a.tie == true)
    note += " Another correction weighs the same: this one was chosen by the tie-break (fewer claims, then the ids "
            "in order).";
  else if (!a.tie)
    note += " Whether another correction weighs the same was not decided within the time limit.";
  return note;
}

std::string list_in_words(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

std::string count_problems(std::size_t n) { return plural(n, "problem", "problems"); }

report_outline outline_report(const result& r, const claim_set& document) {
  const index records(r, document);
  report_outline o;
  o.heading = heading(document.event);
  o.verdict = verdict(r);
  if (!r.complete)
    o.incomplete_warning =
        "Incomplete: enumeration stopped at its cap, so more conflicts or corrections may exist. "
        "The adopted correction is still the cheapest of all, and the first conflict and the ranges are still exact.";
  o.diagnostics = r.diagnostics;
  o.conflicts = conflict_summaries(r, records);
  for (const correction& c : r.corrections)
    o.corrections.push_back({c.drop, to_exact_string(c.weight), r.adopted && r.adopted->drop == c.drop});
  if (r.disputes.size() > 1)
    for (const dispute& d : r.disputes) {
      dispute_summary s{d.claims, {}, d.complete};
      for (const correction& c : d.corrections)
        s.corrections.push_back({c.drop, to_exact_string(c.weight), c.drop == d.adopted.drop});
      o.disputes.push_back(std::move(s));
    }
  if (r.adopted) o.adopted_note = adopted_note(*r.adopted);
  if (r.status != status::invalid) o.ranges_basis = ranges_basis(r);
  o.ranges = range_tables(r, records);
  o.estimate_notes = estimate_notes(r);
  o.claims = claim_summaries(r, records);

  for (const range_table& t : o.ranges)
    for (const range_row& row : t.rows) {
      o.any_label = o.any_label || !row.label.empty();
      o.any_estimate = o.any_estimate || !row.estimate.empty();
    }
  if (!o.ranges.empty()) {
    o.footnote = ranges_footnote;
    if (o.any_estimate || !o.estimate_notes.empty()) o.footnote += std::string(" ") + estimates_footnote;
  }
  for (const claim_summary& c : o.claims) o.any_in_conflict = o.any_in_conflict || !c.conflicts.empty();
  return o;
}

}  // namespace tally::detail
