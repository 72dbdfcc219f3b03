#include <tally/validate.hpp>

#include <tally/constraint.hpp>
#include <tally/version.hpp>

#include "model/calendar.hpp"
#include "model/limits.hpp"
#include "model/part_cycles.hpp"
#include "model/quantity_id.hpp"
#include "model/wording.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace tally {
namespace {

// The JSON Pointer of a record ("/claims/3") and of its fields, spelt out
// only when a diagnostic needs it: a large valid document needs none.
struct record_path {
  std::string_view array;
  std::size_t index = 0;

  std::string str() const { return std::string(array) + "/" + std::to_string(index); }
  std::string at(std::string_view key) const { return str() + "/" + std::string(key); }
  std::string at(std::string_view key, std::size_t item) const { return at(key) + "/" + std::to_string(item); }
};

std::string number(const rational& value) { return to_exact_string(value); }

bool is_real_timestamp(const timestamp& t) {
  return detail::is_real_date(t.year, t.month, t.day) && (!t.seconds || (*t.seconds >= 0 && *t.seconds < 86400));
}

bool takes_tolerance(qualifier q) { return q == qualifier::about || q == qualifier::nearly; }

bool is_known(qualifier q) { return qualifier_from_string(to_string(q)).has_value(); }

// Checks one document; each check appends to `found` in document order.
class validator {
 public:
  explicit validator(const claim_set& document) : document_(document) {}

  std::vector<diagnostic> run() {
    quantity_ids_.reserve(document_.quantities.size());
    source_ids_.reserve(document_.sources.size());
    claim_ids_.reserve(document_.claims.size());
    check_format();
    check_event();
    for (std::size_t i = 0; i < document_.quantities.size(); ++i) check_quantity(i);
    for (std::size_t i = 0; i < document_.relations.size(); ++i) check_relation(i);
    for (std::size_t i = 0; i < document_.sources.size(); ++i) check_source(i);
    for (const relation& r : document_.relations)
      for (const std::string& part : r.parts) wholes_of_[part].push_back(r.whole);
    if (document_.claims.empty()) {
      report("no-claims", "/claims", "The document has no claims, so there is nothing to reconcile.",
             "Add at least one claim under \"claims\".");
    }
    for (std::size_t i = 0; i < document_.claims.size(); ++i) check_claim(i);
    for (diagnostic& d : detail::find_part_cycles(document_)) found_.push_back(std::move(d));
    return std::move(found_);
  }

 private:
  void report(std::string code, std::string path, std::string message, std::string fix) {
    diagnostic d;
    d.code = std::move(code);
    d.path = std::move(path);
    d.message = std::move(message);
    d.fix = std::move(fix);
    found_.push_back(std::move(d));
  }

  void check_format() {
    if (document_.format == format_name) return;
    if (document_.format.empty()) {
      report("unsupported-format", "/format", "The document does not say which format it is written in.",
             "Add \"format\": \"tally/1\" at the top level.");
    } else {
      report("unsupported-format", "/format",
             "Format " + detail::in_quotes(document_.format) + " is not one this version of tally reads.",
             "Write the document in the tally/1 format and set \"format\": \"tally/1\".");
    }
  }

  template <typename Path>
  void check_timestamp(const std::optional<timestamp>& t, const Path& path) {
    if (!t || is_real_timestamp(*t)) return;
    report("invalid-timestamp", path(), "Timestamp " + detail::in_quotes(t->to_string()) + " is not a real date and time.",
           "Give a date as YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], with years 1 to 9999.");
  }

  void check_event() {
    const event& e = document_.event;
    check_timestamp(e.start, [] { return std::string("/event/start"); });
    check_timestamp(e.end, [] { return std::string("/event/end"); });
    if (!e.start || !e.end) return;
    // A date alone is a whole day here: only compare times when both have one.
    const bool both_timed = e.start->seconds && e.end->seconds;
    const timestamp start_day{e.start->year, e.start->month, e.start->day, std::nullopt};
    const timestamp end_day{e.end->year, e.end->month, e.end->day, std::nullopt};
    const bool before = both_timed ? e.end->order_key() < e.start->order_key()
                                   : end_day.order_key() < start_day.order_key();
    if (before) {
      report("end-before-start", "/event/end",
             "The event ends (" + e.end->to_string() + ") before it starts (" + e.start->to_string() + ").",
             "Swap or correct \"start\" and \"end\".");
    }
  }

