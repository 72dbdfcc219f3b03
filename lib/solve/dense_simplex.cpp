#include "dense_simplex.hpp"

#include "stop.hpp"

namespace tally::solve {

template <class Q>
dense_simplex<Q>::dense_simplex(const box_problem& problem, const std::vector<Q>* start_point) {
  structural_ = problem.variables;
  rows_ = problem.rows.size();
  const std::size_t n = structural_, m = rows_;

  std::vector<Q> activity(m, Q{});
  std::size_t artificials = 0;
  std::vector<int> violated(m, 0);  // −1 below the lower side, +1 above the upper
  std::vector<Q> start(n);
  for (std::size_t j = 0; j < n; ++j) {
    start[j] = number::from(problem.lower[j]);
    if (!start_point || (*start_point)[j] < start[j]) continue;
    start[j] = (*start_point)[j];
    if (problem.upper[j]) {
      Q high = number::from(*problem.upper[j]);
      if (high < start[j]) start[j] = std::move(high);
    }
  }
  std::vector<Q> side_lower(m), side_upper(m);
  for (std::size_t i = 0; i < m; ++i) {
    const row& source = problem.rows[i];
    for (const term& t : source.terms) activity[i] += number::from(t.coefficient) * start[t.variable];
    if (source.lower) side_lower[i] = number::from(*source.lower);
    if (source.upper) side_upper[i] = number::from(*source.upper);
    if (source.lower && activity[i] < side_lower[i]) violated[i] = -1;
    if (source.upper && activity[i] > side_upper[i]) violated[i] = 1;
    if (violated[i] != 0) ++artificials;
  }

  first_artificial_ = n + m;
  columns_ = n + m + artificials;
  tableau_.assign(m * columns_, Q{});
  lower_.assign(columns_, Q{});
  upper_.assign(columns_, Q{});
  has_lower_.assign(columns_, 1);
  has_upper_.assign(columns_, 0);
  x_.assign(columns_, Q{});
  cost_.assign(columns_, Q{});
  reduced_.assign(columns_, Q{});
  basis_.assign(m, none);
  position_.assign(columns_, none);

  for (std::size_t j = 0; j < n; ++j) {
    lower_[j] = number::from(problem.lower[j]);
    x_[j] = start[j];
    if (problem.upper[j]) upper_[j] = number::from(*problem.upper[j]), has_upper_[j] = 1;
  }
  std::size_t next_artificial = first_artificial_;
  for (std::size_t i = 0; i < m; ++i) {
    const row& source = problem.rows[i];
    const std::size_t slack = n + i;
    has_lower_[slack] = source.lower.has_value();
    has_upper_[slack] = source.upper.has_value();
    lower_[slack] = side_lower[i];
    upper_[slack] = side_upper[i];
    if (violated[i] == 0) {
      basis_[i] = slack;
      x_[slack] = activity[i];
      for (const term& t : source.terms) at(i, t.variable) = number::from(t.coefficient);
    } else {
      // slack nonbasic at the violated side; a = σ(s − Σ a x) ≥ 0 is basic
      const std::size_t a = next_artificial++;
      const Q& side = violated[i] < 0 ? side_lower[i] : side_upper[i];
      const std::int64_t sigma = violated[i] < 0 ? 1 : -1;
      x_[slack] = side;
      basis_[i] = a;
      x_[a] = sigma > 0 ? side - activity[i] : activity[i] - side;
      at(i, slack) = number::from(sigma);
      for (const term& t : source.terms) at(i, t.variable) = number::from(-sigma * t.coefficient);
    }
    position_[basis_[i]] = i;
  }
}

template <class Q>
lp_status dense_simplex<Q>::find_feasible(work_counters& work) {
  ++work.lp_solves;
  this->price_artificials(first_artificial_);
  if (columns_ > first_artificial_) {
    compute_reduced_costs();
    primal(work);
    if (!this->artificials_at_zero(first_artificial_)) return lp_status::infeasible;
  }
  this->retire_artificials(first_artificial_);
  return lp_status::optimal;
}

template <class Q>
lp_status dense_simplex<Q>::minimize(const std::vector<term>& objective, work_counters& work) {
  ++work.lp_solves;
  this->set_costs(objective);
  compute_reduced_costs();
  return primal(work);
}

template <class Q>
void dense_simplex<Q>::keep_optimal_face() {
  for (std::size_t k = 0; k < columns_; ++k) {
    if (position_[k] != none || is_zero(reduced_[k])) continue;
    lower_[k] = upper_[k] = x_[k];
    has_lower_[k] = has_upper_[k] = 1;
  }
}

template <class Q>
void dense_simplex<Q>::compute_reduced_costs() {
  for (std::size_t k = 0; k < columns_; ++k) reduced_[k] = position_[k] == none ? cost_[k] : Q{};
  for (std::size_t i = 0; i < rows_; ++i) {
    const Q& c = cost_[basis_[i]];
    if (is_zero(c)) continue;
    for (std::size_t k = 0; k < columns_; ++k) {
      const Q& a = at(i, k);
      if (!is_zero(a)) reduced_[k] += c * a;
    }
  }
}

template <class Q>
std::size_t dense_simplex<Q>::choose_entering(bool bland, int& direction) const {
  std::size_t best = none;
  Q best_magnitude{}, magnitude{};
  for (std::size_t k = 0; k < columns_; ++k) {
    if (position_[k] != none || is_fixed(k)) continue;
    const int s = number::sign(reduced_[k]);
    const int dir = improving_direction(k, s);
    if (dir == 0) continue;
    if (bland) {
      direction = dir;
      return k;
    }
    magnitude = s < 0 ? -reduced_[k] : reduced_[k];
    if (best == none || best_magnitude < magnitude) {
      best = k;
      direction = dir;
      best_magnitude = magnitude;
    }
  }
  return best;
}

template <class Q>
lp_status dense_simplex<Q>::primal(work_counters& work) {
  std::size_t degenerate_run = 0;
  for (;;) {
    int direction = 0;
    const std::size_t q = choose_entering(degenerate_run >= degenerate_run_before_bland, direction);
    if (q == none) return lp_status::optimal;

    const auto entering = [this, q](const auto& visit) {
      for (std::size_t i = 0; i < rows_; ++i) {
        const Q& a = at(i, q);
        if (!is_zero(a)) visit(i, a);
      }
    };
    const step_choice choice = ratio_test(q, direction, entering);
    if (!choice.limited) return lp_status::unbounded;

    ++work.pivots;
    poll_stop();
    degenerate_run = is_zero(choice.step) ? degenerate_run + 1 : 0;
    take_step(q, direction, choice, entering);
    if (choice.leaving_row != none) pivot(choice.leaving_row, q);
  }
}

template <class Q>
void dense_simplex<Q>::pivot(std::size_t r, std::size_t q) {
  const std::size_t leaving = basis_[r];
  const Q inverse = Q{1} / at(r, q);
  nonzero_.clear();
  for (std::size_t k = 0; k < columns_; ++k) {
    Q& a = at(r, k);
    if (k == q) {
      a = Q{};
    } else if (!is_zero(a)) {
      a = -(a * inverse);
      nonzero_.push_back(k);
    }
  }
  at(r, leaving) = inverse;
  nonzero_.push_back(leaving);
  for (std::size_t i = 0; i < rows_; ++i) {
    if (i == r) continue;
    Q& f = at(i, q);
    if (is_zero(f)) continue;
    const Q factor = f;
    f = Q{};
    for (std::size_t k : nonzero_) at(i, k) += factor * at(r, k);
  }
  if (!is_zero(reduced_[q])) {
    const Q factor = reduced_[q];
    reduced_[q] = Q{};
    for (std::size_t k : nonzero_) reduced_[k] += factor * at(r, k);
  }
  basis_[r] = q;
  position_[q] = r;
  position_[leaving] = none;
}

template class dense_simplex<checked_rational>;
template class dense_simplex<rational>;

}  // namespace tally::solve
