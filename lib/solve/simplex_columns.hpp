// The columns of a bounded-variable primal simplex, and the rules on them
// that dense_simplex and sparse_simplex share. Every column (structural
// variable, slack, artificial) has a box [lower, upper] whose sides may be
// absent, a value, a cost, a reduced cost and a place in the basis. Pricing
// (which way a nonbasic column may move), the ratio test and the step along
// the entering column are written once here; each simplex keeps its tableau
// its own way and hands in the entering column as a visitor of its
// (row, coefficient) entries. Internal to the library.
#pragma once

#include "exact_number.hpp"
#include "linear_system.hpp"

#include <cstddef>
#include <vector>

namespace tally::solve {

template <class Q>
class simplex_columns {
 protected:
  using number = exact_number<Q>;
  static constexpr std::size_t none = static_cast<std::size_t>(-1);

  /// The result of the ratio test for an entering column.
  struct step_choice {
    bool limited = false;          // false: the column can move for ever (unbounded)
    Q step{};                      // how far it moves
    std::size_t leaving_row = none;  // none: it reaches its own bound first (a bound flip)
    int leaving_side = 0;          // +1: the leaving column ends at its upper bound, −1 at its lower
  };

  bool is_zero(const Q& q) const { return number::sign(q) == 0; }
  bool is_fixed(std::size_t k) const { return has_lower_[k] && has_upper_[k] && lower_[k] == upper_[k]; }

  /// The way nonbasic column k lowers the objective inside its box, given
  /// the sign of its reduced cost: +1 up, −1 down, 0 not at all.
  int improving_direction(std::size_t k, int reduced_sign) const {
    if (reduced_sign < 0 && (!has_upper_[k] || x_[k] < upper_[k])) return 1;
    if (reduced_sign > 0 && (!has_lower_[k] || x_[k] > lower_[k])) return -1;
    return 0;
  }

  /// How far column q can move in `direction` before it or a basic column
  /// hits a bound; ties go to the lowest basic index (part of Bland's rule).
  /// `column(visit)` calls visit(row, coefficient) for each non-zero entry.
  template <class Column>
  step_choice ratio_test(std::size_t q, int direction, const Column& column) const {
    step_choice choice;
    if (direction > 0 && has_upper_[q]) choice.limited = true, choice.step = upper_[q] - x_[q];
    if (direction < 0 && has_lower_[q]) choice.limited = true, choice.step = x_[q] - lower_[q];
    Q limit;
    column([&](std::size_t i, const Q& a) {
      const int side = number::sign(a) * direction;
      const std::size_t b = basis_[i];
      if (side > 0) {
        if (!has_upper_[b]) return;
        limit = (upper_[b] - x_[b]) / (direction > 0 ? a : -a);
      } else {
        if (!has_lower_[b]) return;
        limit = (x_[b] - lower_[b]) / (direction > 0 ? -a : a);
      }
      if (!choice.limited || limit < choice.step ||
          (limit == choice.step && choice.leaving_row != none && b < basis_[choice.leaving_row])) {
        choice.step = limit;
        choice.leaving_row = i;
        choice.leaving_side = side;
        choice.limited = true;
      }
    });
    return choice;
  }

  /// Moves column q by the chosen step and every basic column with it, and
  /// puts the column that stops the step exactly on its bound. The caller
  /// then pivots when choice.leaving_row is not none.
  template <class Column>
  void take_step(std::size_t q, int direction, const step_choice& choice, const Column& column) {
    if (!is_zero(choice.step)) {
      const Q move = direction > 0 ? choice.step : -choice.step;
      x_[q] += move;
      column([&](std::size_t i, const Q& a) { x_[basis_[i]] += a * move; });
    }
    if (choice.leaving_row == none) {
      x_[q] = direction > 0 ? upper_[q] : lower_[q];
      return;
    }
    const std::size_t leaving = basis_[choice.leaving_row];
    x_[leaving] = choice.leaving_side > 0 ? upper_[leaving] : lower_[leaving];
  }

  /// Phase 1 costs: 1 on each artificial column (`first_artificial` on), 0 elsewhere.
  void price_artificials(std::size_t first_artificial) {
    for (std::size_t k = 0; k < cost_.size(); ++k) cost_[k] = k >= first_artificial ? Q{1} : Q{};
  }

  /// After phase 1: true when every artificial column is 0.
  bool artificials_at_zero(std::size_t first_artificial) const {
    for (std::size_t k = first_artificial; k < x_.size(); ++k)
      if (!is_zero(x_[k])) return false;
    return true;
  }

  /// Fixes the artificial columns at 0 for every later objective.
  void retire_artificials(std::size_t first_artificial) {
    for (std::size_t k = first_artificial; k < cost_.size(); ++k) {
      has_upper_[k] = 1;
      upper_[k] = Q{};
      cost_[k] = Q{};
    }
  }

  void set_costs(const std::vector<term>& objective) {
    for (auto& c : cost_) c = Q{};
    for (const term& t : objective) cost_[t.variable] += number::from(t.coefficient);
  }

  Q objective_value() const {
    Q total{};
    for (std::size_t k = 0; k < cost_.size(); ++k)
      if (!is_zero(cost_[k])) total += cost_[k] * x_[k];
    return total;
  }

  /// The lowest-index column below `structural` with a fractional value, or `structural`.
  std::size_t first_fractional_below(std::size_t structural) const {
    for (std::size_t j = 0; j < structural; ++j)
      if (!number::is_integer(x_[j])) return j;
    return structural;
  }

  std::vector<Q> lower_, upper_, x_, cost_, reduced_;
  std::vector<char> has_lower_, has_upper_;
  std::vector<std::size_t> basis_, position_;  // basic column of each row; row of each basic column, or none
};

}  // namespace tally::solve