  // Missing, malformed: false when the id is unusable.
  template <typename Path>
  bool check_quantity_id(const std::string& id, const Path& path, std::string_view what) {
    if (id.empty()) {
      report("missing-quantity", path(), std::string(what) + " names no quantity.",
             "Give the quantity's id, e.g. \"killed.civilians\".");
      return false;
    }
    if (!detail::is_valid_quantity_id(id)) {
      report("invalid-id", path(),
             "Quantity id " + detail::in_quotes(id) +
                 " is malformed: an id is segments of ASCII letters, digits, '_' or '-' joined by single dots.",
             "Rename it, e.g. \"killed.kurdish_forces\" (no spaces, no empty segments).");
      return false;
    }
    return true;
  }

  // Reports a missing or repeated id; `seen` maps each id to its first index.
  void check_unique_id(const std::string& id, const record_path& record, std::string_view kind,
                       std::unordered_map<std::string_view, std::size_t>& seen) {
    if (id.empty()) {
      report("missing-id", record.at("id"), "This " + std::string(kind) + " has no \"id\".",
             "Give every " + std::string(kind) + " a unique \"id\".");
      return;
    }
    const auto [it, inserted] = seen.try_emplace(id, record.index);
    if (!inserted) {
      report("duplicate-id", record.at("id"),
             "The " + std::string(kind) + " id " + detail::in_quotes(id) + " is already used by " +
                 record_path{record.array, it->second}.str() + ".",
             "Give each " + std::string(kind) + " its own id, or merge the two records.");
    }
  }

  void check_quantity(std::size_t i) {
    const quantity& q = document_.quantities[i];
    const record_path record{"/quantities", i};
    check_unique_id(q.id, record, "quantity", quantity_ids_);
    if (!q.id.empty()) check_quantity_id(q.id, [&] { return record.at("id"); }, "This quantity");
  }

  // A name repeated in one list would count one group of people twice.
  // Lists are short: up to a point, comparing a name with the ones before
  // it is cheaper than building a hash set.
  void check_repeats(const std::vector<std::string>& names, const record_path& record, std::string_view list) {
    if (names.size() < 2) return;
    constexpr std::size_t max_compared = 16;
    std::unordered_set<std::string_view> seen;
    for (std::size_t j = 0; j < names.size(); ++j) {
      if (names[j].empty()) continue;
      const bool repeated = names.size() <= max_compared
                                ? std::find(names.begin(), names.begin() + j, names[j]) != names.begin() + j
                                : !seen.insert(names[j]).second;
      if (!repeated) continue;
      report("repeated-quantity", record.at(list, j),
             "Quantity " + detail::in_quotes(names[j]) + " is named more than once in the same " +
                 (list == "parts" ? "relation" : "claim") + ".",
             "Name each quantity once; a sum never counts the same people twice.");
    }
  }

  void check_relation(std::size_t i) {
    const relation& r = document_.relations[i];
    const record_path base{"/relations", i};
    if (r.kind == relation::kind::subset) {
      check_subset(r, base);
      return;
    }
    const bool whole_ok = check_quantity_id(r.whole, [&] { return base.at("whole"); }, "This relation's \"whole\"");
    if (r.parts.empty()) {
      report("empty-parts", base.at("parts"), "This relation lists no parts.",
             "List the quantities that add up to " + (whole_ok ? detail::in_quotes(r.whole) : "the whole") + ".");
    }
    for (std::size_t j = 0; j < r.parts.size(); ++j) {
      const auto path = [&] { return base.at("parts", j); };
      if (!check_quantity_id(r.parts[j], path, "This part")) continue;
      if (whole_ok && r.parts[j] == r.whole) {
        report("whole-among-parts", path(), "Quantity " + detail::in_quotes(r.whole) + " is listed among its own parts.",
               "Remove it from \"parts\"; a whole is the sum of other quantities.");
      }
    }
    check_repeats(r.parts, base, "parts");
  }

  void check_subset(const relation& r, const record_path& base) {
    bool ok = check_quantity_id(r.whole, [&] { return base.at("of"); }, "This relation's \"of\"");
    if (r.parts.size() != 1) {
      report(r.parts.empty() ? "missing-quantity" : "invalid-relation", base.at("subset"),
             "A subset relation names exactly one subset; this one names " + std::to_string(r.parts.size()) + ".",
             "Write {\"subset\": A, \"of\": B}, one relation per subset.");
      return;
    }
    ok = check_quantity_id(r.parts[0], [&] { return base.at("subset"); }, "This relation's \"subset\"") && ok;
    if (ok && r.parts[0] == r.whole) {
      report("self-subset", base.at("subset"), "Quantity " + detail::in_quotes(r.whole) + " is declared a subset of itself.",
             "Name two different quantities, or remove the relation (every count is a subset of itself).");
    }
  }

