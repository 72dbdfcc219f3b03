#include "bound_engine.hpp"

#include "stop.hpp"

#include <tally/error.hpp>

#include <algorithm>
#include <utility>

namespace tally::solve {

template <class A>
bound_engine<A>::bound_engine(const linear_system& system, const row_mask& active, settings how) : how_(how) {
  load(system, active);
  const std::size_t n = system.variables;
  lower_.assign(n, value{});
  for (auto& v : lower_) A::set(v, 0);
  upper_.assign(n, value{});
  has_upper_.assign(n, 0);
  lower_event_.assign(n, none);
  upper_event_.assign(n, none);
  tightenings_.assign(2 * n, 0);
  stamp_.assign(2 * n, 0);
  queue_.assign(rows(), 0);
  in_queue_.assign(rows(), 0);
  row_active_.assign(rows(), 1);
  for (std::size_t r = 0; r < rows(); ++r) enqueue(r);
}

template <class A>
void bound_engine<A>::restart(const row_mask& active) {
  for (auto& v : lower_) A::set(v, 0);
  std::fill(has_upper_.begin(), has_upper_.end(), 0);
  std::fill(lower_event_.begin(), lower_event_.end(), none);
  std::fill(upper_event_.begin(), upper_event_.end(), none);
  std::fill(tightenings_.begin(), tightenings_.end(), 0);
  std::fill(stamp_.begin(), stamp_.end(), 0);
  epoch_ = 0;
  capped_ = false;
  queue_head_ = queue_size_ = 0;
  std::fill(in_queue_.begin(), in_queue_.end(), 0);
  trail_.clear();
  events_.clear();
  contradiction_ = false;
  conflict_premises_.clear();
  for (std::size_t r = 0; r < rows(); ++r) {
    row_active_[r] = is_active(active, row_id_[r]);
    enqueue(r);
  }
}

template <class A>
void bound_engine<A>::load(const linear_system& system, const row_mask& active) {
  const std::size_t n = system.variables;
  std::vector<std::pair<std::size_t, std::int64_t>> merged;
  std::vector<std::size_t> row_count(n + 1, 0);
  // one allocation per array: engines are built for every feasibility check
  std::size_t active_rows = 0, entries = 0;
  for (std::size_t r = 0; r < system.rows.size(); ++r)
    if (is_active(active, r)) ++active_rows, entries += system.rows[r].terms.size();
  row_id_.reserve(active_rows);
  row_begin_.reserve(active_rows + 1);
  row_lower_.reserve(active_rows);
  row_upper_.reserve(active_rows);
  row_has_lower_.reserve(active_rows);
  row_has_upper_.reserve(active_rows);
  var_.reserve(entries);
  coef_.reserve(entries);
  row_begin_.push_back(0);
  for (std::size_t r = 0; r < system.rows.size(); ++r) {
    if (!is_active(active, r)) continue;
    const row& source = system.rows[r];
    merged.clear();
    for (const term& t : source.terms) {
      if (t.variable >= n) throw error("linear_system: a row names a variable out of range");
      merged.emplace_back(t.variable, t.coefficient);
    }
    std::sort(merged.begin(), merged.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::size_t out = 0;
    for (std::size_t k = 0; k < merged.size();) {
      std::int64_t sum = 0;
      const std::size_t j = merged[k].first;
      for (; k < merged.size() && merged[k].first == j; ++k)
        if (__builtin_add_overflow(sum, merged[k].second, &sum))
          throw error("linear_system: a coefficient does not fit in 64 bits");
      if (sum != 0) merged[out++] = {j, sum};
    }
    row_id_.push_back(r);
    for (std::size_t k = 0; k < out; ++k) {
      if (merged[k].second == INT64_MIN) throw error("linear_system: a coefficient is out of range");
      var_.push_back(merged[k].first);
      coef_.push_back(merged[k].second);
      ++row_count[merged[k].first];
    }
    row_begin_.push_back(var_.size());
    value v{};
    row_has_lower_.push_back(source.lower.has_value());
    if (source.lower && !A::load(*source.lower, v)) throw overflow_signal{};
    row_lower_.push_back(v);
    row_has_upper_.push_back(source.upper.has_value());
    if (source.upper && !A::load(*source.upper, v)) throw overflow_signal{};
    row_upper_.push_back(v);
  }
  var_row_begin_.assign(n + 1, 0);
  for (std::size_t j = 0; j < n; ++j) var_row_begin_[j + 1] = var_row_begin_[j] + row_count[j];
  var_row_.assign(var_.size(), 0);
  std::vector<std::size_t> fill(var_row_begin_.begin(), var_row_begin_.end() - 1);
  for (std::size_t r = 0; r + 1 < row_begin_.size(); ++r)
    for (std::size_t p = row_begin_[r]; p < row_begin_[r + 1]; ++p) var_row_[fill[var_[p]]++] = r;
}

template <class A>
void bound_engine<A>::enqueue(std::size_t r) {
  if (in_queue_[r] || !row_active_[r]) return;
  in_queue_[r] = 1;
  std::size_t slot = queue_head_ + queue_size_;
  if (slot >= queue_.size()) slot -= queue_.size();
  queue_[slot] = r;
  ++queue_size_;
}

template <class A>
typename bound_engine<A>::outcome bound_engine<A>::run(std::size_t max_sweeps) {
  ++epoch_;
  max_sweeps_ = max_sweeps;
  capped_ = false;
  if (contradiction_) return outcome::contradiction;
  while (queue_size_ > 0) {
    poll_stop();
    const std::size_t r = queue_[queue_head_];
    if (++queue_head_ == queue_.size()) queue_head_ = 0;
    --queue_size_;
    in_queue_[r] = 0;
    if (!process_row(r)) return outcome::contradiction;
    if (capped_) return outcome::capped;
  }
  return outcome::fixpoint;
}

template <class A>
bool bound_engine<A>::process_row(std::size_t r) {
  const std::size_t b = row_begin_[r], e = row_begin_[r + 1];
  A::set(min_sum_, 0);
  A::set(max_sum_, 0);
  min_infinite_ = max_infinite_ = 0;
  for (std::size_t p = b; p < e; ++p) {
    const std::size_t j = var_[p];
    const std::int64_t c = coef_[p];
    if (c > 0) {
      A::add_product(min_sum_, c, lower_[j]);
      if (has_upper_[j]) A::add_product(max_sum_, c, upper_[j]);
      else ++max_infinite_, max_infinite_at_ = p;
    } else {
      if (has_upper_[j]) A::add_product(min_sum_, c, upper_[j]);
      else ++min_infinite_, min_infinite_at_ = p;
      A::add_product(max_sum_, c, lower_[j]);
    }
  }
  const bool has_upper_side = row_has_upper_[r], has_lower_side = row_has_lower_[r];
  if (has_upper_side && min_infinite_ == 0 && min_sum_ > row_upper_[r]) {
    fail_row(r, side::min_activity);
    return false;
  }
  if (has_lower_side && max_infinite_ == 0 && max_sum_ < row_lower_[r]) {
    fail_row(r, side::max_activity);
    return false;
  }
  for (std::size_t p = b; p < e; ++p) {
    if (has_upper_side && (min_infinite_ == 0 || (min_infinite_ == 1 && min_infinite_at_ == p))) {
      if (!derive(r, p, true, side::min_activity)) return false;
    }
    if (has_lower_side && (max_infinite_ == 0 || (max_infinite_ == 1 && max_infinite_at_ == p))) {
      if (!derive(r, p, false, side::max_activity)) return false;
    }
    if ((!has_upper_side || min_infinite_ > 1) && (!has_lower_side || max_infinite_ > 1)) break;
  }
  return true;
}

// From the upper side: c·x_j ≤ upper − (min activity of the rest); from the
// lower side: c·x_j ≥ lower − (max activity of the rest).
template <class A>
bool bound_engine<A>::derive(std::size_t r, std::size_t p, bool from_upper_side, side used) {
  const std::size_t j = var_[p];
  const std::int64_t c = coef_[p];
  const bool min_side = used == side::min_activity;
  const value& sum = min_side ? min_sum_ : max_sum_;
  const std::size_t infinite = min_side ? min_infinite_ : max_infinite_;
  rest_ = sum;
  if (infinite == 0) {
    // p's own contribution to this activity: c·lower when c and the side agree, else c·upper
    const bool uses_lower = (c > 0) == min_side;
    A::add_product(rest_, -c, uses_lower ? lower_[j] : upper_[j]);
  }
  if (from_upper_side) A::difference(slack_, row_upper_[r], rest_);
  else A::difference(slack_, row_lower_[r], rest_);
  // bound on x_j: c > 0 and upper side, or c < 0 and lower side, give an upper bound
  const bool gives_upper = (c > 0) == from_upper_side;
  if (gives_upper) {
    A::floor_quotient(candidate_, slack_, c);
    if (has_upper_[j] && !(candidate_ < upper_[j])) return true;
  } else {
    A::ceil_quotient(candidate_, slack_, c);
    if (!(candidate_ > lower_[j])) return true;
  }
  return set_bound(j, gives_upper, candidate_, r, p, used);
}

template <class A>
bool bound_engine<A>::set_bound(std::size_t j, bool is_upper, const value& bound, std::size_t r, std::size_t p,
                                side used) {
  const bool had_upper = has_upper_[j];
  old_ = is_upper ? upper_[j] : lower_[j];
  std::size_t event = none;
  if (how_.record_reasons) {
    propagation_event made;
    made.variable = j;
    made.is_upper = is_upper;
    made.value = A::store(bound);
    made.row = r == none ? none : row_id_[r];
    if (r != none) collect_premises(r, p, used, made.premises);
    events_.push_back(std::move(made));
    event = events_.size() - 1;
  }
  if (how_.keep_trail) trail_.push_back({j, is_upper, had_upper, is_upper ? upper_event_[j] : lower_event_[j], old_});
  if (is_upper) {
    upper_[j] = bound;
    has_upper_[j] = 1;
    upper_event_[j] = event;
  } else {
    lower_[j] = bound;
    lower_event_[j] = event;
  }

  // keep the activity of the row being processed current; a row names a
  // variable once (its terms are merged), at p, so this costs O(1), not the
  // row's length (a total over 40,000 leaves tightens each of them)
  if (r != none) {
    const std::int64_t c = coef_[p];
    const bool affects_min = (c > 0) != is_upper;
    value& sum = affects_min ? min_sum_ : max_sum_;
    std::size_t& infinite = affects_min ? min_infinite_ : max_infinite_;
    if (is_upper && !had_upper) {
      --infinite;
      A::add_product(sum, c, bound);
      if (infinite == 1) locate_infinite(r);
    } else {
      A::difference(rest_, bound, old_);
      A::add_product(sum, c, rest_);
    }
  }

  const std::size_t slot = 2 * j + (is_upper ? 1 : 0);
  if (stamp_[slot] != epoch_) stamp_[slot] = epoch_, tightenings_[slot] = 0;
  if (++tightenings_[slot] > max_sweeps_) capped_ = true;
  for (std::size_t k = var_row_begin_[j]; k < var_row_begin_[j + 1]; ++k) enqueue(var_row_[k]);

  if (has_upper_[j] && upper_[j] < lower_[j]) {
    contradiction_ = true;
    row_failed_ = false;
    A::difference(excess_, lower_[j], upper_[j]);
    conflict_row_ = r == none ? none : row_id_[r];
    conflict_premises_.clear();
    const std::size_t other = is_upper ? lower_event_[j] : upper_event_[j];
    if (other != none) conflict_premises_.push_back(other);
    if (event != none) conflict_premises_.push_back(event);
    return false;
  }
  return true;
}

template <class A>
void bound_engine<A>::locate_infinite(std::size_t r) {
  for (std::size_t q = row_begin_[r]; q < row_begin_[r + 1]; ++q) {
    if (has_upper_[var_[q]]) continue;
    if (coef_[q] > 0) max_infinite_at_ = q;
    else min_infinite_at_ = q;
  }
}

template <class A>
void bound_engine<A>::collect_premises(std::size_t r, std::size_t skip, side used, std::vector<std::size_t>& out) const {
  for (std::size_t q = row_begin_[r]; q < row_begin_[r + 1]; ++q) {
    if (q == skip) continue;
    const std::size_t k = var_[q];
    const bool uses_lower = (coef_[q] > 0) == (used == side::min_activity);
    const std::size_t event = uses_lower ? lower_event_[k] : upper_event_[k];
    if (event != none) out.push_back(event);
  }
}

template <class A>
void bound_engine<A>::fail_row(std::size_t r, side used) {
  contradiction_ = true;
  row_failed_ = true;
  if (used == side::min_activity) A::difference(excess_, min_sum_, row_upper_[r]);
  else A::difference(excess_, row_lower_[r], max_sum_);
  conflict_row_ = row_id_[r];
  conflict_premises_.clear();
  if (how_.record_reasons) collect_premises(r, none, used, conflict_premises_);
}

template <class A>
bool bound_engine<A>::tighten_lower(std::size_t j, const value& bound) {
  if (contradiction_) return false;
  if (!(bound > lower_[j])) return true;
  return set_bound(j, false, bound, none, none, side::min_activity);
}

template <class A>
bool bound_engine<A>::tighten_upper(std::size_t j, const value& bound) {
  if (contradiction_) return false;
  if (has_upper_[j] && !(bound < upper_[j])) return true;
  return set_bound(j, true, bound, none, none, side::min_activity);
}

template <class A>
void bound_engine<A>::undo(std::size_t mark) {
  while (trail_.size() > mark) {
    trail_entry& t = trail_.back();
    if (t.is_upper) {
      upper_[t.variable] = t.old;
      has_upper_[t.variable] = t.had_upper;
      upper_event_[t.variable] = t.event;
    } else {
      lower_[t.variable] = t.old;
      lower_event_[t.variable] = t.event;
    }
    trail_.pop_back();
  }
  while (queue_size_ > 0) {
    in_queue_[queue_[queue_head_]] = 0;
    if (++queue_head_ == queue_.size()) queue_head_ = 0;
    --queue_size_;
  }
  contradiction_ = false;
}

template class bound_engine<int64_arithmetic>;
template class bound_engine<big_arithmetic>;

}  // namespace tally::solve
