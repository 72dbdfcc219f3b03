#include "explain/conflict_search.hpp"

#include "solve/integer_program.hpp"
#include "solve/propagation.hpp"

#include <algorithm>
#include <set>

namespace tally::explain {
namespace {

std::vector<char> keep_only(const solve::formulation& f, const index_set& claims) {
  std::vector<char> keep(f.claim_row.size(), 0);
  for (std::size_t c : claims) keep[c] = 1;
  return keep;
}

std::vector<char> keep_all_but(const solve::formulation& f, const index_set& dropped) {
  std::vector<char> keep(f.claim_row.size(), 1);
  for (std::size_t c : dropped) keep[c] = 0;
  return keep;
}

std::vector<std::string> sorted_ids(const solve::formulation& f, const index_set& claims) {
  std::vector<std::string> ids;
  for (std::size_t c : claims) ids.push_back(f.claim_id[c]);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// The claims a propagation contradiction was derived from: a conflicting
// subset of `claims`, found without any further solving. Returns `claims`
// unchanged when propagation alone does not see the contradiction.
index_set claims_behind_propagation(const solve::formulation& f, const index_set& claims) {
  const solve::propagation_result p = solve::propagate(f.system, f.mask_keeping(keep_only(f, claims)));
  if (!p.contradiction) return claims;
  std::vector<char> row_used(f.system.rows.size(), 0);
  std::vector<char> seen(p.events.size(), 0);
  std::vector<std::size_t> stack = p.conflict_premises;
  row_used[p.conflict_row] = 1;
  while (!stack.empty()) {
    const std::size_t e = stack.back();
    stack.pop_back();
    if (seen[e]) continue;
    seen[e] = 1;
    row_used[p.events[e].row] = 1;
    for (std::size_t premise : p.events[e].premises) stack.push_back(premise);
  }
  index_set used;
  for (std::size_t c : claims)
    if (row_used[f.claim_row[c]]) used.push_back(c);
  return used;
}

// The contract's order of corrections: weight, then size, then the sorted ids.
struct correction_order {
  const solve::formulation& f;
  bool operator()(const index_set& a, const index_set& b) const {
    rational wa = 0, wb = 0;
    for (std::size_t c : a) wa += f.claim_weight[c];
    for (std::size_t c : b) wb += f.claim_weight[c];
    if (wa != wb) return wa < wb;
    if (a.size() != b.size()) return a.size() < b.size();
    return sorted_ids(f, a) < sorted_ids(f, b);
  }
};

// A correction found from a truncated candidate list may not be minimal:
// put back every claim the rest can live with.
index_set minimise_correction(const solve::formulation& f, index_set dropped, solve::work_counters& work) {
  for (std::size_t i = dropped.size(); i-- > 0;) {
    index_set fewer = dropped;
    fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(i));
    if (claims_consistent(f, keep_all_but(f, fewer), work)) dropped = std::move(fewer);
  }
  return dropped;
}

// A correction when the caps stopped the search before one was verified:
// start from the cheapest hitting set of the conflicts found, and while the
// rest still conflicts, drop the lightest claim of one more conflict. Each
// round drops a claim, so this ends within one round per claim.
index_set find_one_correction(const solve::formulation& f, const std::vector<index_set>& conflicts,
                              solve::work_counters& work) {
  bool truncated = false;
  std::vector<index_set> candidates = minimal_hitting_sets(conflicts, 64, truncated);
  std::sort(candidates.begin(), candidates.end(), correction_order{f});
  index_set dropped = candidates.empty() ? index_set{} : candidates.front();
  while (!claims_consistent(f, keep_all_but(f, dropped), work)) {
    index_set remaining;
    for (std::size_t c = 0; c < f.claim_row.size(); ++c)
      if (!std::binary_search(dropped.begin(), dropped.end(), c)) remaining.push_back(c);
    const index_set hidden = shrink_to_minimal_conflict(f, std::move(remaining), work);
    const auto lightest = std::min_element(hidden.begin(), hidden.end(), [&f](std::size_t a, std::size_t b) {
      return f.claim_weight[a] != f.claim_weight[b] ? f.claim_weight[a] < f.claim_weight[b]
                                                    : f.claim_id[a] < f.claim_id[b];
    });
    dropped.insert(std::upper_bound(dropped.begin(), dropped.end(), *lightest), *lightest);
  }
  return minimise_correction(f, std::move(dropped), work);
}

}  // namespace

bool claims_consistent(const solve::formulation& f, const std::vector<char>& keep, solve::work_counters& work) {
  ++work.feasibility_checks;
  return solve::integer_feasible(f.system, f.mask_keeping(keep), work);
}

index_set shrink_to_minimal_conflict(const solve::formulation& f, index_set claims, solve::work_counters& work) {
  // Narrowing by the propagation derivation is sound; the check guards it.
  auto narrowed = [&](const index_set& inconsistent) {
    index_set behind = claims_behind_propagation(f, inconsistent);
    if (behind.size() < inconsistent.size() && claims_consistent(f, keep_only(f, behind), work)) return inconsistent;
    return behind;
  };
  claims = narrowed(claims);
  for (std::size_t i = 0; i < claims.size();) {
    index_set without = claims;
    without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
    if (!claims_consistent(f, keep_only(f, without), work))
      claims = narrowed(without);
    else
      ++i;
  }
  return claims;
}

conflict_search_result search_conflicts(const solve::formulation& f, const options& opts, solve::work_counters& work) {
  conflict_search_result out;
  std::set<index_set> verified;
  const std::size_t candidate_limit = std::max<std::size_t>(opts.max_corrections, 1) * 4;
  while (true) {
    bool truncated = false;
    std::vector<index_set> candidates = minimal_hitting_sets(out.conflicts, candidate_limit, truncated);
    if (truncated) out.complete = false;
    std::sort(candidates.begin(), candidates.end(), correction_order{f});
    bool found_conflict = false;
    for (index_set& candidate : candidates) {
      if (verified.count(candidate)) continue;
      if (claims_consistent(f, keep_all_but(f, candidate), work)) {
        if (truncated) candidate = minimise_correction(f, candidate, work);
        if (!verified.insert(candidate).second) continue;
        if (verified.size() > opts.max_corrections) {
          out.complete = false;
          break;
        }
        continue;
      }
      index_set remaining;
      for (std::size_t c = 0; c < f.claim_row.size(); ++c)
        if (!std::binary_search(candidate.begin(), candidate.end(), c)) remaining.push_back(c);
      out.conflicts.push_back(shrink_to_minimal_conflict(f, std::move(remaining), work));
      found_conflict = true;
      break;
    }
    if (!found_conflict) break;
    if (out.conflicts.size() >= opts.max_conflicts) {
      out.complete = false;
      break;
    }
  }
  out.corrections.assign(verified.begin(), verified.end());
  if (out.complete) {
    // Keep exactly the minimal hitting sets of the final conflicts: a set
    // verified earlier may have been superseded only if it was not minimal.
    bool truncated = false;
    const std::vector<index_set> exact = minimal_hitting_sets(out.conflicts, SIZE_MAX, truncated);
    out.corrections = exact;
  }
  if (out.corrections.empty()) out.corrections.push_back(find_one_correction(f, out.conflicts, work));
  std::sort(out.corrections.begin(), out.corrections.end(), correction_order{f});
  const std::size_t kept = std::max<std::size_t>(opts.max_corrections, 1);  // the adopted one stays
  if (out.corrections.size() > kept) {
    out.corrections.resize(kept);
    out.complete = false;
  }
  std::sort(out.conflicts.begin(), out.conflicts.end(), [&f](const index_set& a, const index_set& b) {
    return a.size() != b.size() ? a.size() < b.size() : sorted_ids(f, a) < sorted_ids(f, b);
  });
  return out;
}

}  // namespace tally::explain
