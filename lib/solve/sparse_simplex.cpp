#include "sparse_simplex.hpp"

#include "stop.hpp"

#include <algorithm>

namespace tally::solve {

template <class Q>
sparse_simplex<Q>::sparse_simplex(const box_problem& problem, const std::vector<Q>* start) {
  structural_ = problem.variables;
  rows_ = problem.rows.size();
  const std::size_t n = structural_, m = rows_;

  std::vector<Q> box_lower(n), box_upper(n), point(n);
  for (std::size_t j = 0; j < n; ++j) {
    box_lower[j] = number::from(problem.lower[j]);
    if (problem.upper[j]) box_upper[j] = number::from(*problem.upper[j]);
    point[j] = start ? (*start)[j] : box_lower[j];
    if (point[j] < box_lower[j]) point[j] = box_lower[j];
    if (problem.upper[j] && box_upper[j] < point[j]) point[j] = box_upper[j];
  }
  std::vector<Q> activity(m), side_lower(m), side_upper(m);
  std::vector<int> violated(m, 0);
  std::size_t artificials = 0;
  for (std::size_t i = 0; i < m; ++i) {
    const row& source = problem.rows[i];
    for (const term& t : source.terms) activity[i] += number::from(t.coefficient) * point[t.variable];
    if (source.lower) side_lower[i] = number::from(*source.lower);
    if (source.upper) side_upper[i] = number::from(*source.upper);
    if (source.lower && activity[i] < side_lower[i]) violated[i] = -1;
    if (source.upper && activity[i] > side_upper[i]) violated[i] = 1;
    if (violated[i] != 0) ++artificials;
  }

  first_artificial_ = n + m;
  columns_ = n + m + artificials;
  lower_.assign(columns_, Q{});
  upper_.assign(columns_, Q{});
  has_lower_.assign(columns_, 1);
  has_upper_.assign(columns_, 0);
  x_.assign(columns_, Q{});
  cost_.assign(columns_, Q{});
  reduced_.assign(columns_, Q{});
  basis_.assign(m, none);
  position_.assign(columns_, none);
  tableau_.assign(m, {});
  original_.assign(m, {});
  column_rows_.assign(columns_, {});
  stamp_.assign(m, 0);
  is_priced_.assign(columns_, 0);

  for (std::size_t j = 0; j < n; ++j) {
    lower_[j] = box_lower[j];
    x_[j] = point[j];
    if (problem.upper[j]) upper_[j] = box_upper[j], has_upper_[j] = 1;
  }
  std::size_t next_artificial = first_artificial_;
  for (std::size_t i = 0; i < m; ++i) {
    const row& source = problem.rows[i];
    const std::size_t slack = n + i;
    has_lower_[slack] = source.lower.has_value();
    has_upper_[slack] = source.upper.has_value();
    lower_[slack] = side_lower[i];
    upper_[slack] = side_upper[i];
    sparse_row& entries = tableau_[i];
    std::vector<term> terms;
    for (const term& t : source.terms)
      if (t.coefficient != 0) terms.push_back(t);
    std::sort(terms.begin(), terms.end(), [](const term& a, const term& b) { return a.variable < b.variable; });
    for (const term& t : terms) original_[i].push_back({t.variable, number::from(t.coefficient)});
    original_entries_ += terms.size();
    if (violated[i] == 0) {
      basis_[i] = slack;
      x_[slack] = activity[i];
      entries = original_[i];
    } else {
      const std::size_t a = next_artificial++;
      const Q& side = violated[i] < 0 ? side_lower[i] : side_upper[i];
      const std::int64_t sigma = violated[i] < 0 ? 1 : -1;
      x_[slack] = side;
      basis_[i] = a;
      x_[a] = sigma > 0 ? side - activity[i] : activity[i] - side;
      for (const term& t : terms) entries.push_back({t.variable, number::from(-sigma * t.coefficient)});
      entries.push_back({slack, number::from(sigma)});
    }
    for (const entry& e : entries) column_rows_[e.column].push_back(i);
    position_[basis_[i]] = i;
  }
}

template <class Q>
const Q* sparse_simplex<Q>::find(std::size_t i, std::size_t k) const {
  const sparse_row& entries = tableau_[i];
  const auto at = std::lower_bound(entries.begin(), entries.end(), k,
                                   [](const entry& e, std::size_t column) { return e.column < column; });
  return at != entries.end() && at->column == k ? &at->value : nullptr;
}

// The rows holding column k now, each once; drops stale entries from the list.
template <class Q>
void sparse_simplex<Q>::rows_with(std::size_t k, std::vector<std::size_t>& out) {
  out.clear();
  ++epoch_;
  std::vector<std::size_t>& candidates = column_rows_[k];
  std::size_t kept = 0;
  for (const std::size_t i : candidates) {
    if (stamp_[i] == epoch_ || !find(i, k)) continue;
    stamp_[i] = epoch_;
    candidates[kept++] = i;
    out.push_back(i);
  }
  candidates.resize(kept);
}

template <class Q>
lp_status sparse_simplex<Q>::find_feasible(work_counters& work) {
  ++work.lp_solves;
  this->price_artificials(first_artificial_);
  if (columns_ > first_artificial_) {
    compute_reduced_costs();
    primal(work);
    if (!this->artificials_at_zero(first_artificial_)) return lp_status::infeasible;
  }
  this->retire_artificials(first_artificial_);
  phase_two_ = true;
  return lp_status::optimal;
}

template <class Q>
lp_status sparse_simplex<Q>::minimize(const std::vector<term>& objective, work_counters& work) {
  ++work.lp_solves;
  this->set_costs(objective);
  compute_reduced_costs();
  return primal(work);
}

template <class Q>
std::size_t sparse_simplex<Q>::tableau_size() const {
  std::size_t total = 0;
  for (const sparse_row& entries : tableau_) total += entries.size();
  return total;
}

template <class Q>
void sparse_simplex<Q>::compute_reduced_costs() {
  for (std::size_t k = 0; k < columns_; ++k) reduced_[k] = position_[k] == none ? cost_[k] : Q{};
  for (std::size_t i = 0; i < rows_; ++i) {
    const Q& c = cost_[basis_[i]];
    if (is_zero(c)) continue;
    for (const entry& e : tableau_[i]) reduced_[e.column] += c * e.value;
  }
  priced_.clear();
  for (std::size_t k = 0; k < columns_; ++k) {
    is_priced_[k] = !is_zero(reduced_[k]);
    if (is_priced_[k]) priced_.push_back(k);
  }
}

template <class Q>
std::size_t sparse_simplex<Q>::choose_entering(bool bland, int& direction) {
  std::size_t best = none;
  Q best_magnitude{}, magnitude{};
  std::size_t kept = 0;
  for (const std::size_t k : priced_) {
    const int s = number::sign(reduced_[k]);
    if (s == 0 || position_[k] != none) {
      is_priced_[k] = 0;
      continue;
    }
    priced_[kept++] = k;
    if (is_fixed(k)) continue;
    const int dir = improving_direction(k, s);
    if (dir == 0) continue;
    if (bland) {
      // the lowest eligible index (the list is not in index order)
      if (best == none || k < best) best = k, direction = dir;
      continue;
    }
    magnitude = s < 0 ? -reduced_[k] : reduced_[k];
    if (best == none || best_magnitude < magnitude || (magnitude == best_magnitude && k < best)) {
      best = k;
      direction = dir;
      best_magnitude = magnitude;
    }
  }
  priced_.resize(kept);
  return best;
}

// Back to the slack basis at the current point, which is feasible: the
// tableau is the constraint matrix again, and variables away from their
// bounds are superbasic. Only after phase 1 (artificials fixed at 0).
template <class Q>
void sparse_simplex<Q>::restart() {
  for (std::size_t k = 0; k < columns_; ++k) position_[k] = none;
  for (auto& rows : column_rows_) rows.clear();
  for (std::size_t i = 0; i < rows_; ++i) {
    tableau_[i] = original_[i];
    basis_[i] = structural_ + i;
    position_[basis_[i]] = i;
    for (const entry& e : tableau_[i]) column_rows_[e.column].push_back(i);
  }
  compute_reduced_costs();
}

template <class Q>
lp_status sparse_simplex<Q>::primal(work_counters& work) {
  std::size_t degenerate_run = 0, pivots_since_restart = 0;
  Q value_at_restart = objective_value();
  for (;;) {
    if (phase_two_ && ++pivots_since_restart % restart_check_interval == 0 &&
        tableau_size() > restart_fill_factor * (original_entries_ + rows_)) {
      // fill-in has made pivots expensive; restart only after progress, so restarts cannot cycle
      Q now = objective_value();
      if (now < value_at_restart) {
        restart();
        value_at_restart = std::move(now);
        degenerate_run = 0;
      }
    }
    int direction = 0;
    const std::size_t q = choose_entering(degenerate_run >= degenerate_run_before_bland, direction);
    if (q == none) return lp_status::optimal;
    rows_with(q, touched_);

    const auto entering = [this, q](const auto& visit) {
      for (const std::size_t i : touched_) visit(i, *find(i, q));
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
void sparse_simplex<Q>::pivot(std::size_t r, std::size_t q) {
  const std::size_t leaving = basis_[r];
  const Q inverse = Q{1} / *find(r, q);
  // row r solved for x_q: x_q = (x_leaving − Σ_{k≠q} a_rk x_k) / a_rq
  pivot_row_.clear();
  bool placed = false;
  for (const entry& e : tableau_[r]) {
    if (!placed && leaving < e.column) pivot_row_.push_back({leaving, inverse}), placed = true;
    if (e.column != q) pivot_row_.push_back({e.column, -(e.value * inverse)});
  }
  if (!placed) pivot_row_.push_back({leaving, inverse});

  // rows_with(q) still lists the rows holding q (touched_ from the ratio test)
  for (const std::size_t i : touched_) {
    if (i == r) continue;
    sparse_row& target = tableau_[i];
    const Q factor = *find(i, q);
    merged_.clear();
    std::size_t a = 0, b = 0;
    while (a < target.size() || b < pivot_row_.size()) {
      const std::size_t ka = a < target.size() ? target[a].column : none;
      const std::size_t kb = b < pivot_row_.size() ? pivot_row_[b].column : none;
      if (ka == q) {
        ++a;
      } else if (ka < kb) {
        merged_.push_back(std::move(target[a++]));
      } else if (kb < ka) {
        merged_.push_back({kb, factor * pivot_row_[b++].value});
        column_rows_[kb].push_back(i);
      } else {
        Q sum = target[a++].value + factor * pivot_row_[b++].value;
        if (!is_zero(sum)) merged_.push_back({ka, std::move(sum)});
      }
    }
    target.swap(merged_);
  }
  if (!is_zero(reduced_[q])) {
    const Q factor = reduced_[q];
    for (const entry& e : pivot_row_) {
      reduced_[e.column] += factor * e.value;
      if (!is_priced_[e.column]) is_priced_[e.column] = 1, priced_.push_back(e.column);
    }
  }
  reduced_[q] = Q{};
  tableau_[r].swap(pivot_row_);
  column_rows_[q].clear();
  column_rows_[leaving].push_back(r);
  basis_[r] = q;
  position_[q] = r;
  position_[leaving] = none;
}

template class sparse_simplex<checked_rational>;
template class sparse_simplex<rational>;

}  // namespace tally::solve
