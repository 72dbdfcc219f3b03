#include "large_component.hpp"

#include "bound_tightening.hpp"
#include "box_problem.hpp"
#include "branch_and_bound.hpp"
#include "component_solver.hpp"
#include "dive.hpp"
#include "dive_order.hpp"
#include "sparse_simplex.hpp"

#include <tally/error.hpp>

#include <numeric>
#include <optional>
#include <string>
#include <type_traits>

namespace tally::solve {
namespace {

// The tableau is rebuilt when fill-in makes it this many times its first
// size. A rebuild starts at the last point, off the vertices, and pays
// pivots to get back to one: at 3, a 60-month region of the grid benchmark
// rebuilt so often that it took five times the pivots it takes at 10, for
// 40% more memory.
constexpr std::size_t refill_factor = 10;

template <class A, class Q>
class witness_search {
 public:
  using value = typename A::value_type;
  using engine = bound_engine<A>;

  witness_search(const linear_system& part, work_counters& work)
      : part_(part),
        work_(work),
        n_(part.variables),
        root_(part, {}, {.record_reasons = false, .keep_trail = true}),
        min_done_(n_, 0),
        max_done_(n_, 0),
        max_infinite_(n_, 0),
        sliced_(slice_order(part)),
        forward_(all()),
        backward_(forward_.rbegin(), forward_.rend()),
        anchor_(n_),
        row_stamp_(part.rows.size(), 0) {
    for (const row& r : part.rows) {
      value v{};
      if (r.lower && !A::load(*r.lower, v)) throw overflow_signal{};
      side_lower_.push_back(v);
      if (r.upper && !A::load(*r.upper, v)) throw overflow_signal{};
      side_upper_.push_back(v);
    }
  }

  ranges_result run() {
    ranges_result result;
    // a generous cap: a long chain may need many sweeps, and the dives need a fixpoint
    const auto settled = root_.run(n_ + propagation_sweeps);
    if (settled == engine::outcome::contradiction) return result;
    if (settled == engine::outcome::capped) return without_dives();
    if (!first_points()) return result;
    if (!aimed_dives()) return result;
    if (!prove_unbounded()) return result;
    for (std::size_t j = 0; j < n_; ++j) {
      if (!min_done_[j] && !settle_bound(j, false)) return result;
      if (!max_done_[j] && !max_infinite_[j] && !settle_bound(j, true)) return result;
    }
    result.feasible = true;
    result.min.resize(n_);
    result.max.assign(n_, std::nullopt);
    for (std::size_t j = 0; j < n_; ++j) {
      result.min[j] = A::store(root_.lower(j));
      if (!max_infinite_[j]) result.max[j] = A::store(root_.upper(j));
    }
    return result;
  }

 private:
  // Propagation creeps (a cycle moving bounds a little each sweep): dives
  // need a fixpoint, so every bound goes to the LP.
  ranges_result without_dives() {
    ranges_result result;
    box_problem box;
    if (!make_box_problem(part_, {}, lowers(), uppers(), box)) return result;
    box_ranges exact = tighten_box_ranges(box, work_);
    result.feasible = exact.feasible;
    result.min = std::move(exact.min);
    result.max = std::move(exact.max);
    return result;
  }

