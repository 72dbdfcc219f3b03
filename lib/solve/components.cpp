#include "components.hpp"

#include <boost/pending/disjoint_sets.hpp>

#include <algorithm>
#include <limits>

namespace tally::solve {
decomposition split_into_components(const linear_system& system, const row_mask& active) {
  decomposition result;
  const std::size_t n = system.variables;
  // Boost's union-find over the variables: a graph's adjacency lists would
  // allocate per edge, and components are split on every solve
  boost::disjoint_sets_with_storage<> links(n);
  std::vector<row> rows(system.rows.size());
  std::vector<char> used(n, 0);
  for (std::size_t r = 0; r < system.rows.size(); ++r) {
    if (!is_active(active, r)) continue;
    rows[r] = system.rows[r];
    merge_terms(rows[r].terms);
    const auto& terms = rows[r].terms;
    if (terms.empty()) {
      const row& source = system.rows[r];
      if ((source.lower && *source.lower > 0) || (source.upper && *source.upper < 0)) result.trivially_infeasible = true;
      continue;
    }
    for (std::size_t k = 0; k < terms.size(); ++k) {
      used[terms[k].variable] = 1;
      if (k > 0) links.union_set(terms[k - 1].variable, terms[k].variable);
    }
  }
  std::vector<std::size_t> label(n);
  for (std::size_t j = 0; j < n; ++j) label[j] = links.find_set(j);

  // number components by their lowest variable, so the order is the variables' order
  constexpr std::size_t unassigned = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> renumber(n, unassigned), local(n, 0);
  for (std::size_t j = 0; j < n; ++j) {
    if (!used[j]) {
      result.free_variables.push_back(j);
      continue;
    }
    std::size_t& c = renumber[label[j]];
    if (c == unassigned) {
      c = result.components.size();
      result.components.emplace_back();
    }
    component& part = result.components[c];
    local[j] = part.variables.size();
    part.variables.push_back(j);
  }
  for (component& part : result.components) part.system.variables = part.variables.size();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (!is_active(active, r) || rows[r].terms.empty()) continue;
    component& part = result.components[renumber[label[rows[r].terms.front().variable]]];
    row moved = std::move(rows[r]);
    for (term& t : moved.terms) t.variable = local[t.variable];
    part.rows.push_back(r);
    part.system.rows.push_back(std::move(moved));
  }
  return result;
}

}  // namespace tally::solve
