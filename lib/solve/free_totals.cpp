#include "solve/free_totals.hpp"

#include <boost/pending/disjoint_sets.hpp>

#include <algorithm>

namespace tally::solve {
namespace {

using kind = row_origin::origin_kind;

// whole − Σ parts = 0, the whole first (how formulate writes a relation)
bool is_sum_definition(const row& r, std::size_t whole) {
  if (!r.lower || !r.upper || *r.lower != 0 || *r.upper != 0 || r.terms.size() < 2) return false;
  if (r.terms[0].variable != whole || r.terms[0].coefficient != 1) return false;
  for (std::size_t k = 1; k < r.terms.size(); ++k)
    if (r.terms[k].coefficient != -1 || r.terms[k].variable == whole) return false;
  return true;
}

}  // namespace

free_totals find_free_totals(const formulation& f, const row_mask& active) {
  const linear_system& s = f.system;
  const std::size_t n = s.variables;
  const rows_by_variable by(s, [&](std::size_t r) { return is_active(active, r); });
  // running rows by their earlier variable: v ≤ its next point, and its previous point ≤ v
  std::vector<char> rises_after(n, 0), rises_before(n, 0);
  for (std::size_t r = 0; r < s.rows.size(); ++r)
    if (is_active(active, r) && f.origins[r].kind == kind::running) {
      rises_after[s.rows[r].terms[0].variable] = 1;
      rises_before[s.rows[r].terms[1].variable] = 1;
    }

  std::vector<std::size_t> definition(n, SIZE_MAX);  // the candidate's relation row
  for (std::size_t v = 0; v < n; ++v) {
    std::size_t relation = SIZE_MAX;
    bool is_free = true;
    for (std::size_t k = by.begin[v]; k < by.begin[v + 1] && is_free; ++k) {
      const std::size_t r = by.rows[k];
      switch (f.origins[r].kind) {
        case kind::relation:
          is_free = relation == SIZE_MAX && is_sum_definition(s.rows[r], v);
          relation = r;
          break;
        case kind::running: break;  // checked below, once the parts are known
        default: is_free = false;      // a claim, or a dotted child below it
      }
    }
    if (!is_free || relation == SIZE_MAX) continue;
    const std::vector<term>& terms = s.rows[relation].terms;
    for (std::size_t k = 1; k < terms.size() && is_free; ++k)
      is_free = (!rises_after[v] || rises_after[terms[k].variable]) && (!rises_before[v] || rises_before[terms[k].variable]);
    if (is_free) definition[v] = relation;
  }
  // a candidate that is a part of another stays (the outer one splits more)
  std::vector<char> chosen(n, 0);
  for (std::size_t v = 0; v < n; ++v) chosen[v] = definition[v] != SIZE_MAX;
  for (std::size_t v = 0; v < n; ++v)
    if (definition[v] != SIZE_MAX)
      for (std::size_t k = 1; k < s.rows[definition[v]].terms.size(); ++k)
        if (const std::size_t p = s.rows[definition[v]].terms[k].variable; definition[p] != SIZE_MAX) chosen[p] = 0;

  // Drop the chosen totals' rows; put back any whose parts then share a
  // component, until none does (putting one back can join others' parts).
  free_totals out;
  while (true) {
    out.active.assign(s.rows.size(), 0);
    for (std::size_t r = 0; r < s.rows.size(); ++r) out.active[r] = is_active(active, r);
    for (std::size_t v = 0; v < n; ++v)
      if (chosen[v])
        for (std::size_t k = by.begin[v]; k < by.begin[v + 1]; ++k) out.active[by.rows[k]] = 0;
    boost::disjoint_sets_with_storage<> sets(n);
    for (std::size_t r = 0; r < s.rows.size(); ++r)
      if (out.active[r])
        for (std::size_t k = 1; k < s.rows[r].terms.size(); ++k)
          sets.union_set(s.rows[r].terms[0].variable, s.rows[r].terms[k].variable);
    bool put_back = false;
    std::vector<std::size_t> roots;
    for (std::size_t v = 0; v < n; ++v) {
      if (!chosen[v]) continue;
      roots.clear();
      const std::vector<term>& terms = s.rows[definition[v]].terms;
      for (std::size_t k = 1; k < terms.size(); ++k) roots.push_back(sets.find_set(terms[k].variable));
      std::sort(roots.begin(), roots.end());
      if (std::adjacent_find(roots.begin(), roots.end()) != roots.end()) chosen[v] = 0, put_back = true;
    }
    if (!put_back) break;
  }
  for (std::size_t v = 0; v < n; ++v) {
    if (!chosen[v]) continue;
    free_total total{v, {}};
    const std::vector<term>& terms = s.rows[definition[v]].terms;
    for (std::size_t k = 1; k < terms.size(); ++k) total.parts.push_back(terms[k].variable);
    out.totals.push_back(std::move(total));
  }
  return out;
}

void set_free_total_ranges(const free_totals& totals, ranges_result& ranges) {
  for (const free_total& total : totals.totals) {
    integer low = 0;
    std::optional<integer> high = integer{0};
    for (const std::size_t p : total.parts) {
      low += ranges.min[p];
      if (high && ranges.max[p]) *high += *ranges.max[p];
      else high.reset();
    }
    ranges.min[total.variable] = std::move(low);
    ranges.max[total.variable] = std::move(high);
  }
}

}  // namespace tally::solve
