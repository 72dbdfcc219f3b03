#include "explain/distance.hpp"

#include "model/rounding.hpp"
#include "solve/branch_and_bound.hpp"
#include "solve/component_solver.hpp"
#include "solve/integer_program.hpp"
#include "solve/propagated_bounds.hpp"
#include "solve/propagation.hpp"

#include <tally/error.hpp>

#include <algorithm>
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
  for (const rational& w : f.claim_weight) scale = lcm(scale, denominator_of(w));
  std::vector<std::int64_t> weights;
  const integer limit = integer(std::numeric_limits<std::int64_t>::max() / 1024);
  for (const rational& w : f.claim_weight) {
    const integer scaled = numerator_of(w) * (scale / denominator_of(w));
    if (scaled > limit) return std::vector<std::int64_t>(f.claim_weight.size(), 1);
    weights.push_back(scaled.convert_to<std::int64_t>());
  }
  return weights;
}

integer stated_target(const solve::formulation& f, std::size_t c) {
  integer target = detail::floor(*f.claim_figure[c] + rational(1, 2));
  const integer_bounds& b = f.claim_bounds[c];
  if (b.upper && target > *b.upper) target = *b.upper;
  if (target < b.lower) target = b.lower;
  return target;
}

// The gap optimisation, first on the structure near the conflict's counts.
// Dropping the relations that reach beyond a neighbourhood relaxes the
// problem, so its optimum is a lower bound on the gap; it is the gap when
// that optimum's counts extend to the whole structure (every structural row
// is homogeneous, so what lies beyond a closed neighbourhood follows at 0,
// and otherwise one feasibility check decides). Else the radius doubles,
// up to the whole structure. A daily series' conflict between two days
// thus costs the few days around them, not the whole series.
class gap_search {
 public:
  gap_search(const solve::formulation& f, const index_set& conflict)
      : f_(f), conflict_(conflict), structure_(f.system, [this](std::size_t r) { return structural(r); }) {}

  integer solve(solve::work_counters& work) {
    const std::size_t n = f_.system.variables;
    std::vector<char> reached_already(n, 0);
    std::vector<std::size_t> frontier;
    for (std::size_t c : conflict_)
      for (const term& t : f_.system.rows[f_.claim_row[c]].terms)
        if (!reached_already[t.variable]) reached_already[t.variable] = 1, frontier.push_back(t.variable);
    std::vector<std::size_t> reached = frontier;
    std::vector<char> row_seen(f_.system.rows.size(), 0);
    for (std::size_t radius = 0, target = 2;; ++radius) {
      // one more step out: every variable sharing a structural row with the frontier
      std::vector<std::size_t> grown;
      for (std::size_t v : frontier)
        for (std::size_t k = structure_.begin[v]; k < structure_.begin[v + 1]; ++k)
          for (const term& t : f_.system.rows[structure_.rows[k]].terms)
            if (!reached_already[t.variable]) reached_already[t.variable] = 1, grown.push_back(t.variable);
      frontier = std::move(grown);
      reached.insert(reached.end(), frontier.begin(), frontier.end());
      const bool closed = frontier.empty();
      if (!closed && radius + 1 < target) continue;
      target *= 2;
      // the structural rows wholly inside the neighbourhood
      std::vector<std::size_t> local(n, npos), rows;
      for (std::size_t j = 0; j < reached.size(); ++j) local[reached[j]] = j;
      for (std::size_t v : reached)
        for (std::size_t k = structure_.begin[v]; k < structure_.begin[v + 1]; ++k) {
          const std::size_t r = structure_.rows[k];
          if (row_seen[r]) continue;
          row_seen[r] = 1;
          bool inside = true;
          for (const term& t : f_.system.rows[r].terms) inside = inside && local[t.variable] != npos;
          if (inside) rows.push_back(r);
        }
      for (std::size_t v : reached)
        for (std::size_t k = structure_.begin[v]; k < structure_.begin[v + 1]; ++k) row_seen[structure_.rows[k]] = 0;
      linear_system s;
      s.variables = reached.size();
      for (std::size_t r : rows) s.rows.push_back(renumbered(f_.system.rows[r], local));
      const std::vector<term> objective = add_relaxed_claims(s, local);
      const solve::optimum best = solve::integer_minimize(s, {}, objective, work);
      const integer gap = solved_value(best, "gap");
      if (closed || extends(best.point, reached, work)) return gap;
    }
  }

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  bool structural(std::size_t r) const { return f_.origins[r].kind != solve::row_origin::origin_kind::claim; }

