#include "explain/certificate.hpp"

#include "solve/box_problem.hpp"
#include "solve/dense_simplex.hpp"

#include <limits>
#include <map>

namespace tally::explain {
namespace {

struct side_variable {
  std::size_t row;
  bool upper;
};

bool fits_64(const integer& value) {
  return value >= integer(std::numeric_limits<std::int64_t>::min() + 1) &&
         value <= integer(std::numeric_limits<std::int64_t>::max());
}

// The exact check of a candidate, so that no explanation rests on the LP alone.
bool verified(const solve::formulation& f, linear_certificate& c) {
  std::map<std::size_t, integer> net;  // Σ over upper sides − Σ over lower sides, per count
  c.at_least = 0;
  c.at_most = 0;
  for (const certificate_term& t : c.terms) {
    const solve::row& r = f.system.rows[t.row];
    for (const solve::term& term : r.terms) net[term.variable] += (t.upper ? 1 : -1) * t.multiplier * term.coefficient;
    (t.upper ? c.at_most : c.at_least) += t.multiplier * (t.upper ? *r.upper : *r.lower);
  }
  for (const auto& [variable, coefficient] : net)
    if (coefficient < 0) return false;
  return c.at_least > c.at_most;
}

}  // namespace

std::optional<linear_certificate> farkas_certificate(const solve::formulation& f, const index_set& conflict) {
  std::vector<char> keep(f.claim_row.size(), 0);
  for (std::size_t c : conflict) keep[c] = 1;
  const solve::row_mask active = f.mask_keeping(keep);

  // Dual: one variable per row side; for every count j,
  // Σ_upper a_rj·u_r − Σ_lower a_rj·v_r ≥ 0, and Σ v_r·L_r − Σ u_r·U_r ≥ 1.
  std::vector<side_variable> sides;
  std::map<std::size_t, std::vector<solve::term>> per_count;
  solve::row normalisation;
  normalisation.lower = integer(1);
  for (std::size_t r = 0; r < f.system.rows.size(); ++r) {
    if (!solve::is_active(active, r)) continue;
    std::vector<solve::term> terms = f.system.rows[r].terms;
    solve::merge_terms(terms);
    for (const bool upper : {false, true}) {
      const std::optional<integer>& bound = upper ? f.system.rows[r].upper : f.system.rows[r].lower;
      if (!bound) continue;
      if (!fits_64(*bound)) return std::nullopt;
      const std::size_t k = sides.size();
      sides.push_back({r, upper});
      for (const solve::term& t : terms) per_count[t.variable].push_back({k, upper ? t.coefficient : -t.coefficient});
      const std::int64_t side = bound->convert_to<std::int64_t>();
      if (side != 0) normalisation.terms.push_back({k, upper ? -side : side});
    }
  }
  if (normalisation.terms.empty()) return std::nullopt;

  solve::box_problem dual;
  dual.variables = sides.size();
  dual.lower.assign(sides.size(), integer(0));
  dual.upper.assign(sides.size(), std::nullopt);
  for (auto& [count, terms] : per_count) {
    solve::merge_terms(terms);
    if (terms.size() == 1) {
      // a·w ≥ 0 alone: nothing when a > 0, w = 0 when a < 0
      if (terms[0].coefficient < 0) dual.upper[terms[0].variable] = integer(0);
      continue;
    }
    if (!terms.empty()) dual.rows.push_back(solve::row{std::move(terms), integer(0), std::nullopt});
  }
  solve::merge_terms(normalisation.terms);
  dual.rows.push_back(std::move(normalisation));
  if (solve::dense_cells(dual.variables, dual.rows.size()) > solve::dense_cell_limit) return std::nullopt;

  solve::work_counters work;
  solve::dense_simplex<rational> lp(dual);
  if (lp.find_feasible(work) != solve::lp_status::optimal) return std::nullopt;
  std::vector<solve::term> fewest;
  for (std::size_t k = 0; k < sides.size(); ++k) fewest.push_back({k, 1});
  if (lp.minimize(fewest, work) != solve::lp_status::optimal) return std::nullopt;

  integer scale = 1;
  for (std::size_t k = 0; k < sides.size(); ++k)
    scale = lcm(scale, denominator_of(lp.value(k)));
  linear_certificate out;
  for (std::size_t k = 0; k < sides.size(); ++k) {
    const rational scaled = lp.value(k) * to_rational(scale);
    if (scaled != 0) out.terms.push_back({sides[k].row, sides[k].upper, numerator_of(scaled)});
  }
  if (!verified(f, out)) return std::nullopt;
  return out;
}

}  // namespace tally::explain
