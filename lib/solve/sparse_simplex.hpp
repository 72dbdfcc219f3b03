// The exact bounded-variable primal simplex of dense_simplex.hpp on a sparse
// tableau, for components of thousands of variables. Same rules (phase 1 on
// artificials, Dantzig with lowest-index ties, Bland after a run of
// degenerate pivots), same interface, plus what makes it cheap on large
// documents: it may start from any point inside the boxes, typically an
// integer point a dive found. Rows that point satisfies need no artificial,
// and variables away from their bounds start nonbasic ("superbasic") and
// move in whichever direction improves the objective. Tableau rows of ±1
// tree-and-chain systems stay short, so a pivot touches little.
//
//   sparse_simplex<checked_rational> lp(problem, &witness);   // no phase 1 work
//   lp.find_feasible(work);
//   lp.minimize({{j, -1}}, work);                             // max x_j
#pragma once

#include "box_problem.hpp"
#include "dense_simplex.hpp"
#include "exact_number.hpp"
#include "simplex_columns.hpp"

#include <cstddef>
#include <vector>

namespace tally::solve {

template <class Q>
class sparse_simplex : private simplex_columns<Q> {
 public:
  using number_type = Q;

  /// `start`, when given, holds one value per variable (clamped to the boxes).
  explicit sparse_simplex(const box_problem& problem, const std::vector<Q>* start = nullptr);

  lp_status find_feasible(work_counters& work);
  lp_status minimize(const std::vector<term>& objective, work_counters& work);

  const Q& value(std::size_t j) const { return x_[j]; }
  Q objective_value() const { return base::objective_value(); }
  std::size_t variables() const { return structural_; }
  std::size_t first_fractional() const { return this->first_fractional_below(structural_); }
  /// Nonzeros in the tableau now (fill-in grows with pivots).
  std::size_t tableau_size() const;

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
  struct entry {
    std::size_t column;
    Q value;
  };
  using sparse_row = std::vector<entry>;
  static constexpr std::size_t degenerate_run_before_bland = 16;
  static constexpr std::size_t restart_check_interval = 64;
  static constexpr std::size_t restart_fill_factor = 4;

  const Q* find(std::size_t i, std::size_t k) const;
  void rows_with(std::size_t k, std::vector<std::size_t>& out);
  void compute_reduced_costs();
  lp_status primal(work_counters& work);
  std::size_t choose_entering(bool bland, int& direction);
  void pivot(std::size_t r, std::size_t q);
  void restart();

  std::size_t structural_ = 0, rows_ = 0, columns_ = 0, first_artificial_ = 0;
  std::vector<sparse_row> tableau_;  // basic x_{basis[i]} = Σ entries·x over nonbasic columns
  std::vector<sparse_row> original_;  // the rows as given: s_i = Σ a_ij x_j
  std::size_t original_entries_ = 0;
  bool phase_two_ = false;
  std::vector<std::vector<std::size_t>> column_rows_;  // rows that may hold a column (checked on use)
  std::vector<std::size_t> touched_, stamp_;
  std::vector<std::size_t> priced_;  // columns whose reduced cost may be non-zero
  std::vector<char> is_priced_;
  std::size_t epoch_ = 0;
  sparse_row merged_, pivot_row_;
};

extern template class sparse_simplex<checked_rational>;
extern template class sparse_simplex<rational>;

}  // namespace tally::solve