  static row renumbered(const row& r, const std::vector<std::size_t>& local) {
    row out{r.terms, r.lower, r.upper};
    for (term& t : out.terms) t.variable = local[t.variable];
    return out;
  }

  // Each claim of the conflict with its bounds moved by non-negative slacks,
  // whose sum is the objective.
  std::vector<term> add_relaxed_claims(linear_system& s, const std::vector<std::size_t>& local) const {
    std::vector<term> objective;
    for (std::size_t c : conflict_) {
      const row claimed = renumbered(f_.system.rows[f_.claim_row[c]], local);
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
    return objective;
  }

  // Whether the whole structure has an integer point with the
  // neighbourhood's counts at `point`.
  bool extends(const std::vector<integer>& point, const std::vector<std::size_t>& reached,
               solve::work_counters& work) const {
    linear_system whole = structural_copy(f_);
    for (std::size_t j = 0; j < reached.size(); ++j)
      whole.rows.push_back(row{{{reached[j], 1}}, point[j], point[j]});
    return solve::integer_feasible(whole, {}, work);
  }

  const solve::formulation& f_;
  const index_set& conflict_;
  solve::rows_by_variable structure_;  // the structural rows of each variable
};

// The gap of a conflict whose claims and relations form a network where
// propagation is exact (Berge-acyclic, ±1: a category tree at one date,
// such as the seed report's), proven without an LP when it can be.
// Propagating the conflict's claims ends in a contradiction of some excess
// v, derived as a sum of rows (each step adds one row, coefficients ±1);
// when no claim enters that sum twice, claims relaxed by less than v in all
// leave it violated, so the gap is at least v. When relaxing one side of
// one claim by v lets propagation reach a fixpoint, which on such a
// network proves an integer point, the gap is at most v. Otherwise the LP
// decides (nullopt).
std::optional<integer> gap_by_propagation(const solve::formulation& f, const index_set& conflict) {
  const std::size_t m = f.system.rows.size();
  solve::row_mask mask(m, 0);
  for (std::size_t r = 0; r < m; ++r) mask[r] = f.origins[r].kind != solve::row_origin::origin_kind::claim;
  for (std::size_t c : conflict) mask[f.claim_row[c]] = 1;
  if (!solve::propagation_is_exact(f.system, mask)) return std::nullopt;
  const std::size_t sweeps = f.system.variables + m + solve::propagation_sweeps;
  const solve::propagation_result p = solve::propagate(f.system, mask, sweeps);
  if (!p.contradiction || p.excess <= 0) return std::nullopt;
  const integer& v = p.excess;

  // How often each event and each row enter the derivation (2: more than once).
  const auto add = [](unsigned char& to, unsigned char by) { to = static_cast<unsigned char>(std::min(2, to + by)); };
  std::vector<unsigned char> event_uses(p.events.size(), 0), row_uses(m, 0);
  for (std::size_t e : p.conflict_premises) add(event_uses[e], 1);
  if (p.row_failed) add(row_uses[p.conflict_row], 1);
  for (std::size_t e = p.events.size(); e-- > 0;) {  // premises come before the events they imply
    if (event_uses[e] == 0) continue;
    add(row_uses[p.events[e].row], event_uses[e]);
    for (std::size_t premise : p.events[e].premises) add(event_uses[premise], event_uses[e]);
  }
  const std::size_t* relaxable = nullptr;
  for (const std::size_t& c : conflict) {
    if (row_uses[f.claim_row[c]] > 1) return std::nullopt;
    if (!relaxable && row_uses[f.claim_row[c]] == 1) relaxable = &c;
  }
  if (!relaxable) return std::nullopt;

  solve::linear_system relaxed = f.system;
  row& claimed = relaxed.rows[f.claim_row[*relaxable]];
  for (const bool lower : {true, false}) {
    std::optional<integer>& side = lower ? claimed.lower : claimed.upper;
    if (!side) continue;
    const integer original = *side;
    *side = lower ? integer(original - v) : integer(original + v);
    const solve::propagated_bounds q = solve::propagate_bounds(relaxed, mask, sweeps);
    *side = original;
    if (!q.contradiction && q.fixpoint) return v;
  }
  return std::nullopt;
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
  if (const std::optional<integer> proven = gap_by_propagation(f, conflict)) return *proven;
  return gap_search(f, conflict).solve(work);
}

estimates estimate_counts(const solve::formulation& f, const std::vector<char>& in_force,
                          const solve::free_totals& totals, const solve::ranges_result& ranges, unsigned threads,
                          solve::work_counters& work) {
  // A count whose range is one number has that value in every solution, so
  // it is substituted: the rows lose it, a claim on fixed counts alone adds
  // a constant to the objective, and what is left falls apart into smaller
  // components (a fully pinned document needs no optimisation at all).
  const std::size_t n = f.system.variables;
  std::vector<char> fixed(n, 0);
  for (std::size_t v = 0; v < n; ++v) fixed[v] = ranges.max[v] && *ranges.max[v] == ranges.min[v];
  // the row without its fixed terms, the sides moved by their value; false
  // when no term is left (the row then holds: the ranges are feasible)
  const auto substituted = [&](const row& original, row& out) {
    out.terms.clear();
    integer constant = 0;
    for (const term& t : original.terms)
      if (fixed[t.variable]) constant += t.coefficient * ranges.min[t.variable];
      else out.terms.push_back(t);
    out.lower = original.lower ? std::optional<integer>(*original.lower - constant) : std::nullopt;
    out.upper = original.upper ? std::optional<integer>(*original.upper - constant) : std::nullopt;
    return !out.terms.empty();
  };

  linear_system s;
  s.variables = n;
  row reduced;
  for (std::size_t r = 0; r < f.system.rows.size(); ++r)
    if (f.origins[r].kind != solve::row_origin::origin_kind::claim && totals.active[r] &&
        substituted(f.system.rows[r], reduced))
      s.rows.push_back(reduced);
  for (std::size_t c = 0; c < f.claim_row.size(); ++c)
    if (in_force[c] && substituted(f.system.rows[f.claim_row[c]], reduced)) s.rows.push_back(reduced);

  // Each stated figure in force gets two distances, above and below it;
  // the LP starts with every count at its least and each distance where
  // that puts it, so that only the relations can need a phase 1.
  const std::vector<std::int64_t> weights = integer_weights(f);
  std::vector<term> objective;
  std::vector<integer> start = ranges.min;
  for (std::size_t c = 0; c < f.claim_row.size(); ++c) {
    if (!in_force[c] || !f.claim_figure[c]) continue;
    const integer target = stated_target(f, c);
    if (!substituted(row{f.system.rows[f.claim_row[c]].terms, target, target}, reduced)) continue;
    const std::size_t above = add_variable(s), below = add_variable(s);
    integer off = -*reduced.lower;
    for (const term& t : reduced.terms) off += t.coefficient * start[t.variable];
    start.resize(s.variables, integer{0});
    if (off > 0) start[above] = off;
    else start[below] = -off;
    reduced.terms.push_back({above, -1});
    reduced.terms.push_back({below, 1});
    s.rows.push_back(reduced);
    objective.push_back({above, weights[c]});
    objective.push_back({below, weights[c]});
  }

  // The ranges hold for every solution, so the optimisation starts from
  // them; a distance is at least 0.
  solve::known_bounds known{ranges.min, ranges.max, std::move(start)};
  known.lower.resize(s.variables, integer{0});
  known.upper.resize(s.variables, std::nullopt);
  known.start.resize(s.variables, integer{0});
  const solve::common_values common =
      solve::values_common_to_minimizers(s, objective, work, estimate_node_limit, threads, &known);

  using why = range::missing_estimate;
  estimates out;
  out.value.assign(n, std::nullopt);
  out.no_estimate.assign(n, why::none);
  for (std::size_t v = 0; v < n; ++v) {
    if (fixed[v]) {
      out.value[v] = ranges.min[v];
      continue;
    }
    switch (common.status[v]) {
      case solve::common_values::kind::pinned: out.value[v] = common.value[v]; break;
      case solve::common_values::kind::unconstrained: out.no_estimate[v] = why::no_figure; break;
      case solve::common_values::kind::varies: out.no_estimate[v] = why::tie; break;
      case solve::common_values::kind::unsearched: out.no_estimate[v] = why::search_limit; break;
    }
  }
  // A free total's parts lie in different components, so its closest fits
  // are every combination of theirs: the sum is one number exactly when
  // each part is.
  const auto rank = [](why w) {
    return w == why::search_limit ? 3 : w == why::tie ? 2 : w == why::no_figure ? 1 : 0;
  };
  for (const solve::free_total& total : totals.totals) {
    integer sum = 0;
    why missing = why::none;
    for (const std::size_t p : total.parts)
      if (out.value[p]) sum += *out.value[p];
      else if (rank(out.no_estimate[p]) > rank(missing)) missing = out.no_estimate[p];
    out.no_estimate[total.variable] = missing;
    out.value[total.variable] = missing == why::none ? std::optional<integer>(std::move(sum)) : std::nullopt;
  }
  return out;
}

}  // namespace tally::explain
