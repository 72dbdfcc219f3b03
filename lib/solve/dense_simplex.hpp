// An exact bounded-variable primal simplex on a dense tableau, written once
// over the number type Q (checked_rational or tally::rational).
//
// Each row i of a box_problem gets a slack s_i = Σ a_ij x_j with the row's
// sides as its bounds; rows the starting point (every x at its lower bound)
// violates get an artificial variable, and phase 1 minimises their sum. After
// phase 1 the artificials are fixed at 0 and any number of objectives can be
// minimised in turn, each starting from the previous optimal basis (the warm
// start that makes bound tightening cheap).
//
// Pivoting is deterministic: Dantzig's rule with lowest-index ties, switching
// to Bland's rule (lowest index entering and leaving) after a run of
// degenerate pivots, which cannot cycle; it switches back after the next
// pivot that makes progress.
//
//   dense_simplex<checked_rational> lp(problem);
//   if (lp.find_feasible(work) == lp_status::optimal)
//     lp.minimize({{0, 1}}, work);  // min x_0
#pragma once

#include "box_problem.hpp"
#include "exact_number.hpp"
#include "simplex_columns.hpp"

#include <cstddef>
#include <vector>

namespace tally::solve {

enum class lp_status { optimal, infeasible, unbounded };

/// Rows × columns of the dense tableau for a problem of this shape.
inline std::size_t dense_cells(std::size_t variables, std::size_t rows) { return rows * (variables + 2 * rows); }

/// Problems whose dense tableau would be larger go to sparse_simplex.
inline constexpr std::size_t dense_cell_limit = 200000;

template <class Q>
class dense_simplex : private simplex_columns<Q> {
 public:
  using number_type = Q;

  /// Throws overflow_signal (for checked_rational) when the data do not fit.
  /// `start`, when given, holds one value per variable (clamped to the
  /// boxes): the search begins there instead of at the lower bounds, and a
  /// variable strictly inside its box starts nonbasic ("superbasic").
  explicit dense_simplex(const box_problem& problem, const std::vector<Q>* start = nullptr);

  /// Phase 1: optimal (a feasible basis was found) or infeasible.
  lp_status find_feasible(work_counters& work);

  /// Phase 2 for min Σ objective·x from the current basis (after
  /// find_feasible returned optimal): optimal or unbounded.
  lp_status minimize(const std::vector<term>& objective, work_counters& work);

  /// After minimize returned optimal: fixes every nonbasic column whose
  /// reduced cost is not zero where it stands. The points left are then
  /// exactly the optima of that objective (its value is the optimum plus
  /// Σ reduced cost × distance from those columns' bounds), so the next
  /// objective is minimised among them: a lexicographic LP on one tableau.
  void keep_optimal_face();

  /// After keep_optimal_face: true when every nonbasic column is fixed, so
  /// the face is the current vertex alone (the optimum was unique).
  bool face_is_vertex() const {
    for (std::size_t k = 0; k < columns_; ++k)
      if (position_[k] == none && !is_fixed(k)) return false;
    return true;
  }

  const Q& value(std::size_t j) const { return x_[j]; }
  Q objective_value() const { return base::objective_value(); }
  std::size_t variables() const { return structural_; }
  /// The lowest-index structural variable with a fractional value, or variables().
  std::size_t first_fractional() const { return this->first_fractional_below(structural_); }

 private:
  using base = simplex_columns<Q>;
  using typename base::number;
  using typename base::step_choice;
  using base::none;
  using base::is_zero;
  using base::is_fixed;
  using base::improving_direction;
  using base::ratio_test;
  using base::take_step;
  using base::lower_, base::upper_, base::x_, base::cost_, base::reduced_;
  using base::has_lower_, base::has_upper_, base::basis_, base::position_;
  static constexpr std::size_t degenerate_run_before_bland = 16;

  Q& at(std::size_t i, std::size_t k) { return tableau_[i * columns_ + k]; }
  void compute_reduced_costs();
  lp_status primal(work_counters& work);
  std::size_t choose_entering(bool bland, int& direction) const;
  void pivot(std::size_t r, std::size_t q);

  std::size_t structural_ = 0, rows_ = 0, columns_ = 0, first_artificial_ = 0;
  std::vector<Q> tableau_;  // basic x_{basis[i]} = Σ_k tableau(i, k)·x_k over nonbasic k
  std::vector<std::size_t> nonzero_;  // scratch for pivot
};

extern template class dense_simplex<checked_rational>;
extern template class dense_simplex<rational>;

}  // namespace tally::solve
