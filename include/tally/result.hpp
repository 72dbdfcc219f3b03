// tally/result.hpp — what a reconciliation reports.
//
// All counts are exact integers. The status is an outcome of the data, not an
// error: a conflicting document is a normal, fully explained result.
//
//   consistent   every claim can hold together; `ranges` use every claim.
//   conflicting  some claims cannot all be true; `conflicts` lists every
//                minimal set of them with an explanation, `corrections` every
//                minimal set whose removal restores consistency (cheapest
//                first), and `ranges` use every claim but those of `adopted`.
//   invalid      the document breaks the format; `diagnostics` say why and
//                nothing is solved.
#pragma once

#include <tally/diagnostic.hpp>
#include <tally/numbers.hpp>
#include <tally/time_point.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

enum class status { consistent, conflicting, invalid };

/// "consistent", "conflicting" or "invalid".
std::string_view to_string(status s);

/// The tightest range of one quantity at one time point.
struct range {
  std::string quantity;
  tally::time_point time;
  integer min;
  /// Empty: no upper bound follows from the claims.
  std::optional<integer> max;
  /// The value the claims in force support, inside [min, max]: the one
  /// value this count has in every closest fit to the figures they state
  /// (docs/method.md, section 5). Empty when they support none; `no_estimate`
  /// says why.
  std::optional<integer> estimate;
  /// Why `estimate` is empty; none when it is not.
  enum class missing_estimate {
    none,
    no_figure,     ///< no claim in force states a figure bearing on it, only bounds
    tie,           ///< the stated figures fit equally well with different values of it
    search_limit,  ///< the search for the closest fits outgrew its budget (docs/method.md, section 5)
    not_computed,  ///< estimates were off (options::estimates)
  } no_estimate = missing_estimate::not_computed;
};

/// "no-figure", "tie", "search-limit", "not-computed"; empty for none.
std::string_view to_string(range::missing_estimate why);

/// A minimal set of claims that cannot all be true (relations always hold).
struct conflict {
  /// Claim ids, sorted.
  std::vector<std::string> claims;
  /// The contradiction derived step by step, one sentence per step.
  std::vector<std::string> steps;
  /// The steps joined into one paragraph.
  std::string explanation;
  /// By how many people the claims are apart: the least total amount by which
  /// their figures must move for all of them to hold (always ≥ 1).
  integer gap;
};

/// A minimal set of claims whose removal leaves the rest consistent.
struct correction {
  /// Claim ids, sorted.
  std::vector<std::string> drop;
  /// The sum of the dropped claims' weights.
  rational weight;
};

/// The adopted correction: the cheapest of every correction (least weight,
/// then fewest claims, then the sorted ids), found directly and proven.
struct adopted_correction : correction {
  /// The proof: every correction weighs at least this much, because every
  /// correction must drop a claim of each of `proof_conflicts` conflicts and
  /// no such choice is lighter. Equal to `weight` when `optimal`.
  rational lower_bound;
  /// True when lower_bound == weight: no correction is cheaper.
  bool optimal = false;
  /// True when another correction has the same weight, so that only the
  /// tie-break (fewest claims, then the sorted ids) chose this one; empty
  /// when the time limit stopped the search before this was decided.
  std::optional<bool> tie;
  /// How many conflicts the proof rests on (they need not all be minimal).
  std::size_t proof_conflicts = 0;
};

/// Claims whose conflicts are independent of every other claim's: a
/// correction of the document is one correction of each dispute.
struct dispute {
  /// The claims of the dispute's conflicts, sorted.
  std::vector<std::string> claims;
  /// Its minimal corrections, cheapest first (up to the caps).
  std::vector<correction> corrections;
  /// Its part of the adopted correction.
  correction adopted;
  bool complete = true;
};

/// What became of one input claim. Every input claim has exactly one.
struct claim_outcome {
  std::string id;
  std::string source;
  std::vector<std::string> quantities;
  tally::time_point time;
  /// For a change (`since`): the time point it runs from; the constraint is
  /// then on the count at `time` minus the count at `since`.
  std::optional<tally::time_point> since;
  /// The integer constraint the claim became.
  integer lower;
  std::optional<integer> upper;
  rational weight;
  /// False when the adopted correction drops the claim.
  bool in_force = true;
  /// True when the claim belongs to at least one conflict.
  bool in_conflict = false;
  /// The claim as a constraint in words: "killed.isis.inmates ≥ 200".
  std::string constraint;
};

/// Deterministic counters of the work done (no clock readings, so that
/// reports stay byte-identical).
struct statistics {
  std::size_t variables = 0;
  std::size_t constraints = 0;
  std::size_t components = 0;
  std::size_t exact_components = 0;  ///< solved by propagation alone
  std::size_t lp_solves = 0;
  std::size_t pivots = 0;
  std::size_t branch_nodes = 0;
  std::size_t feasibility_checks = 0;
};

struct result {
  tally::status status = status::invalid;
  /// Why the document is invalid; empty otherwise.
  std::vector<diagnostic> diagnostics;
  /// The document's time points in order (`final` last when present).
  std::vector<time_point> time_points;
  /// Every quantity at every time point, quantities in tree order.
  std::vector<range> ranges;
  std::vector<conflict> conflicts;
  /// Ordered by weight, then size, then the sorted list of ids.
  std::vector<correction> corrections;
  /// The cheapest correction of all, with its proof; empty when consistent.
  std::optional<adopted_correction> adopted;
  /// The independent disputes, each with its own corrections ("one of these
  /// for each dispute"); empty when consistent.
  std::vector<dispute> disputes;
  /// Every input claim in input order.
  std::vector<claim_outcome> claims;
  /// False when an enumeration cap was hit (options.hpp).
  bool complete = true;
  statistics stats;
};

}  // namespace tally