  void check_source(std::size_t i) {
    const source& s = document_.sources[i];
    const record_path base{"/sources", i};
    check_unique_id(s.id, base, "source", source_ids_);
    if (s.reliability <= 0 || s.reliability > 1) {
      report("reliability-out-of-range", base.at("reliability"),
             "Source " + detail::in_quotes(s.id) + " has reliability " + number(s.reliability) +
                 ", outside (0, 1].",
             "Give a reliability greater than 0 and at most 1 (0.5 when unsure).");
    }
  }

  void check_claim(std::size_t i) {
    const claim& c = document_.claims[i];
    const record_path base{"/claims", i};
    check_unique_id(c.id, base, "claim", claim_ids_);
    check_claim_source(c, base);
    if (c.quantities.empty()) {
      report("missing-quantity", base.at("quantity"), "Claim " + detail::in_quotes(c.id) + " names no quantity.",
             "Give \"quantity\": the id of the count the figure is about.");
    }
    for (std::size_t j = 0; j < c.quantities.size(); ++j) {
      const auto path = [&] { return c.quantities.size() > 1 ? base.at("quantity", j) : base.at("quantity"); };
      check_quantity_id(c.quantities[j], path, "This claim's quantity");
    }
    check_repeats(c.quantities, base, "quantity");
    check_timestamp(c.as_of, [&] { return base.at("as_of"); });
    check_since(c, base);
    check_claim_values(c, base);
    if (c.weight && (*c.weight <= 0 || *c.weight > 1)) {
      report("weight-out-of-range", base.at("weight"),
             "Claim " + detail::in_quotes(c.id) + " has weight " + number(*c.weight) + ", outside (0, 1].",
             "Give a weight greater than 0 and at most 1, or leave it out to use the source's reliability.");
    }
  }

  // A change runs forward, from a date before the claim's own, of counts
  // that never fall (a stock's change could be negative, which no figure of
  // people is).
  void check_since(const claim& c, const record_path& base) {
    if (!c.since) return;
    check_timestamp(c.since, [&] { return base.at("since"); });
    if (!is_real_timestamp(*c.since) || (c.as_of && !is_real_timestamp(*c.as_of))) return;
    const time_point from = *claim_since_point(c, document_), to = claim_time_point(c, document_);
    if (from.is_final() || (!to.is_final() && !(from < to))) {
      const std::string until = c.as_of ? "its \"as_of\" (" + c.as_of->to_string() + ")" : "the end of the event";
      report("since-not-before", base.at("since"),
             "Claim " + detail::in_quotes(c.id) + " is about a change since " + c.since->to_string() +
                 ", which is not before " + until + ".",
             "Give \"since\" a date before the claim's own: \"41 killed on 27 August\" is since 2023-08-26, "
             "as of 2023-08-27.");
    }
    check_change_counts_once(c, base);
    for (std::size_t j = 0; j < c.quantities.size(); ++j) {
      const auto it = quantity_ids_.find(c.quantities[j]);
      if (it == quantity_ids_.end() || document_.quantities[it->second].cumulative) continue;
      report("since-on-stock", c.quantities.size() > 1 ? base.at("quantity", j) : base.at("quantity"),
             "Claim " + detail::in_quotes(c.id) + " gives a change since " + c.since->to_string() + " of " +
                 detail::in_quotes(c.quantities[j]) + ", which is not a running count (\"cumulative\": false).",
             "A change is for counts that never fall: claim the stock's own figures at both dates instead.");
    }
  }

  // A change of a sum that holds a quantity and one of its own parts counts
  // those people twice. Its exact answers would need to prove parities
  // ("2·Δ = 183 has no whole solution") along the unbounded levels of the
  // counts, where branch and bound cannot end; so it is refused, and the fix
  // is what the source meant: the change of the larger count alone.
  void check_change_counts_once(const claim& c, const record_path& base) {
    if (c.quantities.size() < 2) return;
    for (std::size_t i = 0; i < c.quantities.size(); ++i) {
      const std::unordered_set<std::string> above = containers(c.quantities[i]);
      for (std::size_t j = 0; j < c.quantities.size(); ++j) {
        if (i == j || !above.count(c.quantities[j])) continue;
        report("since-double-count", base.at("quantity", i),
               "Claim " + detail::in_quotes(c.id) + " gives a change of a sum in which " +
                   detail::in_quotes(c.quantities[i]) + " is also counted within " +
                   detail::in_quotes(c.quantities[j]) + ".",
               "Claim the change of " + detail::in_quotes(c.quantities[j]) + " alone, or of counts that do not overlap.");
        return;
      }
    }
  }

