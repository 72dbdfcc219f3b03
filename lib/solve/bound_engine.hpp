// The bounds propagation engine behind propagate() and the witness dives:
// a FIFO queue of rows, integer-rounded tightening of every variable of a
// row from the row's residual activity, optional reasons (events with their
// premises), and an undo trail so a dive can try a value and take it back.
// Written once over an arithmetic policy (bound_arithmetic.hpp): int64 with
// checked operations (throws overflow_signal) or tally::integer.
#pragma once

#include "bound_arithmetic.hpp"
#include "linear_system.hpp"
#include "propagation.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tally::solve {

template <class Arithmetic>
class bound_engine {
 public:
  using value = typename Arithmetic::value_type;
  static constexpr std::size_t none = static_cast<std::size_t>(-1);

  enum class outcome { fixpoint, contradiction, capped };

  struct settings {
    bool record_reasons = false;  // keep a propagation_event per tightening
    bool keep_trail = false;      // allow mark()/undo()
  };

  /// Loads the active rows (duplicate variables merged, zero terms dropped)
  /// and queues them all. Throws overflow_signal when a side does not fit.
  bound_engine(const linear_system& system, const row_mask& active, settings how);

  /// Back to the start, every variable in [0, ∞) and nothing on the trail,
  /// queue or events, with only the loaded rows that `active` marks (by
  /// system row, as at construction; empty: every loaded row) in force. One
  /// engine loaded with every row then answers a stream of checks on
  /// subsets of them without loading or allocating again.
  void restart(const row_mask& active);

  std::size_t variables() const { return lower_.size(); }
  std::size_t rows() const { return row_id_.size(); }
  const value& lower(std::size_t j) const { return lower_[j]; }
  bool has_upper(std::size_t j) const { return has_upper_[j] != 0; }
  const value& upper(std::size_t j) const { return upper_[j]; }
  bool fixed(std::size_t j) const { return has_upper_[j] && lower_[j] == upper_[j]; }
  bool in_contradiction() const { return contradiction_; }

  /// Decisions from outside (no row): false when the variable's bounds cross.
  bool tighten_lower(std::size_t j, const value& bound);
  bool tighten_upper(std::size_t j, const value& bound);

  /// Propagates the queue; stops early when a bound has tightened more than
  /// max_sweeps times during this call (outcome::capped).
  outcome run(std::size_t max_sweeps);

  std::size_t mark() const { return trail_.size(); }
  void undo(std::size_t mark);

  std::vector<propagation_event>& events() { return events_; }
  std::size_t conflict_row() const { return conflict_row_; }
  /// On contradiction: by how much the bounds crossed (the lower bound above
  /// the upper), or by how much the conflict row's activity missed its side
  /// (its least activity above the upper side, or its greatest below the
  /// lower); `conflict_row_failed` says which.
  const value& excess() const { return excess_; }
  bool conflict_row_failed() const { return row_failed_; }
  std::vector<std::size_t>& conflict_premises() { return conflict_premises_; }

  // The loaded structure, for callers that walk it (row r is system row row_id(r)).
  std::size_t row_id(std::size_t r) const { return row_id_[r]; }
  std::size_t row_begin(std::size_t r) const { return row_begin_[r]; }
  std::size_t term_variable(std::size_t p) const { return var_[p]; }
  std::int64_t term_coefficient(std::size_t p) const { return coef_[p]; }
  std::size_t rows_of_begin(std::size_t j) const { return var_row_begin_[j]; }
  std::size_t rows_of_row(std::size_t k) const { return var_row_[k]; }

 private:
  struct trail_entry {
    std::size_t variable;
    bool is_upper;
    bool had_upper;
    std::size_t event;
    value old;
  };
  enum class side { min_activity, max_activity };

  void load(const linear_system& system, const row_mask& active);
  bool process_row(std::size_t r);
  bool derive(std::size_t r, std::size_t p, bool upper_bound, side used);
  bool set_bound(std::size_t j, bool is_upper, const value& bound, std::size_t r, std::size_t p, side used);
  void collect_premises(std::size_t r, std::size_t skip, side used, std::vector<std::size_t>& out) const;
  void fail_row(std::size_t r, side used);
  void enqueue(std::size_t r);
  void locate_infinite(std::size_t r);

  settings how_;
  // rows (compressed)
  std::vector<std::size_t> row_id_, row_begin_, var_;
  std::vector<std::int64_t> coef_;
  std::vector<value> row_lower_, row_upper_;
  std::vector<char> row_has_lower_, row_has_upper_;
  std::vector<std::size_t> var_row_begin_, var_row_;
  // bounds
  std::vector<value> lower_, upper_;
  std::vector<char> has_upper_;
  std::vector<std::size_t> lower_event_, upper_event_;
  std::vector<std::uint32_t> tightenings_, stamp_;
  std::uint32_t epoch_ = 0;
  std::size_t max_sweeps_ = 0;
  bool capped_ = false;
  // queue (each row at most once)
  std::vector<std::size_t> queue_;
  std::size_t queue_head_ = 0, queue_size_ = 0;
  std::vector<char> in_queue_;
  std::vector<char> row_active_;  // rows not in force are never queued
  // the activity of the row being processed
  value min_sum_{}, max_sum_{}, rest_{}, slack_{}, candidate_{}, old_{};
  std::size_t min_infinite_ = 0, max_infinite_ = 0, min_infinite_at_ = 0, max_infinite_at_ = 0;
  // outcome
  std::vector<trail_entry> trail_;
  std::vector<propagation_event> events_;
  bool contradiction_ = false;
  std::size_t conflict_row_ = 0;
  value excess_{};
  bool row_failed_ = false;
  std::vector<std::size_t> conflict_premises_;
};

extern template class bound_engine<int64_arithmetic>;
extern template class bound_engine<big_arithmetic>;

}  // namespace tally::solve
