#include "explain/explanation.hpp"

#include "explain/certificate.hpp"
#include "explain/wording.hpp"
#include "model/rounding.hpp"
#include "solve/propagation.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace tally::explain {
namespace {

using solve::row_origin;

constexpr std::size_t longest_chain = 24;  // steps kept before eliding the middle

bool is_claim_row(const solve::formulation& f, std::size_t row) {
  return f.origins[row].kind == row_origin::origin_kind::claim;
}

std::string bound_text(const solve::formulation& f, std::size_t variable, bool is_upper, const integer& value) {
  return f.variable_name(variable) + (is_upper ? " ≤ " : " ≥ ") + value.str();
}

// The events some roots rest on, oldest first.
std::vector<std::size_t> derivation(const solve::propagation_result& p, const std::vector<std::size_t>& roots) {
  std::vector<char> needed(p.events.size(), 0);
  std::vector<std::size_t> stack = roots;
  while (!stack.empty()) {
    const std::size_t e = stack.back();
    stack.pop_back();
    if (needed[e]) continue;
    needed[e] = 1;
    for (std::size_t premise : p.events[e].premises) stack.push_back(premise);
  }
  std::vector<std::size_t> events;
  for (std::size_t e = 0; e < needed.size(); ++e)
    if (needed[e]) events.push_back(e);
  return events;
}

// Propagation follows the rows in the order they are stored, and the
// formulation stores claims and relations in the order of the file: after a
// mere reshuffle of the file the same conflict could be derived along another
// path, or its claims stated in another order. The explanation works on a
// copy whose rows are ordered by what they say instead: structure by time
// point (implied parents by quantity, then relations by content), running
// counts by quantity and time, claims by time point and id.
bool claim_before(const solve::formulation& f, std::size_t a, std::size_t b) {
  return std::tie(f.claim_time[a], f.claim_id[a]) < std::tie(f.claim_time[b], f.claim_id[b]);
}

solve::formulation canonical(const solve::formulation& f, const claim_set& document) {
  using kind = row_origin::origin_kind;
  auto group = [](kind k) { return k == kind::running ? 1 : k == kind::claim ? 2 : 0; };
  auto before = [&](std::size_t x, std::size_t y) {
    const row_origin &a = f.origins[x], &b = f.origins[y];
    if (group(a.kind) != group(b.kind)) return group(a.kind) < group(b.kind);
    switch (a.kind) {
      case kind::claim: return claim_before(f, a.index, b.index);
      case kind::running: return std::tie(a.index, a.time) < std::tie(b.index, b.time);
      default: break;
    }
    if (a.time != b.time) return a.time < b.time;
    if (a.kind != b.kind) return a.kind == kind::parent;
    if (a.kind == kind::parent) return a.index < b.index;
    const relation &r = document.relations[a.index], &s = document.relations[b.index];
    return std::tie(r.whole, r.parts, r.kind, r.exhaustive) < std::tie(s.whole, s.parts, s.kind, s.exhaustive);
  };
  std::vector<std::size_t> order(f.system.rows.size());
  for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
  std::stable_sort(order.begin(), order.end(), before);
  solve::formulation g = f;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::size_t r = order[i];
    g.system.rows[i] = f.system.rows[r];
    g.origins[i] = f.origins[r];
    if (is_claim_row(f, r)) g.claim_row[f.origins[r].index] = i;
  }
  return g;
}

std::vector<std::size_t> claims_in_order(const solve::formulation& f, const index_set& conflict) {
  std::vector<std::size_t> claims(conflict.begin(), conflict.end());
  std::sort(claims.begin(), claims.end(), [&](std::size_t a, std::size_t b) { return claim_before(f, a, b); });
  return claims;
}

// An event that a running count's row set: the bound of `quantity` at one
// time point carried to the next (a lower bound forward, an upper bound back).
struct running_step {
  std::size_t quantity = 0;
  std::size_t time = 0;  // the row holds from this time point to the next
};