  // Marks every bound the point attains, after checking the point against
  // the rows. Only what differs from the last point is looked at: the last
  // point was checked, and bounds it attained are already marked (a bound
  // proven later is compared with least_/greatest_ in apply_bound).
  void observe(const std::vector<value>& point) {
    changed_.clear();
    for (std::size_t j = 0; j < n_; ++j)
      if (!have_point_ || point[j] != anchor_[j]) changed_.push_back(j);
    if (++row_epoch_ == 0) std::fill(row_stamp_.begin(), row_stamp_.end(), 0), row_epoch_ = 1;
    value sum{};
    for (const std::size_t j : changed_)
      for (std::size_t k = root_.rows_of_begin(j); k < root_.rows_of_begin(j + 1); ++k) {
        const std::size_t i = root_.row_id(root_.rows_of_row(k));
        if (row_stamp_[i] == row_epoch_) continue;
        row_stamp_[i] = row_epoch_;
        const row& r = part_.rows[i];
        A::set(sum, 0);
        for (const term& t : r.terms) A::add_product(sum, t.coefficient, point[t.variable]);
        if ((r.lower && sum < side_lower_[i]) || (r.upper && side_upper_[i] < sum))
          throw error("internal error: a witness point breaks a row");
      }
    if (!have_point_) least_ = greatest_ = point;
    have_point_ = true;
    for (const std::size_t j : changed_) {
      anchor_[j] = point[j];
      if (point[j] < least_[j]) least_[j] = point[j];
      if (greatest_[j] < point[j]) greatest_[j] = point[j];
      if (point[j] == root_.lower(j)) min_done_[j] = 1;
      if (root_.has_upper(j) && point[j] == root_.upper(j)) max_done_[j] = 1;
    }
  }

  std::size_t open_bounds() const {
    std::size_t open = 0;
    for (std::size_t j = 0; j < n_; ++j) open += !min_done_[j] + (!max_done_[j] && root_.has_upper(j));
    return open;
  }

  // Aims each variable at a bound no point has attained yet: its lower end
  // first, else its upper end.
  std::vector<char> aims() const {
    std::vector<char> high(n_, 0);
    for (std::size_t j = 0; j < n_; ++j) high[j] = min_done_[j] && !max_done_[j];
    return high;
  }

  // Dives visit the variables slice by slice (dive_order.hpp), then in
  // reverse and in forward order when that fails.
  bool any_dive(const std::vector<char>& high, const std::vector<value>* hint, const std::vector<char>* hinted) {
    return dive(root_, sliced_, high, point_, propagation_sweeps, hint, hinted) ||
           dive(root_, backward_, high, point_, propagation_sweeps, hint, hinted) ||
           dive(root_, forward_, high, point_, propagation_sweeps, hint, hinted);
  }

  bool try_dive(const std::vector<char>& high) {
    if (!any_dive(high, nullptr, nullptr)) return false;
    observe(point_);
    return true;
  }

  // The all-low and the all-high dive; without any point, the exact LP decides.
  bool first_points() {
    try_dive(std::vector<char>(n_, 0));
    try_dive(std::vector<char>(n_, 1));
    if (have_point_) return true;
    box_problem box;
    if (!make_box_problem(part_, {}, lowers(), uppers(), box)) return false;
    const optimum any = optimize_box(box, {}, work_);
    if (any.status != optimum::kind::optimal) return false;
    take(any.point);
    return true;
  }

  // Dives that put the variables with open bounds first, while they attain new bounds.
  bool aimed_dives() {
    for (std::size_t open = open_bounds(), round = 0; open > 0; ++round) {
      // alternately every open lower bound and every open upper bound; the
      // other variables keep the last point's values where they can
      const bool highs = round % 2 == 1;
      std::vector<char> kept(n_, 0), high(n_, highs ? 1 : 0);
      for (std::size_t j = 0; j < n_; ++j)
        kept[j] = highs ? (max_done_[j] || !root_.has_upper(j)) : min_done_[j];
      const bool ok = dive(root_, sliced_, high, point_, propagation_sweeps, &anchor_, &kept) ||
                      dive(root_, backward_, high, point_, propagation_sweeps, &anchor_, &kept);
      if (ok) observe(point_);
      const std::size_t now = open_bounds();
      if (now == open && round % 2 == 1) break;
      open = now;
    }
    return true;
  }

  // A dive that starts by fixing x_j = target: true when it reaches a point.
  bool targeted_dive(std::size_t j, const value& target) {
    const std::size_t before = root_.mark();
    const bool found = root_.tighten_lower(j, target) && root_.tighten_upper(j, target) &&
                       root_.run(propagation_sweeps) == engine::outcome::fixpoint && complete_point();
    root_.undo(before);
    if (found) observe(point_);
    return found;
  }

