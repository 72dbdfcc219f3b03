// Hand-built results for the report tests: the Hasakah seed report as the
// contract's worked example describes it (spec section 3), and small helpers.
// They do not call reconcile(): the reports are tested on their own.
#pragma once

#include <tally/claim_set.hpp>
#include <tally/result.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace report_fixtures {

inline tally::time_point final_point() { return {}; }

inline tally::time_point dated(int year, int month, int day) {
  return tally::time_point{tally::timestamp{year, month, day, std::nullopt}};
}

inline tally::range make_range(std::string quantity, tally::integer min, std::optional<tally::integer> max,
                               std::optional<tally::integer> estimate, tally::time_point time = final_point(),
                               tally::range::missing_estimate why = tally::range::missing_estimate::not_computed) {
  if (estimate) why = tally::range::missing_estimate::none;
  return tally::range{std::move(quantity), time, std::move(min), std::move(max), std::move(estimate), why};
}

inline tally::source make_source(std::string id, std::string name, tally::rational reliability) {
  tally::source s;
  s.id = std::move(id);
  s.name = std::move(name);
  s.reliability = std::move(reliability);
  return s;
}

// The adopted correction as reconcile() reports it: proven cheapest over
// `conflicts` conflicts, without a tie.
inline tally::adopted_correction proven(const tally::correction& c, std::size_t conflicts) {
  tally::adopted_correction a{c};
  a.lower_bound = c.weight;
  a.optimal = true;
  a.tie = false;
  a.proof_conflicts = conflicts;
  return a;
}

// A claim as written and what became of it, kept together so that the
// document and the result agree.
struct claim_pair {
  tally::claim written;
  tally::claim_outcome outcome;
};

inline claim_pair make_claim(std::string id, std::string source, std::string quantity, tally::qualifier q,
                             tally::integer lower, std::optional<tally::integer> upper, tally::rational weight,
                             std::string constraint) {
  claim_pair c;
  c.written.id = id;
  c.written.source = source;
  c.written.quantities = {quantity};
  c.written.qualifier = q;
  c.written.as_of = tally::timestamp{2022, 1, 26, std::nullopt};
  c.outcome.id = std::move(id);
  c.outcome.source = std::move(source);
  c.outcome.quantities = {std::move(quantity)};
  c.outcome.time = final_point();
  c.outcome.lower = std::move(lower);
  c.outcome.upper = std::move(upper);
  c.outcome.weight = std::move(weight);
  c.outcome.constraint = std::move(constraint);
  return c;
}

struct example {
  tally::claim_set document;
  tally::result result;
};

