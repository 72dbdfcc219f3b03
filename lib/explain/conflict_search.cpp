#include "explain/conflict_search.hpp"

#include "explain/cheapest_correction.hpp"
#include "solve/component_solver.hpp"
#include "solve/components.hpp"
#include "solve/integer_program.hpp"
#include "solve/leave_one_out.hpp"
#include "solve/propagation.hpp"
#include "solve/stop.hpp"

#include <algorithm>
#include <memory>
#include <numeric>
#include <queue>
#include <set>

namespace tally::explain {
namespace {

std::vector<char> keep_only(const solve::formulation& f, const index_set& claims) {
  std::vector<char> keep(f.claim_row.size(), 0);
  for (std::size_t c : claims) keep[c] = 1;
  return keep;
}

std::vector<std::string> sorted_ids(const solve::formulation& f, const index_set& claims) {
  std::vector<std::string> ids;
  for (std::size_t c : claims) ids.push_back(f.claim_id[c]);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// A component of the document with claims, as a formulation of its own: its
// rows renumbered locally, its claims in the document's order. Only what
// consistency checks and conflict shrinking read is filled in.
struct independent_part {
  index_set claims;  // the document's claim numbers, ascending
  solve::formulation local;
};

std::vector<independent_part> independent_parts(const solve::formulation& f, const solve::row_mask& structure) {
  solve::decomposition split = solve::split_into_components(f.system, structure);
  std::vector<std::size_t> part_of_row(f.system.rows.size(), SIZE_MAX), local_row(f.system.rows.size(), 0);
  for (std::size_t k = 0; k < split.components.size(); ++k)
    for (std::size_t i = 0; i < split.components[k].rows.size(); ++i) {
      part_of_row[split.components[k].rows[i]] = k;
      local_row[split.components[k].rows[i]] = i;
    }
  std::vector<independent_part> parts(split.components.size());
  for (std::size_t c = 0; c < f.claim_row.size(); ++c) {
    const std::size_t k = part_of_row[f.claim_row[c]];
    if (k == SIZE_MAX) continue;  // a claim on no variable: formulate never makes one
    independent_part& p = parts[k];
    p.claims.push_back(c);
    p.local.claim_id.push_back(f.claim_id[c]);
    p.local.claim_row.push_back(local_row[f.claim_row[c]]);
    p.local.claim_weight.push_back(f.claim_weight[c]);
  }
  std::vector<independent_part> with_claims;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (parts[k].claims.empty()) continue;
    parts[k].local.system = std::move(split.components[k].system);
    with_claims.push_back(std::move(parts[k]));
  }
  return with_claims;
}

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

// Dualize and advance on one inconsistent part, starting from the minimal
// conflicts the cheapest-correction search found and its adopted correction.
void enumerate(const solve::formulation& f, const cheapest_correction_result& cheapest, const options& opts,
               std::size_t conflict_cap, enumeration_budget& budget, solve::work_counters& work,
               dispute_analysis& out) {
  const std::vector<std::size_t> rank = claim_id_ranks(f);
  const hitting_cost cost{f.claim_weight, rank};
  const std::size_t correction_cap = std::max<std::size_t>(opts.max_corrections, 1);
  hitting_set_family family(correction_cap * 4);
  for (const index_set& c : cheapest.minimal) {
    out.conflicts.push_back(c);
    family.add(c);
  }
  if (out.conflicts.empty()) {
    // The first conflict is listed whatever the caps: the proof's first
    // (too large to shrink within the search, such as a total against a
    // figure on every leaf of a big tree), shrunk now without a budget.
    out.conflicts.push_back(*shrink_to_minimal_conflict(f, cheapest.proof.front(), work, nullptr));
    family.add(out.conflicts.back());
  }
  std::set<index_set> verified{cheapest.dropped};
  bool stopped = false;
  while (!stopped) {
    std::vector<index_set> candidates = family.sets();
    std::sort(candidates.begin(), candidates.end(),
              [&cost](const index_set& a, const index_set& b) { return cost.before(a, b); });
    bool found_conflict = false;
    for (index_set& candidate : candidates) {
      if (verified.count(candidate)) continue;
      if (budget.exhausted()) {
        stopped = true;
        break;
      }
      budget.spend(f.system.rows.size());
      if (claims_consistent(f, keep_all_but(f, candidate), work)) {
        if (family.truncated()) candidate = minimise_correction(f, candidate, work);
        verified.insert(candidate);
        if (verified.size() > correction_cap) {
          stopped = true;
          break;
        }
        continue;
      }
      std::optional<index_set> conflict =
          shrink_to_minimal_conflict(f, all_but(f, candidate), work, &budget);
      if (!conflict) {
        stopped = true;
        break;
      }
      out.conflicts.push_back(std::move(*conflict));
      family.add(out.conflicts.back());
      found_conflict = true;
      break;
    }
    if (!found_conflict || stopped) break;
    if (out.conflicts.size() >= conflict_cap) stopped = true;
  }
  out.complete = !stopped && !family.truncated();
  if (out.complete)
    out.corrections = family.sets();  // every one verified
  else
    out.corrections.assign(verified.begin(), verified.end());
  std::sort(out.corrections.begin(), out.corrections.end(),
            [&cost](const index_set& a, const index_set& b) { return cost.before(a, b); });
  if (out.corrections.size() > correction_cap) out.corrections.resize(correction_cap);
}

index_set to_document(const index_set& local, const index_set& claims) {
  index_set global;
  for (std::size_t c : local) global.push_back(claims[c]);
  return global;  // ascending, since `claims` is
}

// The first `cap` corrections of the document in the contract's order, each
// one correction of every dispute (best-first over the disputes' sorted
// lists). Sets `truncated` when more combinations exist.
std::vector<index_set> combined_corrections(const std::vector<dispute_analysis>& disputes, const hitting_cost& cost,
                                            std::size_t cap, bool& truncated) {
  using choice = std::vector<std::size_t>;
  const auto combine = [&disputes](const choice& pick) {
    index_set all;
    for (std::size_t d = 0; d < disputes.size(); ++d) {
      const index_set& part = disputes[d].corrections[pick[d]];
      all.insert(all.end(), part.begin(), part.end());
    }
    std::sort(all.begin(), all.end());
    return all;
  };
  struct entry {
    index_set set;
    choice pick;
  };
  const auto later = [&cost](const entry& a, const entry& b) { return cost.before(b.set, a.set); };
  std::priority_queue<entry, std::vector<entry>, decltype(later)> queue(later);
  std::set<choice> seen;
  choice first(disputes.size(), 0);
  std::vector<index_set> out;
  // Each listed combination queues one successor per dispute, each holding
  // every dispute's claims: with hundreds of disputes that is quadratic, and
  // the per-dispute lists say it all. Then only the cheapest is combined.
  if (disputes.size() * cap > 10000) {
    out.push_back(combine(first));
    truncated = std::any_of(disputes.begin(), disputes.end(),
                            [](const dispute_analysis& d) { return d.corrections.size() > 1; });
    return out;
  }
  queue.push({combine(first), first});
  seen.insert(first);
  while (!queue.empty()) {
    if (out.size() == cap) {
      truncated = true;
      break;
    }
    entry top = queue.top();
    queue.pop();
    out.push_back(top.set);
    for (std::size_t d = 0; d < disputes.size(); ++d) {
      choice next = top.pick;
      if (++next[d] >= disputes[d].corrections.size() || !seen.insert(next).second) continue;
      queue.push({combine(next), next});
    }
  }
  return out;
}

}  // namespace

std::optional<std::chrono::steady_clock::time_point> listing_deadline(const options& opts, double share) {
  using clock = std::chrono::steady_clock;
  const auto after = [](double seconds) {
    return std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(seconds));
  };
  std::optional<clock::time_point> deadline;
  if (opts.enumeration_seconds > 0) deadline = clock::now() + after(opts.enumeration_seconds);
  const solve::stop_rule* rule = solve::current_stop_rule();
  if (rule != nullptr && rule->deadline) {
    const clock::time_point listing = *rule->deadline - after(rule->seconds * (1 - share));
    if (!deadline || listing < *deadline) deadline = listing;
  }
  return deadline;
}

