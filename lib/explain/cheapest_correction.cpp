#include "explain/cheapest_correction.hpp"

#include <algorithm>
#include <numeric>

namespace tally::explain {
namespace {

// Conflicts up to this many claims are shrunk to minimal ones (a check per
// claim); larger ones, such as a total against every leaf of a big tree,
// serve the proof as propagation derived them.
constexpr std::size_t shrink_limit = 64;

// Each cheapest-hitting-set search stops after this many nodes. Past it the
// adopted correction is the best found and the result says it is not proven
// (with the bound that holds); this keeps every reconciliation finite.
constexpr std::size_t hitting_set_node_limit = 1000000;

struct found_conflict {
  index_set claims;
  bool minimal = false;
};

// A conflict among the claims outside `dropped`, which must be inconsistent.
found_conflict hidden_conflict(const solve::formulation& f, const index_set& dropped, enumeration_budget& budget,
                               solve::work_counters& work) {
  const index_set remaining = all_but(f, dropped);
  index_set behind = claims_behind_propagation(f, remaining);
  if (behind.size() > shrink_limit && behind.size() < remaining.size()) return {std::move(behind), false};
  std::optional<index_set> minimal = shrink_to_minimal_conflict(f, behind, work, &budget);
  if (!minimal) return {std::move(behind), false};
  return {std::move(*minimal), true};
}

// A conflict among the claims outside `dropped` that uses as few claims of
// earlier conflicts as it can, heaviest first: the cheapest hitting set
// keeps missing conflicts that differ from the known ones by one light claim
// (a total against two sources' figures on each of many leaves would take a
// round per leaf), while one that avoids them raises the bound at once.
// Known claims come back in doubling chunks, so this costs O(log n) checks.
found_conflict diverse_conflict(const solve::formulation& f, const index_set& dropped, const std::vector<char>& known,
                                const hitting_cost& cost, enumeration_budget& budget, solve::work_counters& work) {
  const std::size_t claims = f.claim_row.size();
  std::vector<char> keep(claims, 1);
  for (std::size_t c : dropped) keep[c] = 0;
  index_set held_back;
  for (std::size_t c = 0; c < claims; ++c)
    if (keep[c] && known[c]) held_back.push_back(c);
  std::sort(held_back.begin(), held_back.end(), [&cost](std::size_t a, std::size_t b) {
    return cost.weight[a] != cost.weight[b] ? cost.weight[a] > cost.weight[b] : cost.rank[a] < cost.rank[b];
  });
  for (std::size_t c : held_back) keep[c] = 0;
  std::size_t back = 0;
  for (std::size_t step = 1;; step *= 2) {
    budget.spend(f.system.rows.size());
    if (!claims_consistent(f, keep, work)) break;
    if (back == held_back.size()) throw std::logic_error("diverse_conflict: the claims outside the set are consistent");
    for (std::size_t k = 0; k < step && back < held_back.size(); ++k) keep[held_back[back++]] = 1;
  }
  index_set used;
  for (std::size_t c = 0; c < claims; ++c)
    if (!keep[c]) used.push_back(c);
  return hidden_conflict(f, used, budget, work);
}

}  // namespace

cheapest_correction_result cheapest_correction(const solve::formulation& f, std::vector<index_set> seed,
                                               enumeration_budget& budget, solve::work_counters& work) {
  const std::size_t claims = f.claim_row.size();
  const std::vector<std::size_t> rank = claim_id_ranks(f);
  const hitting_cost cost{f.claim_weight, rank};
  cheapest_correction_result out;
  out.minimal = seed;
  out.proof = std::move(seed);
  if (out.proof.empty()) {
    found_conflict first = hidden_conflict(f, {}, budget, work);
    if (first.minimal) out.minimal.push_back(first.claims);
    out.proof.push_back(std::move(first.claims));
  }

  std::vector<char> known(claims, 0);
  const auto learn = [&](std::vector<index_set>& sets, found_conflict next) {
    for (std::size_t c : next.claims) known[c] = 1;
    if (next.minimal) out.minimal.push_back(next.claims);
    sets.push_back(std::move(next.claims));
  };
  for (const index_set& c : out.proof)
    for (std::size_t claim : c) known[claim] = 1;
  bool proven = true;
  while (true) {
    hitting_answer cheapest = cheapest_hitting_set(out.proof, cost, std::nullopt, hitting_set_node_limit);
    if (!cheapest.set) throw std::logic_error("cheapest_correction: a conflict without claims");
    budget.spend(f.system.rows.size());
    if (claims_consistent(f, keep_all_but(f, *cheapest.set), work)) {
      out.dropped = std::move(*cheapest.set);
      proven = cheapest.proven;
      out.lower_bound = cheapest.lower_bound;
      break;
    }
    learn(out.proof, diverse_conflict(f, *cheapest.set, known, cost, budget, work));
  }
  out.weight = cost.total(out.dropped);
  if (proven) out.lower_bound = out.weight;

  // A tie is another correction of the same weight. It drops some claim
  // outside the adopted one (a proper subset weighs less, so it is no
  // correction): it is a hitting set of the proof's conflicts and of the
  // claims outside the adopted one, weighing no more, that leaves the rest
  // consistent.
  std::vector<index_set> tied = out.proof;
  index_set outside;
  for (std::size_t c = 0; c < claims; ++c)
    if (!std::binary_search(out.dropped.begin(), out.dropped.end(), c)) outside.push_back(c);
  tied.push_back(std::move(outside));
  while (proven) {
    if (budget.exhausted()) break;
    hitting_answer other = cheapest_hitting_set(tied, cost, out.weight, hitting_set_node_limit, true);
    if (!other.proven) break;
    if (!other.set) {
      out.tie = false;
      break;
    }
    budget.spend(f.system.rows.size());
    if (claims_consistent(f, keep_all_but(f, *other.set), work)) {
      out.tie = true;
      break;
    }
    learn(tied, diverse_conflict(f, *other.set, known, cost, budget, work));
  }
  std::sort(out.minimal.begin(), out.minimal.end());
  out.minimal.erase(std::unique(out.minimal.begin(), out.minimal.end()), out.minimal.end());
  return out;
}

}  // namespace tally::explain
