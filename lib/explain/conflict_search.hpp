// Conflict analysis of an inconsistent document, optimisation first:
//
//   1. the document splits into independent components (no constraint links
//      them), each analysed on its own small system;
//   2. in each inconsistent component the cheapest correction is found
//      directly, with its proof (cheapest_correction.hpp);
//   3. on top of that, a lazy enumeration lists minimal conflicts and minimal
//      corrections up to the caps: dualize and advance (Bailey & Stuckey
//      2005), starting from the conflicts step 2 found, keeping the minimal
//      hitting sets of the conflicts up to date one conflict at a time. Each
//      candidate hitting set H is tested: when the claims outside H are
//      consistent, H is a minimal correction; otherwise they hide a new
//      conflict, which a deletion filter shrinks to a minimal one. When every
//      candidate is a correction, both lists are complete.
//
// The caps bound count and work (options.hpp); what was finished is exact.
#pragma once

#include "explain/hitting_sets.hpp"
#include "solve/formulation.hpp"

#include <tally/options.hpp>

#include <chrono>
#include <optional>
#include <vector>

namespace tally::explain {

/// When listing conflicts and corrections must stop on the clock:
/// options.enumeration_seconds from now, and with a time limit once
/// `share` of it has gone at the latest. Finding them stops at half the
/// limit and explaining them at three quarters, so that what a listing
/// cannot cut short (the ranges after the correction, the estimates) still
/// finishes inside the limit: the result is then an exact partial one
/// (`complete: false`), not none.
std::optional<std::chrono::steady_clock::time_point> listing_deadline(const options& opts, double share);
inline constexpr double finding_share = 0.5, explaining_share = 0.75;

/// When enumeration must stop: its work and clock limits (options.hpp).
class enumeration_budget {
 public:
  explicit enumeration_budget(const options& opts);
  /// Counts one consistency check over `rows` rows.
  void spend(std::size_t rows) { spent_ += rows; }
  bool exhausted() const;

 private:
  std::size_t work_limit_;
  std::size_t spent_ = 0;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
};

/// keep[c] set for every claim but those of `dropped` (sorted).
std::vector<char> keep_all_but(const solve::formulation& f, const index_set& dropped);
/// Every claim but those of `dropped` (sorted), ascending.
index_set all_but(const solve::formulation& f, const index_set& dropped);

/// Each claim's place when the claims are sorted by id (the contract's
/// tie-break orders corrections by their sorted ids).
std::vector<std::size_t> claim_id_ranks(const solve::formulation& f);

/// True when the claims with keep[c] set can all hold together.
bool claims_consistent(const solve::formulation& f, const std::vector<char>& keep, solve::work_counters& work);

/// Shrinks an inconsistent claim set to a minimal one. Each check is charged
/// to `budget` when given; once it is exhausted the shrinking stops and the
/// result is empty (the set found so far is inconsistent but may not be
/// minimal).
std::optional<index_set> shrink_to_minimal_conflict(const solve::formulation& f, index_set claims,
                                                    solve::work_counters& work, enumeration_budget* budget = nullptr);

/// The claims a propagation contradiction among `claims` was derived from: a
/// conflicting subset found without further solving, not always minimal.
/// Returns `claims` unchanged when propagation alone does not see it.
index_set claims_behind_propagation(const solve::formulation& f, const index_set& claims);

/// One inconsistent component's analysis, in the document's claim numbers.
struct dispute_analysis {
  index_set adopted;                    ///< its cheapest correction
  rational weight;                      ///< of `adopted`
  rational lower_bound;                 ///< the proof's bound (== weight when proven)
  std::optional<bool> tie;              ///< another correction weighs the same
  std::size_t proof_conflicts = 0;
  std::vector<index_set> conflicts;     ///< minimal conflicts found
  std::vector<index_set> corrections;   ///< minimal corrections found, in the contract's order
  bool complete = true;                 ///< both lists are every one there is
};

struct conflict_search_result {
  /// The inconsistent components, in the order of their lowest variable.
  std::vector<dispute_analysis> disputes;
  index_set adopted;                    ///< the union of the disputes' cheapest corrections
  rational weight, lower_bound;
  std::optional<bool> tie;
  std::size_t proof_conflicts = 0;
  std::vector<index_set> conflicts;     ///< every dispute's, by size then ids
  /// Corrections of the whole document (one of each dispute's, combined),
  /// cheapest first, at most options.max_corrections of them.
  std::vector<index_set> corrections;
  bool complete = true;
};

/// Analyses an inconsistent document: the cheapest correction with its
/// proof, then conflicts and corrections up to the caps. `structure` masks
/// the structural rows the search may leave out (those of free totals,
/// solve/free_totals.hpp, which change no claim's consistency); empty: none.
conflict_search_result search_conflicts(const solve::formulation& f, const solve::row_mask& structure,
                                        const options& opts, solve::work_counters& work);

}  // namespace tally::explain