std::optional<running_step> as_running_step(const solve::formulation& f, const solve::propagation_event& e) {
  if (e.row >= f.origins.size() || f.origins[e.row].kind != row_origin::origin_kind::running) return std::nullopt;
  return running_step{f.origins[e.row].index, f.origins[e.row].time};
}

// The contradiction as one stretch of a running count: the count has a lower
// bound at one time point and a smaller upper bound at a later one, and every
// step between them is the count never falling. Propagation carries the two
// bounds towards each other one time point per event and meets somewhere in
// the middle; the reader needs only the two ends.
struct running_span {
  std::size_t quantity = 0;
  std::size_t from = 0, to = 0;      // time points, from < to
  std::size_t lower = 0, upper = 0;  // the events bounding the count at `from` and at `to`
};

std::optional<running_span> as_running_span(const solve::formulation& f, const solve::propagation_result& p) {
  std::optional<std::size_t> lower, upper;
  for (std::size_t e : p.conflict_premises) (p.events[e].is_upper ? upper : lower) = e;
  if (!lower || !upper || p.conflict_premises.size() != 2) return std::nullopt;
  const solve::propagation_event &low = p.events[*lower], &high = p.events[*upper];
  const std::size_t q = f.quantity_of(low.variable);
  if (f.quantity_of(high.variable) != q) return std::nullopt;
  running_span span{q, f.time_of(low.variable), f.time_of(high.variable), *lower, *upper};
  // a running row that fails outright sits between its two premises; bounds that cross share a time point
  const std::optional<running_step> failing =
      p.conflict_row < f.origins.size() && f.origins[p.conflict_row].kind == row_origin::origin_kind::running
          ? std::optional<running_step>(running_step{f.origins[p.conflict_row].index, f.origins[p.conflict_row].time})
          : std::nullopt;
  const bool crossed = span.from == span.to;
  const bool row_failed = failing && failing->quantity == q && failing->time == span.from && span.to == span.from + 1;
  if (!crossed && !row_failed) return std::nullopt;
  auto carried_from = [&](std::size_t e) -> std::optional<std::size_t> {
    const solve::propagation_event& event = p.events[e];
    const std::optional<running_step> step = as_running_step(f, event);
    if (!step || step->quantity != q || event.premises.size() != 1) return std::nullopt;
    if (f.time_of(event.variable) != (event.is_upper ? step->time : step->time + 1)) return std::nullopt;
    return event.premises[0];
  };
  while (const std::optional<std::size_t> earlier = carried_from(span.lower)) span.lower = *earlier, --span.from;
  while (const std::optional<std::size_t> later = carried_from(span.upper)) span.upper = *later, ++span.to;
  if (span.from >= span.to) return std::nullopt;
  return span;
}

std::string both_bounds_sentence(const solve::formulation& f, std::size_t v, const integer& least,
                                 const integer& most) {
  return "So " + f.variable_name(v) + " would have to be at least " + least.str() + " and at most " + most.str() +
         " at once, which is impossible.";
}

// The bound a violated row forces on its variable `k` given the others'
// bounds: when even the row's largest activity falls short of its lower side
// (or its least activity exceeds its upper side), x_k must move beyond its
// own opposite bound. Empty when the rest is unbounded in that direction.
struct forced_bound {
  std::size_t variable = 0;
  bool is_upper = false;
  integer value;
};