  // Completes a point after a target is fixed. Variables whose bounds are all
  // attained keep their value in the last point found (it is feasible, so
  // only what the target changed needs repair), the others aim at their open
  // bounds; failing that every variable keeps its last value where it can.
  bool complete_point() {
    std::vector<char> settled(n_, 0), everywhere(n_, 1);
    for (std::size_t j = 0; j < n_; ++j) settled[j] = min_done_[j] && (max_done_[j] || !root_.has_upper(j));
    const std::vector<char> high = aims();
    return dive(root_, sliced_, high, point_, propagation_sweeps, &anchor_, &settled) ||
           dive(root_, sliced_, high, point_, propagation_sweeps, &anchor_, &everywhere) ||
           any_dive(high, &anchor_, &everywhere);
  }

  // An upper bound propagation left infinite is infinite when an integer ray
  // with r_j ≥ 1 exists: a point of the homogeneous rows (sides set to 0).
  bool prove_unbounded() {
    linear_system cone = part_;
    for (row& r : cone.rows) {
      if (r.lower) r.lower = integer{0};
      if (r.upper) r.upper = integer{0};
    }
    engine rays(cone, {}, {.record_reasons = false, .keep_trail = true});
    if (rays.run(n_ + propagation_sweeps) != engine::outcome::fixpoint) return true;
    const std::vector<char> low(n_, 0);
    value one{};
    A::set(one, 1);
    for (std::size_t j = 0; j < n_; ++j) {
      if (root_.has_upper(j) || max_infinite_[j]) continue;
      const std::size_t before = rays.mark();
      const bool found = rays.tighten_lower(j, one) && rays.run(propagation_sweeps) == engine::outcome::fixpoint &&
                         (dive(rays, sliced_, low, point_, propagation_sweeps) ||
                          dive(rays, backward_, low, point_, propagation_sweeps));
      rays.undo(before);
      if (!found) continue;
      for (std::size_t k = 0; k < n_; ++k)
        if (point_[k] > value{}) max_infinite_[k] = 1;
    }
    return true;
  }

  // One bound no dive attained: a dive aimed at it, then the LP relaxation
  // of the whole component (one sparse simplex, warm-started from bound to
  // bound), then branch and bound when the LP optimum is fractional and no
  // dive attains its rounding.
  bool settle_bound(std::size_t j, bool upper) {
    sparse_simplex<Q>& lp = relaxation();
    if (lp.minimize({{j, upper ? -1 : 1}}, work_) == lp_status::unbounded) {
      max_infinite_[j] = 1;  // a feasible integer program whose relaxation is unbounded
      return true;
    }
    value bound{};
    if (!A::load(upper ? exact_number<Q>::floor(lp.value(j)) : exact_number<Q>::ceil(lp.value(j)), bound))
      throw overflow_signal{};
    apply_bound(j, upper, bound);
    if (lp.first_fractional() == lp.variables()) {
      point_.resize(n_);
      for (std::size_t k = 0; k < n_; ++k) integral_value(lp.value(k), point_[k]);
      observe(point_);
    } else if (!targeted_dive(j, bound)) {
      box_problem box;
      if (!make_box_problem(part_, {}, lowers(), uppers(), box)) throw error("internal error: valid bounds emptied a box");
      const std::vector<integer> start = anchor();
      const integer incumbent = upper ? -A::store(greatest_[j]) : A::store(least_[j]);
      improve_box(box, {{j, upper ? -1 : 1}}, incumbent, [this](const std::vector<integer>& p) { take(p); }, work_,
                  &start);
      apply_bound(j, upper, upper ? greatest_[j] : least_[j]);  // the best value seen is now proven optimal
    }
    if (!(upper ? max_done_ : min_done_)[j]) throw error("internal error: a settled bound is not attained");
    return true;
  }