enumeration_budget::enumeration_budget(const options& opts)
    : work_limit_(opts.max_enumeration_work), deadline_(listing_deadline(opts, finding_share)) {}

bool enumeration_budget::exhausted() const {
  return spent_ > work_limit_ || (deadline_ && std::chrono::steady_clock::now() > *deadline_);
}

std::vector<char> keep_all_but(const solve::formulation& f, const index_set& dropped) {
  std::vector<char> keep(f.claim_row.size(), 1);
  for (std::size_t c : dropped) keep[c] = 0;
  return keep;
}

index_set all_but(const solve::formulation& f, const index_set& dropped) {
  index_set rest;
  for (std::size_t c = 0; c < f.claim_row.size(); ++c)
    if (!std::binary_search(dropped.begin(), dropped.end(), c)) rest.push_back(c);
  return rest;
}

std::vector<std::size_t> claim_id_ranks(const solve::formulation& f) {
  std::vector<std::size_t> order(f.claim_id.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&f](std::size_t a, std::size_t b) { return f.claim_id[a] < f.claim_id[b]; });
  std::vector<std::size_t> rank(order.size());
  for (std::size_t k = 0; k < order.size(); ++k) rank[order[k]] = k;
  return rank;
}

bool claims_consistent(const solve::formulation& f, const std::vector<char>& keep, solve::work_counters& work) {
  ++work.feasibility_checks;
  std::shared_ptr<solve::feasibility_engine>& engine = f.feasibility.engine;
  if (!engine || !engine->serves(f.system)) engine = std::make_shared<solve::feasibility_engine>(f.system);
  return solve::integer_feasible(f.system, f.mask_keeping(keep), work, engine.get());
}

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

