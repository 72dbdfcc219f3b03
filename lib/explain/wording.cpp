#include "explain/wording.hpp"

namespace tally::explain {
namespace {

std::string sum_text(const std::vector<std::string>& quantities) {
  std::string text;
  for (const std::string& q : quantities) text += (text.empty() ? "" : " + ") + q;
  return text;
}

std::string joined_parts(const relation& r) {
  std::string text;
  for (std::size_t i = 0; i < r.parts.size(); ++i) {
    if (i > 0) text += i + 1 == r.parts.size() ? " and " : ", ";
    text += r.parts[i];
  }
  return text;
}

std::string time_suffix(const solve::formulation& f, std::size_t time) {
  const time_point& t = f.time_points[time];
  return t.is_final() ? std::string{} : " (as of " + t.to_string() + ")";
}

// "2023-08-27", or "the final figure".
std::string point_words(const solve::formulation& f, std::size_t time) {
  const time_point& t = f.time_points[time];
  return t.is_final() ? "the final figure" : t.to_string();
}

// What a claim counts: "killed.isis", "a + b", or for a change, which names
// both ends, "killed (as of 2023-08-27) − killed (as of 2023-08-26)".
std::string claimed_expression(const solve::formulation& f, const claim& c, std::size_t claim) {
  const std::string what = sum_text(c.quantities);
  const std::optional<std::size_t>& since = f.claim_since[claim];
  if (!since) return what;
  const std::string term = c.quantities.size() > 1 ? "(" + what + ")" : what;
  const auto at = [&](std::size_t time) {
    return f.time_points[time].is_final() ? " (final figure)" : " (as of " + point_words(f, time) + ")";
  };
  return term + at(f.claim_time[claim]) + " − " + term + at(*since);
}

std::string qualifier_words(const claim& c) {
  const std::string v = to_exact_string(c.value);
  switch (c.qualifier) {
    case qualifier::exactly: return v;
    case qualifier::at_least: return "at least " + v;
    case qualifier::more_than: return "more than " + v;
    case qualifier::at_most: return "at most " + v;
    case qualifier::fewer_than: return "fewer than " + v;
    case qualifier::between: return "between " + v + " and " + to_exact_string(c.upper.value_or(c.value));
    case qualifier::about: return "about " + v;
    case qualifier::nearly: return "nearly " + v;
  }
  return v;
}

}  // namespace

std::string source_name(const claim_set& document, const std::string& source_id) {
  for (const source& s : document.sources)
    if (s.id == source_id) return s.name.empty() ? s.id : s.name;
  return source_id;
}

std::string constraint_text(const solve::formulation& f, const claim_set& document, std::size_t claim) {
  const tally::claim& c = document.claims[claim];
  const integer_bounds& b = f.claim_bounds[claim];
  const std::string what = claimed_expression(f, c, claim);
  std::string text;
  if (b.upper && *b.upper == b.lower)
    text = what + " = " + b.lower.str();
  else if (b.upper && b.lower > 0)
    text = b.lower.str() + " ≤ " + what + " ≤ " + b.upper->str();
  else if (b.upper)
    text = what + " ≤ " + b.upper->str();
  else
    text = what + " ≥ " + b.lower.str();
  return f.claim_since[claim] ? text : text + time_suffix(f, f.claim_time[claim]);
}

std::string claim_sentence(const solve::formulation& f, const claim_set& document, std::size_t claim) {
  const tally::claim& c = document.claims[claim];
  const std::optional<std::size_t>& since = f.claim_since[claim];
  const std::string about = since ? "the rise in " + sum_text(c.quantities) + " from " + point_words(f, *since) +
                                        " to " + point_words(f, f.claim_time[claim])
                                  : sum_text(c.quantities) + time_suffix(f, f.claim_time[claim]);
  return source_name(document, c.source) + " [" + c.id + "] says " + qualifier_words(c) + " for " + about +
         ", so " + constraint_text(f, document, claim) + ".";
}

std::string running_clause(const solve::formulation& f, std::size_t quantity, std::size_t from, std::size_t to) {
  return f.quantities[quantity] + " is a running count and never falls from " + f.time_points[from].to_string() +
         " to " + f.time_points[to].to_string();
}

std::string structure_clause(const solve::formulation& f, const claim_set& document, std::size_t row) {
  const solve::row_origin& o = f.origins[row];
  const std::string when = time_suffix(f, o.time);
  switch (o.kind) {
    case solve::row_origin::origin_kind::parent:
      return f.quantities[o.index] + " is part of " + f.quantities[f.parent[o.index]] + when;
    case solve::row_origin::origin_kind::running:
      return running_clause(f, o.index, o.time, o.time + 1);
    case solve::row_origin::origin_kind::relation: {
      const relation& r = document.relations[o.index];
      if (r.kind == relation::kind::subset) return r.parts[0] + " is a subset of " + r.whole + when;
      if (r.exhaustive) return r.whole + " = " + sum_text(r.parts) + when;
      return joined_parts(r) + " are separate parts of " + r.whole + ", so " + r.whole + " ≥ " +
             sum_text(r.parts) + when;
    }
    case solve::row_origin::origin_kind::claim:
      return claim_sentence(f, document, o.index);
  }
  return {};
}

}  // namespace tally::explain