std::optional<forced_bound> force_from_row(const solve::row& r, std::size_t k, const solve::propagation_result& p) {
  auto extreme = [&](const solve::term& t, bool largest) -> std::optional<integer> {
    const bool take_upper = (t.coefficient > 0) == largest;
    if (!take_upper) return integer(t.coefficient) * p.lower[t.variable];
    if (!p.upper[t.variable]) return std::nullopt;
    return integer(t.coefficient) * *p.upper[t.variable];
  };
  // falls_short: the row's largest activity is below its lower side.
  for (const bool falls_short : {true, false}) {
    const std::optional<integer>& side = falls_short ? r.lower : r.upper;
    if (!side) continue;
    integer rest_total;
    bool bounded = true;
    std::optional<integer> own;
    for (std::size_t i = 0; i < r.terms.size(); ++i) {
      const std::optional<integer> e = extreme(r.terms[i], falls_short);
      if (!e) {
        bounded = false;
        break;
      }
      if (i == k)
        own = e;
      else
        rest_total += *e;
    }
    if (!bounded || (falls_short ? rest_total + *own >= *side : rest_total + *own <= *side)) continue;
    const solve::term& t = r.terms[k];
    const rational needed = to_rational(*side - rest_total) / rational(t.coefficient);
    // a·x ≥ needed·a when falling short: x ≥ needed for a > 0, x ≤ needed for a < 0
    const bool is_upper = falls_short == (t.coefficient < 0);
    return forced_bound{t.variable, is_upper, is_upper ? detail::floor(needed) : detail::ceil(needed)};
  }
  return std::nullopt;
}

// Why the conflict row cannot hold once the bounds above are known: the
// bound it forces on one of its counts, against what that count already is.
// A forced lower bound is preferred ("so killed ≥ 200" against killed = 181).
std::string impossibility(const solve::formulation& f, const claim_set& document, const solve::propagation_result& p) {
  for (std::size_t v = 0; v < p.lower.size(); ++v)
    if (p.upper[v] && p.lower[v] > *p.upper[v]) return both_bounds_sentence(f, v, p.lower[v], *p.upper[v]);
  const solve::row& r = f.system.rows[p.conflict_row];
  const std::string clause = is_claim_row(f, p.conflict_row)
                                 ? constraint_text(f, document, f.origins[p.conflict_row].index)
                                 : structure_clause(f, document, p.conflict_row);
  if (r.terms.size() == 1) {
    const std::size_t v = r.terms[0].variable;
    if (r.upper && p.lower[v] > *r.upper) return both_bounds_sentence(f, v, p.lower[v], *r.upper);
    if (r.lower && p.upper[v] && *p.upper[v] < *r.lower) return both_bounds_sentence(f, v, *r.lower, *p.upper[v]);
  }
  std::optional<forced_bound> chosen;
  for (std::size_t k = 0; k < r.terms.size(); ++k) {
    const std::optional<forced_bound> b = force_from_row(r, k, p);
    if (b && (!chosen || (chosen->is_upper && !b->is_upper))) chosen = b;
  }
  if (!chosen) return "Then " + clause + " cannot hold with the bounds above.";
  const std::size_t v = chosen->variable;
  const std::string forced = clause + ", so " + bound_text(f, v, chosen->is_upper, chosen->value) + ". ";
  if (chosen->is_upper) return forced + both_bounds_sentence(f, v, p.lower[v], chosen->value);
  return forced + both_bounds_sentence(f, v, chosen->value, *p.upper[v]);
}

// Structural rows within two steps of the conflict's claims: the relations
// that tie the claims together when propagation alone does not show why.
std::vector<std::size_t> linking_rows(const solve::formulation& f, const index_set& conflict) {
  std::set<std::size_t> variables;
  for (std::size_t c : conflict)
    for (const solve::term& t : f.system.rows[f.claim_row[c]].terms) variables.insert(t.variable);
  std::set<std::size_t> rows;
  for (int hop = 0; hop < 2; ++hop) {
    std::set<std::size_t> reached = variables;
    for (std::size_t r = 0; r < f.system.rows.size() && rows.size() < 12; ++r) {
      if (is_claim_row(f, r)) continue;
      const auto& terms = f.system.rows[r].terms;
      if (std::any_of(terms.begin(), terms.end(), [&](const solve::term& t) { return variables.count(t.variable); })) {
        rows.insert(r);
        for (const solve::term& t : terms) reached.insert(t.variable);
      }
    }
    variables = std::move(reached);
  }
  return {rows.begin(), rows.end()};
}