// Past this many claims that can each go, a pass tries dropping many at once.
constexpr std::size_t batch_removal_from = 8;

std::optional<index_set> shrink_to_minimal_conflict(const solve::formulation& f, index_set claims,
                                                    solve::work_counters& work, enumeration_budget* budget) {
  // Narrowing by the propagation derivation is sound; the check guards it.
  auto narrowed = [&](const index_set& inconsistent) {
    index_set behind = claims_behind_propagation(f, inconsistent);
    if (behind.size() < inconsistent.size() && claims_consistent(f, keep_only(f, behind), work)) return inconsistent;
    return behind;
  };
  claims = narrowed(claims);
  if (solve::propagation_is_exact(f.system, f.mask_keeping(keep_only(f, claims)))) {
    // One pass of messages tells which claims each can go; the first that
    // can is dropped (what the deletion filter below would drop next), and
    // the rest asked again. Usually one pass settles it.
    while (true) {
      if (budget != nullptr) {
        if (budget->exhausted()) return std::nullopt;
        budget->spend(f.system.rows.size());
      }
      std::vector<std::size_t> rows;
      for (std::size_t c : claims) rows.push_back(f.claim_row[c]);
      const std::vector<char> removable =
          solve::still_infeasible_without_each(f.system, f.mask_keeping(keep_only(f, claims)), rows);
      std::vector<std::size_t> positions;  // of the claims that can go, one at a time
      for (std::size_t k = 0; k < removable.size(); ++k)
        if (removable[k]) positions.push_back(k);
      if (positions.empty()) return claims;
      // Many that can go (a second, lower figure on each of thousands of
      // leaves): all of them at once if the rest still conflicts, else the
      // first half, a quarter, …, so that a pass drops many, not one.
      std::size_t take = positions.size() > batch_removal_from ? positions.size() : 1;
      for (; take > 1; take /= 2) {
        if (budget != nullptr) budget->spend(f.system.rows.size());
        std::vector<char> gone(claims.size(), 0);
        for (std::size_t k = 0; k < take; ++k) gone[positions[k]] = 1;
        index_set fewer;
        for (std::size_t k = 0; k < claims.size(); ++k)
          if (!gone[k]) fewer.push_back(claims[k]);
        if (!claims_consistent(f, keep_only(f, fewer), work)) {
          claims = std::move(fewer);
          break;
        }
      }
      if (take <= 1) claims.erase(claims.begin() + static_cast<std::ptrdiff_t>(positions.front()));
    }
  }
  for (std::size_t i = 0; i < claims.size();) {
    if (budget != nullptr) {
      if (budget->exhausted()) return std::nullopt;
      budget->spend(f.system.rows.size());
    }
    index_set without = claims;
    without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
    if (!claims_consistent(f, keep_only(f, without), work))
      claims = narrowed(without);
    else
      ++i;
  }
  return claims;
}

