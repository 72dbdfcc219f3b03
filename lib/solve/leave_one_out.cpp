#include "leave_one_out.hpp"

#include "propagation.hpp"

#include <tally/error.hpp>

#include <algorithm>
#include <optional>

namespace tally::solve {
namespace {

// A closed integer interval; an empty side is infinite.
struct interval {
  std::optional<integer> lo, hi;
  bool empty() const { return lo && hi && *lo > *hi; }
};

interval meet(const interval& a, const interval& b) {
  interval out = a;
  if (b.lo && (!out.lo || *b.lo > *out.lo)) out.lo = b.lo;
  if (b.hi && (!out.hi || *b.hi < *out.hi)) out.hi = b.hi;
  return out;
}

integer floor_div(const integer& a, std::int64_t d) {
  integer q = a / d, r = a % d;
  if (r != 0 && ((r < 0) != (d < 0))) --q;
  return q;
}
integer ceil_div(const integer& a, std::int64_t d) { return -floor_div(-a, d); }

// Σ over a row's terms of coefficient·interval, kept so that each term's own
// part can be taken out again: finite sums plus counts of infinite parts.
struct row_sum {
  integer low = 0, high = 0;
  std::size_t low_infinite = 0, high_infinite = 0;

  static std::pair<std::optional<integer>, std::optional<integer>> part(std::int64_t c, const interval& x) {
    // c·x over x in [lo, hi]
    if (c > 0)
      return {x.lo ? std::optional<integer>(*x.lo * c) : std::nullopt, x.hi ? std::optional<integer>(*x.hi * c) : std::nullopt};
    return {x.hi ? std::optional<integer>(*x.hi * c) : std::nullopt, x.lo ? std::optional<integer>(*x.lo * c) : std::nullopt};
  }
  void add(std::int64_t c, const interval& x, int sign) {
    const auto [lo, hi] = part(c, x);
    if (lo) low += sign * *lo; else low_infinite = sign > 0 ? low_infinite + 1 : low_infinite - 1;
    if (hi) high += sign * *hi; else high_infinite = sign > 0 ? high_infinite + 1 : high_infinite - 1;
  }
};

struct graph {
  // rows[r]: its merged terms; incident[v]: (row, position in that row's terms)
  std::vector<std::vector<term>> terms;
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> incident;
};

}  // namespace

std::vector<char> still_infeasible_without_each(const linear_system& system, const row_mask& active,
                                                const std::vector<std::size_t>& rows) {
  const std::size_t n = system.variables, m = system.rows.size();
  graph g;
  g.terms.resize(m);
  g.incident.resize(n);
  bool empty_row_infeasible = false;
  for (std::size_t r = 0; r < m; ++r) {
    if (!is_active(active, r)) continue;
    g.terms[r] = system.rows[r].terms;
    merge_terms(g.terms[r]);
    if (g.terms[r].empty()) {
      const row& source = system.rows[r];
      if ((source.lower && *source.lower > 0) || (source.upper && *source.upper < 0)) empty_row_infeasible = true;
      continue;
    }
    for (std::size_t k = 0; k < g.terms[r].size(); ++k) g.incident[g.terms[r][k].variable].push_back({r, k});
  }

  // Messages on each incidence (row r, position k): from the variable to the
  // row (its range under every other row) and from the row to the variable.
  std::vector<std::vector<interval>> to_row(m), to_variable(m);
  for (std::size_t r = 0; r < m; ++r) {
    to_row[r].resize(g.terms[r].size());
    to_variable[r].resize(g.terms[r].size());
  }
  const interval domain{integer(0), std::nullopt};

  const auto row_message = [&](std::size_t r, std::size_t k) {
    // The range of term k's variable under row r, given the others' messages.
    row_sum sum;
    for (std::size_t i = 0; i < g.terms[r].size(); ++i) {
      if (i == k) continue;
      if (to_row[r][i].empty()) return interval{integer(1), integer(0)};  // nothing is possible
      sum.add(g.terms[r][i].coefficient, to_row[r][i], +1);
    }
    const row& source = system.rows[r];
    // lower ≤ c·x + S ≤ upper, so c·x ∈ [lower − max S, upper − min S].
    std::optional<integer> lo, hi;
    if (source.lower && sum.high_infinite == 0) lo = *source.lower - sum.high;
    if (source.upper && sum.low_infinite == 0) hi = *source.upper - sum.low;
    const std::int64_t c = g.terms[r][k].coefficient;
    interval x;
    if (c > 0) {
      if (lo) x.lo = ceil_div(*lo, c);
      if (hi) x.hi = floor_div(*hi, c);
    } else {
      if (hi) x.lo = ceil_div(*hi, c);
      if (lo) x.hi = floor_div(*lo, c);
    }
    return x;
  };
  const auto variable_message = [&](std::size_t v, std::size_t skip_row) {
    interval x = domain;
    for (const auto& [r, k] : g.incident[v])
      if (r != skip_row) x = meet(x, to_variable[r][k]);
    return x;
  };

  // Each tree rooted at its lowest variable; an order in which every node
  // comes after its parent (variables and rows alike).
  struct node {
    bool is_row;
    std::size_t index, parent_link;  // for a row: the position k of its parent variable
  };
  std::vector<char> seen_variable(n, 0), seen_row(m, 0);
  std::vector<node> order;
  std::vector<std::size_t> tree_of_variable(n, SIZE_MAX), roots;
  for (std::size_t root = 0; root < n; ++root) {
    if (seen_variable[root] || g.incident[root].empty()) continue;
    const std::size_t tree = roots.size();
    roots.push_back(root);
    std::vector<node> stack{{false, root, SIZE_MAX}};
    seen_variable[root] = 1;
    while (!stack.empty()) {
      const node at = stack.back();
      stack.pop_back();
      order.push_back(at);
      if (!at.is_row) {
        tree_of_variable[at.index] = tree;
        for (const auto& [r, k] : g.incident[at.index])
          if (!seen_row[r]) {
            seen_row[r] = 1;
            stack.push_back({true, r, k});
          }
      } else {
        for (std::size_t k = 0; k < g.terms[at.index].size(); ++k) {
          const std::size_t v = g.terms[at.index][k].variable;
          if (k == at.parent_link) continue;
          if (seen_variable[v]) throw error("still_infeasible_without_each: the system has a cycle");
          seen_variable[v] = 1;
          stack.push_back({false, v, SIZE_MAX});
        }
      }
    }
  }

  // Upward: in reverse order every node's children are done. A variable
  // sends to its parent row, a row to its parent variable.
  std::vector<std::size_t> parent_row(n, SIZE_MAX);
  for (const node& at : order)
    if (at.is_row)
      for (std::size_t k = 0; k < g.terms[at.index].size(); ++k)
        if (k != at.parent_link) parent_row[g.terms[at.index][k].variable] = at.index;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    if (it->is_row) {
      if (it->parent_link != SIZE_MAX) to_variable[it->index][it->parent_link] = row_message(it->index, it->parent_link);
    } else if (parent_row[it->index] != SIZE_MAX) {
      const std::size_t r = parent_row[it->index];
      for (std::size_t k = 0; k < g.terms[r].size(); ++k)
        if (g.terms[r][k].variable == it->index) to_row[r][k] = variable_message(it->index, r);
    }
  }
  // Downward: every node sends to its children once its parent has sent.
  for (const node& at : order) {
    if (at.is_row) {
      for (std::size_t k = 0; k < g.terms[at.index].size(); ++k)
        if (k != at.parent_link) to_variable[at.index][k] = row_message(at.index, k);
    } else {
      for (const auto& [r, k] : g.incident[at.index])
        if (r != parent_row[at.index]) to_row[r][k] = variable_message(at.index, r);
    }
  }

  std::vector<char> tree_infeasible(roots.size(), 0);
  for (std::size_t t = 0; t < roots.size(); ++t) tree_infeasible[t] = variable_message(roots[t], SIZE_MAX).empty();
  const std::size_t infeasible_trees =
      static_cast<std::size_t>(std::count(tree_infeasible.begin(), tree_infeasible.end(), 1));

  std::vector<char> out;
  for (std::size_t r : rows) {
    if (empty_row_infeasible || g.terms[r].empty()) {
      out.push_back(empty_row_infeasible || infeasible_trees > 0);
      continue;
    }
    const std::size_t tree = tree_of_variable[g.terms[r].front().variable];
    if (infeasible_trees > (tree_infeasible[tree] ? 1u : 0u)) {
      out.push_back(1);  // another tree stays infeasible
      continue;
    }
    bool infeasible = false;
    for (std::size_t k = 0; k < g.terms[r].size() && !infeasible; ++k) infeasible = to_row[r][k].empty();
    out.push_back(infeasible);
  }
  return out;
}

}  // namespace tally::solve