// The integer-only reason a set of exact claims can fail: adding them up
// gives Σ c·x = total where every c is a multiple of g and total is not
// (a + b = b + c = a + c = 11 adds up to 2·a + 2·b + 2·c = 33).
std::optional<std::string> divisibility(const solve::formulation& f, const index_set& conflict) {
  std::map<std::size_t, std::int64_t> sum;
  integer total;
  for (std::size_t c : conflict) {
    const solve::row& r = f.system.rows[f.claim_row[c]];
    if (!r.lower || !r.upper || *r.lower != *r.upper) return std::nullopt;
    for (const solve::term& t : r.terms) sum[t.variable] += t.coefficient;
    total += *r.lower;
  }
  integer g;
  std::string left;
  for (const auto& [v, coefficient] : sum) {
    if (coefficient == 0) continue;
    g = gcd(g, integer(coefficient < 0 ? -coefficient : coefficient));
    left += (left.empty() ? (coefficient < 0 ? "−" : "") : (coefficient < 0 ? " − " : " + "));
    const std::int64_t size = coefficient < 0 ? -coefficient : coefficient;
    left += (size == 1 ? "" : std::to_string(size) + "·") + f.variable_name(v);
  }
  if (g < 2 || total % g == 0) return std::nullopt;
  const std::string reason = g == 2 ? "the left side is even for any whole-number counts, and " + total.str() + " is odd."
                                    : "the left side is a multiple of " + g.str() + " for any whole-number counts, and " +
                                          total.str() + " is not.";
  return "Adding these claims up gives " + left + " = " + total.str() + ": " + reason;
}

std::string joined(const std::vector<std::string>& parts, const char* last_separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i)
    out += (i == 0 ? "" : i + 1 == parts.size() ? last_separator : ", ") + parts[i];
  return out;
}

// A certificate in words: through the relations it uses, whoever the lower
// sides' claims count is counted again by the upper sides' claims, yet the
// former need more people than the latter allow.
std::string counted_twice(const solve::formulation& f, const claim_set& document, const linear_certificate& c) {
  std::vector<std::string> relations, lower, upper;
  std::set<std::size_t> seen;
  for (const certificate_term& t : c.terms) {
    const std::string times = t.multiplier == 1 ? "" : " (counted " + t.multiplier.str() + " times)";
    if (!is_claim_row(f, t.row)) {
      if (seen.insert(t.row).second) relations.push_back(structure_clause(f, document, t.row));
      continue;
    }
    const std::size_t claim = f.origins[t.row].index;
    (t.upper ? upper : lower).push_back(f.claim_id[claim] + " (" + constraint_text(f, document, claim) + ")" + times);
  }
  const std::string through = relations.empty() ? "" : "Through " + joined(relations, " and ") + ", e";
  return (through.empty() ? "E" : through) + "veryone counted by " + joined(lower, " and ") +
         " is counted again by " + joined(upper, " and ") + ": at least " + c.at_least.str() +
         " people would have to fit within at most " + c.at_most.str() + ".";
}

}  // namespace