  // A bound proven valid; propagation cannot contradict it (a point exists).
  void apply_bound(std::size_t j, bool upper, const value& bound) {
    const bool consistent = upper ? root_.tighten_upper(j, bound) : root_.tighten_lower(j, bound);
    if (!consistent || root_.run(n_ + propagation_sweeps) != engine::outcome::fixpoint)
      throw error("internal error: a proven bound contradicts propagation");
    if (upper ? greatest_[j] == bound : least_[j] == bound) (upper ? max_done_ : min_done_)[j] = 1;
  }

  // Rebuilt from the latest point once pivots have filled the tableau in.
  sparse_simplex<Q>& relaxation() {
    if (relaxation_ && relaxation_->tableau_size() <= refill_factor * fresh_size_) return *relaxation_;
    if (!make_box_problem(part_, {}, lowers(), uppers(), relaxed_)) throw error("internal error: valid bounds emptied a box");
    std::vector<Q> start(n_);
    for (std::size_t k = 0; k < n_; ++k) start[k] = exact_number<Q>::from(A::store(anchor_[k]));
    relaxation_.emplace(relaxed_, &start);
    fresh_size_ = relaxation_->tableau_size();
    if (relaxation_->find_feasible(work_) != lp_status::optimal)
      throw error("internal error: the LP relaxation rejects a point that satisfies every row");
    return *relaxation_;
  }

  std::vector<integer> anchor() const {
    std::vector<integer> point(n_);
    for (std::size_t k = 0; k < n_; ++k) point[k] = A::store(anchor_[k]);
    return point;
  }

  // An integral LP value as a bound value, without a big-number detour on the fast path.
  static void integral_value(const Q& q, value& out) {
    if constexpr (std::is_same_v<Q, checked_rational> && std::is_same_v<value, std::int64_t>) {
      out = q.numerator();
    } else if (!A::load(exact_number<Q>::floor(q), out)) {
      throw overflow_signal{};
    }
  }

  void take(const std::vector<integer>& point) {
    std::vector<value> values(n_);
    for (std::size_t k = 0; k < n_; ++k)
      if (!A::load(point[k], values[k])) throw overflow_signal{};
    observe(values);
  }

  std::vector<integer> lowers(const std::vector<std::size_t>& which) const {
    std::vector<integer> out;
    for (const std::size_t j : which) out.push_back(A::store(root_.lower(j)));
    return out;
  }
  std::vector<std::optional<integer>> uppers(const std::vector<std::size_t>& which) const {
    std::vector<std::optional<integer>> out;
    for (const std::size_t j : which) out.push_back(root_.has_upper(j) ? std::optional<integer>{A::store(root_.upper(j))} : std::nullopt);
    return out;
  }
  std::vector<integer> lowers() const { return lowers(all()); }
  std::vector<std::optional<integer>> uppers() const { return uppers(all()); }
  std::vector<std::size_t> all() const {
    std::vector<std::size_t> every(n_);
    std::iota(every.begin(), every.end(), std::size_t{0});
    return every;
  }

  const linear_system& part_;
  work_counters& work_;
  std::size_t n_;
  engine root_;
  std::vector<char> min_done_, max_done_, max_infinite_;
  std::vector<std::size_t> sliced_, forward_, backward_;
  bool have_point_ = false;
  std::vector<value> point_, anchor_, least_, greatest_;  // least_, greatest_: over every point seen
  std::vector<value> side_lower_, side_upper_;
  std::vector<std::size_t> changed_;
  std::vector<std::uint32_t> row_stamp_;
  std::uint32_t row_epoch_ = 0;
  box_problem relaxed_;
  std::optional<sparse_simplex<Q>> relaxation_;
  std::size_t fresh_size_ = 0;
};

}  // namespace

ranges_result large_component_ranges(const linear_system& part, work_counters& work) {
  try {
    return witness_search<int64_arithmetic, checked_rational>(part, work).run();
  } catch (const overflow_signal&) {
    return witness_search<big_arithmetic, rational>(part, work).run();
  }
}

}  // namespace tally::solve
