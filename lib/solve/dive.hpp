// Propagation-guided dives: fix one variable after another to an end of its
// current domain, propagating after each fix, until every variable is fixed.
// A dive that completes is an integer point (propagation checks every row
// once all its variables are fixed); one that fails proves nothing and is
// undone. On a Berge-acyclic ±1 network no dive fails (propagation is global
// consistency there); elsewhere it is the cheap way to certify bounds.
#pragma once

#include "bound_engine.hpp"

#include <cstddef>
#include <vector>

namespace tally::solve {

/// Fixes x_j = v and propagates: true when that reaches a fixpoint.
template <class A>
bool fix_and_propagate(bound_engine<A>& engine, std::size_t j, const typename A::value_type& v,
                       std::size_t max_sweeps) {
  return engine.tighten_lower(j, v) && engine.tighten_upper(j, v) &&
         engine.run(max_sweeps) == bound_engine<A>::outcome::fixpoint;
}

/// Visits `order` (every variable), fixing each unfixed one to its upper end
/// first when prefer_high[j] (and it has one), else its lower end, trying the
/// other end when the first fails. With `hint` (values, and which of them to
/// use), a hinted variable tries its hint (clamped to its domain) first, then
/// its `second_hint` when there is one. The
/// engine must be at a fixpoint with a trail; it is left as it was. On
/// success `point` holds the values.
template <class A>
bool dive(bound_engine<A>& engine, const std::vector<std::size_t>& order, const std::vector<char>& prefer_high,
          std::vector<typename A::value_type>& point, std::size_t max_sweeps,
          const std::vector<typename A::value_type>* hint = nullptr, const std::vector<char>* hinted = nullptr,
          const std::vector<typename A::value_type>* second_hint = nullptr) {
  using value = typename A::value_type;
  const std::size_t start = engine.mark();
  value candidates[4];
  for (const std::size_t j : order) {
    if (engine.fixed(j)) continue;
    std::size_t count = 0;
    for (const auto* guide : {hint, second_hint}) {
      if (!guide || !(*hinted)[j]) continue;
      const value& wanted = (*guide)[j];
      const value& v = wanted < engine.lower(j) ? engine.lower(j)
                       : engine.has_upper(j) && engine.upper(j) < wanted ? engine.upper(j)
                                                                         : wanted;
      if (count == 0 || !(candidates[0] == v)) candidates[count++] = v;
    }
    const bool high_first = prefer_high[j] && engine.has_upper(j);
    for (int end = 0; end < 2; ++end) {
      const bool high = (end == 0) == high_first;
      if (high && !engine.has_upper(j)) continue;
      const value& v = high ? engine.upper(j) : engine.lower(j);
      bool repeated = false;
      for (std::size_t k = 0; k < count; ++k) repeated = repeated || candidates[k] == v;
      if (!repeated) candidates[count++] = v;
    }
    bool placed = false;
    for (std::size_t k = 0; k < count && !placed; ++k) {
      const std::size_t before = engine.mark();
      placed = fix_and_propagate(engine, j, candidates[k], max_sweeps);
      if (!placed) engine.undo(before);
    }
    if (!placed) {
      engine.undo(start);
      return false;
    }
  }
  point.resize(engine.variables());
  for (std::size_t j = 0; j < engine.variables(); ++j) point[j] = engine.lower(j);
  engine.undo(start);
  return true;
}

}  // namespace tally::solve