std::vector<std::string> explain_conflict(const solve::formulation& file_order, const claim_set& document,
                                          const index_set& conflict, const integer& gap) {
  const solve::formulation f = canonical(file_order, document);
  const std::vector<std::size_t> claims = claims_in_order(f, conflict);
  std::vector<char> keep(f.claim_row.size(), 0);
  for (std::size_t c : conflict) keep[c] = 1;
  const solve::propagation_result p = solve::propagate(f.system, f.mask_keeping(keep));

  std::vector<std::string> steps;
  std::vector<char> stated(f.claim_row.size(), 0);
  auto state_claim = [&](std::size_t c) {
    if (stated[c]) return;
    stated[c] = 1;
    steps.push_back(claim_sentence(f, document, c));
  };

  if (p.contradiction) {
    const std::optional<running_span> span = as_running_span(f, p);
    const std::vector<std::size_t> roots =
        span ? std::vector<std::size_t>{span->lower, span->upper} : p.conflict_premises;
    std::vector<std::size_t> events = derivation(p, roots);

    // A running count carries a bound one time point per event; a run of
    // such events, each the only use of the one before, is said once for the
    // whole stretch of time.
    std::vector<std::size_t> uses(p.events.size(), 0);
    for (std::size_t e : roots) ++uses[e];
    for (std::size_t e : events)
      for (std::size_t premise : p.events[e].premises) ++uses[premise];
    std::vector<char> absorbed(p.events.size(), 0);
    std::vector<std::size_t> first(p.events.size()), last(p.events.size());
    for (std::size_t e : events) {
      const std::optional<running_step> step = as_running_step(f, p.events[e]);
      if (!step) continue;
      first[e] = last[e] = step->time;
      if (p.events[e].premises.size() != 1) continue;
      const std::size_t before = p.events[e].premises[0];
      const std::optional<running_step> earlier = as_running_step(f, p.events[before]);
      if (!earlier || earlier->quantity != step->quantity || p.events[before].is_upper != p.events[e].is_upper ||
          uses[before] != 1)
        continue;
      absorbed[before] = 1;
      first[e] = std::min(first[e], first[before]);
      last[e] = std::max(last[e], last[before]);
    }
    events.erase(std::remove_if(events.begin(), events.end(), [&](std::size_t e) { return absorbed[e] != 0; }),
                 events.end());

    std::size_t elided = 0;
    if (events.size() > longest_chain) {
      elided = events.size() - longest_chain;
      events.erase(events.begin() + longest_chain / 2, events.end() - longest_chain / 2);
    }
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (elided && i == longest_chain / 2)
        steps.push_back("… " + std::to_string(elided) + " further steps of the same kind …");
      const solve::propagation_event& e = p.events[events[i]];
      const std::string bound = bound_text(f, e.variable, e.is_upper, e.value);
      if (is_claim_row(f, e.row)) {
        const std::size_t c = f.origins[e.row].index;
        const bool says_it_directly = f.system.rows[e.row].terms.size() == 1 && !stated[c];
        state_claim(c);
        if (!says_it_directly) steps.push_back("So " + bound + ".");
      } else if (const std::optional<running_step> step = as_running_step(f, e)) {
        steps.push_back(running_clause(f, step->quantity, first[events[i]], last[events[i]] + 1) + ", so " + bound +
                        ".");
      } else {
        steps.push_back(structure_clause(f, document, e.row) + ", so " + bound + ".");
      }
    }
    if (span) {
      for (std::size_t c : claims) state_claim(c);
      const std::size_t from = f.variable(span->quantity, span->from), to = f.variable(span->quantity, span->to);
      steps.push_back(running_clause(f, span->quantity, span->from, span->to) + ", so " +
                      p.events[span->lower].value.str() + " ≤ " + f.variable_name(from) + " ≤ " +
                      f.variable_name(to) + " ≤ " + p.events[span->upper].value.str() + ", which is impossible.");
    } else {
      if (is_claim_row(f, p.conflict_row)) state_claim(f.origins[p.conflict_row].index);
      for (std::size_t c : claims) state_claim(c);
      steps.push_back(impossibility(f, document, p));
    }
  } else if (const std::optional<linear_certificate> certificate = farkas_certificate(f, conflict)) {
    for (std::size_t c : claims) state_claim(c);
    steps.push_back(counted_twice(f, document, *certificate));
  } else {
    for (std::size_t c : claims) state_claim(c);
    for (std::size_t r : linking_rows(f, conflict)) steps.push_back(structure_clause(f, document, r) + ".");
    steps.push_back(divisibility(f, conflict).value_or("No whole-number counts satisfy all of these at once."));
  }
  steps.push_back("The claims are " + gap.str() + " apart: their figures would have to move by " + gap.str() +
                  (gap == 1 ? " person" : " people") + " in all for every one of them to hold.");
  return steps;
}

}  // namespace tally::explain