conflict_search_result search_conflicts(const solve::formulation& f, const solve::row_mask& structure,
                                        const options& opts, solve::work_counters& work) {
  conflict_search_result out;
  enumeration_budget budget(opts);
  const std::size_t conflict_cap = std::max<std::size_t>(opts.max_conflicts, 1);
  std::size_t conflicts_listed = 0;
  bool any_tie_unknown = false;
  std::vector<independent_part> parts = independent_parts(f, structure);
  for (independent_part& part : parts) {
    const solve::formulation& local = part.local;
    // The document is inconsistent, so a part that holds every claim is too.
    if (parts.size() > 1 && claims_consistent(local, std::vector<char>(local.claim_row.size(), 1), work)) continue;
    const cheapest_correction_result cheapest = cheapest_correction(local, {}, budget, work);
    dispute_analysis d;
    // Every dispute lists at least its first conflict, whatever the cap.
    const std::size_t cap = std::max<std::size_t>(conflict_cap > conflicts_listed ? conflict_cap - conflicts_listed : 1, 1);
    enumerate(local, cheapest, opts, cap, budget, work, d);
    conflicts_listed += d.conflicts.size();
    for (index_set& c : d.conflicts) c = to_document(c, part.claims);
    for (index_set& c : d.corrections) c = to_document(c, part.claims);
    d.adopted = to_document(cheapest.dropped, part.claims);
    d.weight = cheapest.weight;
    d.lower_bound = cheapest.lower_bound;
    d.tie = cheapest.tie;
    d.proof_conflicts = cheapest.proof.size();

    out.adopted.insert(out.adopted.end(), d.adopted.begin(), d.adopted.end());
    out.weight += d.weight;
    out.lower_bound += d.lower_bound;
    out.proof_conflicts += d.proof_conflicts;
    if (d.tie == true) out.tie = true;
    if (!d.tie) any_tie_unknown = true;
    out.conflicts.insert(out.conflicts.end(), d.conflicts.begin(), d.conflicts.end());
    if (!d.complete) out.complete = false;
    out.disputes.push_back(std::move(d));
  }
  if (out.disputes.empty()) throw std::logic_error("search_conflicts: the document is consistent");
  std::sort(out.adopted.begin(), out.adopted.end());
  if (!out.tie && !any_tie_unknown) out.tie = false;

  const std::vector<std::size_t> rank = claim_id_ranks(f);
  const hitting_cost cost{f.claim_weight, rank};
  bool truncated = false;
  out.corrections =
      combined_corrections(out.disputes, cost, std::max<std::size_t>(opts.max_corrections, 1), truncated);
  if (truncated) out.complete = false;
  // By size, then by the sorted ids (computed once: conflicts can be large).
  std::vector<std::pair<std::vector<std::string>, std::size_t>> keys;
  for (std::size_t k = 0; k < out.conflicts.size(); ++k) keys.emplace_back(sorted_ids(f, out.conflicts[k]), k);
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
    return a.first.size() != b.first.size() ? a.first.size() < b.first.size() : a.first < b.first;
  });
  std::vector<index_set> ordered;
  for (const auto& key : keys) ordered.push_back(std::move(out.conflicts[key.second]));
  out.conflicts = std::move(ordered);
  if (out.conflicts.size() > conflict_cap) {
    out.conflicts.resize(conflict_cap);
    out.complete = false;
  }
  return out;
}

}  // namespace tally::explain
