#include "explain/distance.hpp"

#include "model/rounding.hpp"
#include "solve/branch_and_bound.hpp"
#include "solve/integer_program.hpp"

#include <tally/error.hpp>

#include <limits>
#include <optional>

namespace tally::explain {
namespace {

using solve::linear_system;
using solve::row;
using solve::term;

// Estimates are best guesses: their searches get a smaller budget than ranges.
constexpr std::size_t estimate_node_limit = 5000;

std::size_t add_variable(linear_system& s) { return s.variables++; }

linear_system structural_copy(const solve::formulation& f) {
  linear_system s;
  s.variables = f.system.variables;
  for (std::size_t r = 0; r < f.system.rows.size(); ++r)
    if (f.origins[r].kind != solve::row_origin::origin_kind::claim) s.rows.push_back(f.system.rows[r]);
  return s;
}

integer solved_value(const solve::optimum& o, const char* what) {
  if (o.status != solve::optimum::kind::optimal)
    throw tally::error(std::string("internal: the ") + what + " optimisation did not reach an optimum");
  return o.value;
}

// Claim weights as integers with the same ratios (multiplied by the least
// common denominator); all 1 when they do not fit the solver's coefficients.
std::vector<std::int64_t> integer_weights(const solve::formulation& f) {
  integer scale = 1;
  for (const rational& w : f.claim_weight) scale = lcm(scale, integer(boost::multiprecision::denominator(w)));
  std::vector<std::int64_t> weights;
  const integer limit = integer(std::numeric_limits<std::int64_t>::max() / 1024);
  for (const rational& w : f.claim_weight) {
    const integer scaled = integer(boost::multiprecision::numerator(w)) * (scale / integer(boost::multiprecision::denominator(w)));
    if (scaled > limit) return std::vector<std::int64_t>(f.claim_weight.size(), 1);
    weights.push_back(scaled.convert_to<std::int64_t>());
  }
  return weights;
}

integer stated_target(const solve::formulation& f, std::size_t c) {
  integer target = detail::floor(f.claim_value[c] + rational(1, 2));
  const integer_bounds& b = f.claim_bounds[c];
  if (b.upper && target > *b.upper) target = *b.upper;
  if (target < b.lower) target = b.lower;
  return target;
}

}  // namespace

integer conflict_gap(const solve::formulation& f, const index_set& conflict, solve::work_counters& work) {
  // Two sources' figures for one count (the commonest conflict of all): the
  // gap is the distance between their ranges, since the relations alone let
  // a single count take any value ≥ 0 (every relation is homogeneous, so
  // the rest of the document can follow it).
  if (conflict.size() == 2) {
    const row& a = f.system.rows[f.claim_row[conflict[0]]];
    const row& b = f.system.rows[f.claim_row[conflict[1]]];
    const auto single = [](const row& r) { return r.terms.size() == 1 && r.terms[0].coefficient == 1; };
    if (single(a) && single(b) && a.terms[0].variable == b.terms[0].variable) {
      const auto apart = [](const row& low, const row& high) -> std::optional<integer> {
        // how far `low`'s range lies below `high`'s
        if (!low.upper || !high.lower || *low.upper < 0) return std::nullopt;
        return *high.lower - *low.upper;
      };
      const std::optional<integer> ab = apart(a, b), ba = apart(b, a);
      if (ab && *ab > 0) return *ab;
      if (ba && *ba > 0) return *ba;
    }
  }
  linear_system s = structural_copy(f);
  std::vector<term> objective;
  for (std::size_t c : conflict) {
    const row& claimed = f.system.rows[f.claim_row[c]];
    if (claimed.lower) {
      row r{claimed.terms, claimed.lower, std::nullopt};
      const std::size_t slack = add_variable(s);
      r.terms.push_back({slack, 1});
      objective.push_back({slack, 1});
      s.rows.push_back(std::move(r));
    }
    if (claimed.upper) {
      row r{claimed.terms, std::nullopt, claimed.upper};
      const std::size_t slack = add_variable(s);
      r.terms.push_back({slack, -1});
      objective.push_back({slack, 1});
      s.rows.push_back(std::move(r));
    }
  }
  return solved_value(solve::integer_minimize(s, {}, objective, work), "gap");
}

std::vector<integer> estimate_counts(const solve::formulation& f, const std::vector<char>& in_force,
                                     solve::work_counters& work) {
  linear_system s = structural_copy(f);
  for (std::size_t c = 0; c < f.claim_row.size(); ++c)
    if (in_force[c]) s.rows.push_back(f.system.rows[f.claim_row[c]]);

  const std::vector<std::int64_t> weights = integer_weights(f);
  std::vector<term> near_in_force, near_dropped;
  for (std::size_t c = 0; c < f.claim_row.size(); ++c) {
    const integer target = stated_target(f, c);
    row deviation{f.system.rows[f.claim_row[c]].terms, target, target};
    const std::size_t above = add_variable(s), below = add_variable(s);
    deviation.terms.push_back({above, -1});
    deviation.terms.push_back({below, 1});
    s.rows.push_back(std::move(deviation));
    auto& objective = in_force[c] ? near_in_force : near_dropped;
    objective.push_back({above, weights[c]});
    objective.push_back({below, weights[c]});
  }
  std::vector<term> total_count;
  for (std::size_t v = 0; v < f.system.variables; ++v) total_count.push_back({v, 1});

  // A stage whose search outgrows estimate_node_limit (branch and bound can
  // creep along a face of optima one unit at a time when counts are huge)
  // keeps the point of the stages before it; when the first stage does,
  // there is no estimate.
  solve::optimum best;
  for (const std::vector<term>* objective : {&near_in_force, &near_dropped, &total_count}) {
    if (objective->empty()) continue;
    try {
      best = solve::integer_minimize(s, {}, *objective, work, estimate_node_limit);
    } catch (const solve::search_limit_reached&) {
      if (best.point.empty()) return {};
      break;
    }
    const integer value = solved_value(best, "estimate");
    s.rows.push_back(row{*objective, std::nullopt, value});  // keep this stage's optimum
  }
  best.point.resize(f.system.variables);
  return best.point;
}

}  // namespace tally::explain