// The seed report: officials' "at least 200 inmates" against SOHR's 124 ISIS
// dead of 181, every claim as of the event's last day (so all speak of the
// final toll), corrected by dropping the officials' figure.
inline example hasakah() {
  using tally::qualifier;
  example e;
  tally::claim_set& doc = e.document;
  doc.event.id = "hasakah-prison-2022";
  doc.event.title = "Attack on al-Sina'a prison, Hasakah";
  doc.event.start = tally::timestamp{2022, 1, 20, std::nullopt};
  doc.event.end = tally::timestamp{2022, 1, 26, std::nullopt};
  doc.quantities = {{"inmates", "ISIS members held in the prison", false, ""},
                    {"inmates.boys", "boys among them", false, ""},
                    {"killed.isis.inmates", "inmates killed", true, ""},
                    {"killed.kurdish_forces.security", "security forces killed", true, ""}};
  doc.relations = {{tally::relation::kind::parts, "killed", {"killed.isis", "killed.kurdish_forces", "killed.civilians"}, true, ""},
                   {tally::relation::kind::subset, "inmates", {"killed.isis.inmates"}, true, ""}};
  doc.sources = {make_source("officials", "Kurdish officials", {1, 2}),
                 make_source("sohr", "Syrian Observatory for Human Rights", {4, 5}),
                 make_source("report", "the news report", {1, 2})};

  const tally::rational half{1, 2}, sohr{4, 5};
  std::vector<claim_pair> claims{
      make_claim("officials-inmates", "officials", "killed.isis.inmates", qualifier::at_least, 200, std::nullopt, half,
                 "killed.isis.inmates ≥ 200"),
      make_claim("officials-security", "officials", "killed.kurdish_forces.security", qualifier::exactly, 30, 30, half,
                 "killed.kurdish_forces.security = 30"),
      make_claim("sohr-total", "sohr", "killed", qualifier::exactly, 181, 181, sohr, "killed = 181"),
      make_claim("sohr-isis", "sohr", "killed.isis", qualifier::exactly, 124, 124, sohr, "killed.isis = 124"),
      make_claim("sohr-kurdish", "sohr", "killed.kurdish_forces", qualifier::exactly, 50, 50, sohr,
                 "killed.kurdish_forces = 50"),
      make_claim("sohr-civilians", "sohr", "killed.civilians", qualifier::exactly, 7, 7, sohr, "killed.civilians = 7"),
      make_claim("report-attackers", "report", "attackers", qualifier::more_than, 101, std::nullopt, half,
                 "attackers ≥ 101"),
      make_claim("report-held", "report", "inmates", qualifier::nearly, 3150, 3500, half, "3150 ≤ inmates ≤ 3500"),
      make_claim("report-boys", "report", "inmates.boys", qualifier::about, 630, 770, half,
                 "630 ≤ inmates.boys ≤ 770"),
  };
  claims[0].written.quote = "200 على الأقل من نزلاء السجن";
  claims[0].written.language = "ar";
  claims[0].written.url = "https://example.org/hasakah";
  claims[2].written.note = "latest SOHR toll";

  tally::result& r = e.result;
  r.status = tally::status::conflicting;
  r.time_points = {final_point()};
  r.ranges = {make_range("attackers", 101, std::nullopt, std::nullopt, final_point(),
                         tally::range::missing_estimate::no_figure),
              make_range("inmates", 3150, 3500, 3500),
              make_range("inmates.boys", 630, 770, 700),
              make_range("killed", 181, 181, 181),
              make_range("killed.civilians", 7, 7, 7),
              make_range("killed.isis", 124, 124, 124),
              make_range("killed.isis.inmates", 0, 124, std::nullopt, final_point(),
                         tally::range::missing_estimate::tie),
              make_range("killed.kurdish_forces", 50, 50, 50),
              make_range("killed.kurdish_forces.security", 30, 30, 30)};
  r.conflicts = {
      {{"officials-inmates", "sohr-isis"},
       {"officials: killed.isis.inmates ≥ 200.", "killed.isis.inmates ≤ killed.isis (a part).",
        "SOHR: killed.isis = 124.", "So 200 ≤ 124: 76 apart."},
       "officials: killed.isis.inmates ≥ 200; killed.isis.inmates ≤ killed.isis (a part); SOHR: "
       "killed.isis = 124 ⇒ 200 ≤ 124, 76 apart.",
       76},
      {{"officials-inmates", "sohr-total"},
       {"officials: killed.isis.inmates ≥ 200.", "killed.isis.inmates ≤ killed.isis ≤ killed (parts).",
        "SOHR: killed = 181.", "So 200 ≤ 181: 19 apart."},
       "officials: killed.isis.inmates ≥ 200; killed.isis.inmates ≤ killed.isis ≤ killed (parts); SOHR: "
       "killed = 181 ⇒ 200 ≤ 181, 19 apart.",
       19}};
  r.corrections = {{{"officials-inmates"}, {1, 2}}, {{"sohr-isis", "sohr-total"}, {8, 5}}};
  r.adopted = proven(r.corrections.front(), 2);
  for (claim_pair& c : claims) {
    const std::string& id = c.outcome.id;
    c.outcome.in_conflict = id == "officials-inmates" || id == "sohr-isis" || id == "sohr-total";
    c.outcome.in_force = id != "officials-inmates";
    doc.claims.push_back(std::move(c.written));
    r.claims.push_back(std::move(c.outcome));
  }
  r.stats = {9, 14, 2, 1, 3, 7, 0, 12};
  return e;
}

// The same figures without the officials' inmates claim: nothing conflicts.
inline example hasakah_consistent() {
  example e = hasakah();
  e.document.claims.erase(e.document.claims.begin());
  e.result.claims.erase(e.result.claims.begin());
  for (tally::claim_outcome& c : e.result.claims) c.in_conflict = false;
  e.result.status = tally::status::consistent;
  e.result.conflicts.clear();
  e.result.corrections.clear();
  e.result.adopted.reset();
  return e;
}

inline tally::diagnostic make_diagnostic(std::string code, std::string path, int line, int column,
                                         std::string message, std::string fix) {
  return {std::move(code), std::move(path), line, column, std::move(message), std::move(fix)};
}

// A document that names an undeclared source and has a typo in a key.
inline example invalid() {
  example e;
  e.document.event.id = "broken";
  e.result.status = tally::status::invalid;
  e.result.diagnostics = {
      make_diagnostic("dangling-reference", "/claims/3/source", 41, 17,
                      "claim \"sohr-isis\" names source \"sohrr\", which is not declared.",
                      "declare it under \"sources\" or correct the id (did you mean \"sohr\"?)."),
      make_diagnostic("unknown-key", "/claims/0/qualifer", 12, 5, "claim \"officials-inmates\" has an unknown key \"qualifer\".",
                      "did you mean \"qualifier\"?")};
  return e;
}

}  // namespace report_fixtures
