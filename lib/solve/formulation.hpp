// A validated claims document as a linear_system: one non-negative integer
// variable per quantity per time point, and rows for the implied parent
// subsets, the declared relations at every time point, running counts that
// never fall, and one row per claim. Each row remembers where it came from so
// that conflicts can be explained in the document's own terms.
#pragma once

#include "solve/linear_system.hpp"

#include <tally/claim_set.hpp>
#include <tally/constraint.hpp>
#include <tally/options.hpp>
#include <tally/time_point.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace tally::solve {

/// Why a row exists.
struct row_origin {
  enum class origin_kind {
    claim,     ///< index: the claim's position in the document
    relation,  ///< index: the relation's position in the document
    parent,    ///< index: the child quantity (child ≤ its dotted parent)
    running,   ///< index: the quantity (its count at `time` ≤ at `time` + 1)
  };
  origin_kind kind = origin_kind::claim;
  std::size_t index = 0;
  /// The time point (index into formulation::time_points) the row holds at.
  std::size_t time = 0;
};

class feasibility_engine;

/// The feasibility engine of a formulation's system, made on its first
/// check and reused by the next (component_solver.hpp). A copy starts
/// without one, since a copy's rows may be changed; a move keeps it, with
/// the rows. Checks on one formulation are not concurrent.
struct feasibility_cache {
  feasibility_cache() = default;
  feasibility_cache(const feasibility_cache&) : engine() {}
  feasibility_cache& operator=(const feasibility_cache&) {
    engine.reset();
    return *this;
  }
  feasibility_cache(feasibility_cache&&) noexcept = default;
  feasibility_cache& operator=(feasibility_cache&&) noexcept = default;
  ~feasibility_cache() = default;

  std::shared_ptr<feasibility_engine> engine;
};

struct formulation {
  /// Every quantity, declared or implied, in tree order (a parent before its
  /// children, siblings by id).
  std::vector<std::string> quantities;
  /// Indices into `quantities` in plain string order, for index_of: one
  /// memcmp per step of its binary search, not a segment-by-segment walk.
  std::vector<std::size_t> quantities_by_name;
  /// Index of each quantity's dotted parent, or npos for a root.
  std::vector<std::size_t> parent;
  std::vector<time_point> time_points;
  linear_system system;
  std::vector<row_origin> origins;  ///< per row
  /// Per claim: its id, row, integer bounds, time point and weight.
  std::vector<std::string> claim_id;
  std::vector<std::size_t> claim_row;
  std::vector<integer_bounds> claim_bounds;
  std::vector<std::size_t> claim_time;
  /// Per claim: the time point its change starts from (`since`); empty for
  /// a claim about the count itself.
  std::vector<std::optional<std::size_t>> claim_since;
  std::vector<rational> claim_weight;
  /// The figure the source stated (`exactly`, `about`, `nearly`); none for
  /// a bound or a range, which say where a count lies but not what it is.
  std::vector<std::optional<rational>> claim_figure;

  std::size_t variable(std::size_t quantity, std::size_t time) const {
    return quantity * time_points.size() + time;
  }
  std::size_t quantity_of(std::size_t variable) const { return variable / time_points.size(); }
  std::size_t time_of(std::size_t variable) const { return variable % time_points.size(); }
  /// "killed.isis" at a single time point, "killed.isis (2022-01-24)" otherwise.
  std::string variable_name(std::size_t variable) const;
  /// The rows in force when the claims with keep[c] true are: every
  /// structural row and those claims' rows.
  row_mask mask_keeping(const std::vector<char>& keep_claim) const;
  std::size_t index_of(const std::string& quantity) const;

  mutable feasibility_cache feasibility;
};

/// Formulates a valid document (see validate.hpp).
formulation formulate(const claim_set& document, const options& opts);

/// Tree order of dotted ids: segment by segment, so "a" < "a.b" < "a_b".
bool tree_order_less(const std::string& a, const std::string& b);

}  // namespace tally::solve