  // Every quantity that contains `id`: its dotted ancestors and the wholes of
  // the relations it is a part or subset of, transitively.
  std::unordered_set<std::string> containers(const std::string& id) const {
    std::unordered_set<std::string> found;
    std::vector<std::string> pending{id};
    while (!pending.empty()) {
      const std::string q = std::move(pending.back());
      pending.pop_back();
      const auto up = [&](const std::string& whole) {
        if (found.insert(whole).second) pending.push_back(whole);
      };
      if (const std::size_t dot = q.rfind('.'); dot != std::string::npos) up(q.substr(0, dot));
      if (const auto it = wholes_of_.find(q); it != wholes_of_.end())
        for (const std::string& whole : it->second) up(whole);
    }
    return found;
  }

  void check_claim_source(const claim& c, const record_path& base) {
    if (c.source.empty()) {
      report("missing-source", base.at("source"), "Claim " + detail::in_quotes(c.id) + " does not say who reported it.",
             "Give \"source\": the id of one of the document's sources.");
      return;
    }
    if (source_ids_.count(c.source)) return;
    // Cached per unknown id, and skipped for huge source lists: suggestions
    // must not make validation quadratic.
    auto [it, inserted] = suggestions_.try_emplace(c.source);
    if (inserted && document_.sources.size() <= 2000) {
      std::vector<std::string_view> ids;
      for (const source& s : document_.sources) ids.push_back(s.id);
      it->second = detail::closest_match(c.source, ids);
    }
    report("dangling-reference", base.at("source"),
           "Claim " + detail::in_quotes(c.id) + " names source " + detail::in_quotes(c.source) + ", which is not declared.",
           "Declare it under \"sources\" or correct the id" + detail::did_you_mean(it->second) + ".");
  }

  void check_claim_values(const claim& c, const record_path& base) {
    const auto name = [&] { return detail::in_quotes(c.id); };
    if (c.value < 0) {
      report("negative-value", base.at("value"), "Claim " + name() + " has the negative value " + number(c.value) + ".",
             "Counts of people are never negative: give the figure as reported.");
    }
    if (!is_known(c.qualifier)) {
      report("unknown-qualifier", base.at("qualifier"), "Claim " + name() + " has an unknown qualifier.",
             "Use one of exactly, at_least, more_than, at_most, fewer_than, between, about, nearly.");
      return;
    }
    const std::string_view qualifier_name = to_string(c.qualifier);
    if (c.qualifier == qualifier::exactly && boost::multiprecision::denominator(c.value) != 1) {
      report("fractional-exactly", base.at("value"),
             "Claim " + name() + " says exactly " + number(c.value) + ", which is not a whole number of people.",
             "Use a whole number, or a qualifier such as \"about\" for an approximate figure.");
    }
    if (c.qualifier == qualifier::between) {
      if (!c.upper) {
        report("missing-upper", base.at("upper"), "Claim " + name() + " says between but gives no \"upper\".",
               "Add \"upper\": the larger figure of the range.");
      } else if (*c.upper < 0) {
        report("negative-value", base.at("upper"),
               "Claim " + name() + " has the negative upper figure " + number(*c.upper) + ".",
               "Counts of people are never negative: give the figure as reported.");
      } else if (c.value > *c.upper) {
        report("inverted-range", base.at("upper"),
               "Claim " + name() + " says between " + number(c.value) + " and " + number(*c.upper) +
                   ", but the lower figure is the larger.",
               "Swap \"value\" and \"upper\".");
      }
    } else if (c.upper) {
      report("unexpected-upper", base.at("upper"),
             "Claim " + name() + " gives \"upper\" but its qualifier is " + std::string(qualifier_name) + ".",
             "Remove \"upper\", or use \"qualifier\": \"between\" for a range.");
    }
    if (!c.tolerance) return;
    if (!takes_tolerance(c.qualifier)) {
      report("unexpected-tolerance", base.at("tolerance"),
             "Claim " + name() + " gives \"tolerance\" but its qualifier is " + std::string(qualifier_name) + ".",
             "Remove \"tolerance\"; only \"about\" and \"nearly\" claims have one.");
    } else if (*c.tolerance < 0 || *c.tolerance >= 1) {
      report("tolerance-out-of-range", base.at("tolerance"),
             "Claim " + name() + " has tolerance " + number(*c.tolerance) + ", outside [0, 1).",
             "Give a fraction of the value such as 0.1 (for ±10%).");
    }
  }

  const claim_set& document_;
  std::vector<diagnostic> found_;
  std::unordered_map<std::string_view, std::size_t> quantity_ids_, source_ids_, claim_ids_;
  std::unordered_map<std::string, std::string> suggestions_;
  std::unordered_map<std::string, std::vector<std::string>> wholes_of_;  // part or subset → wholes
};

}  // namespace

std::vector<diagnostic> validate(const claim_set& document, const limits& caps) {
  std::vector<diagnostic> past_limits = detail::check_limits(document, caps);
  if (!past_limits.empty()) return past_limits;
  return validator(document).run();
}

}  // namespace tally
