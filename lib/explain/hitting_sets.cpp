#include "explain/hitting_sets.hpp"

#include "solve/stop.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <unordered_map>

namespace tally::explain {
namespace {

bool meets(const index_set& a, const index_set& b) {
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i == *j) return true;
    *i < *j ? ++i : ++j;
  }
  return false;
}

// Branch and bound over one group of sets, elements numbered locally.
//
// The contract's order (weight, then size, then the sorted ids) is one
// integer objective: element e costs W(e)·A + D − 2^(n−1−r(e)), with W the
// weight scaled to an integer, r the rank of its id among the group's n
// elements, D = 2^n and A = (n+1)·D. The size term D per element outweighs
// any difference of the rank terms, and A any difference of size and rank
// terms together; between two sets of equal size the rank terms favour the
// one holding the smallest differing id, which is the order of sorted id
// lists. So no two hitting sets tie, and the search prunes every node whose
// bound is no better than the best found, ties included. V is __int128 when
// the numbers fit, else the exact integer.
template <class V>
class group_search {
 public:
  group_search(std::vector<index_set> sets, std::vector<V> cost, std::optional<V> at_most)
      : sets_(std::move(sets)), cost_of_(std::move(cost)), at_most_(std::move(at_most)) {
    const std::size_t m = cost_of_.size();
    containing_.resize(m);
    for (std::size_t s = 0; s < sets_.size(); ++s)
      for (std::size_t e : sets_[s]) containing_[e].push_back(s);
    state_.assign(m, free_element);
    hits_.assign(sets_.size(), 0);
    stamp_.assign(m, 0);
    by_preference_.resize(m);
    std::iota(by_preference_.begin(), by_preference_.end(), std::size_t{0});
    std::sort(by_preference_.begin(), by_preference_.end(),
              [this](std::size_t a, std::size_t b) { return cost_of_[a] < cost_of_[b]; });
    preference_.resize(m);
    for (std::size_t k = 0; k < m; ++k) preference_[by_preference_[k]] = k;
  }

  bool run(std::size_t node_limit, bool first_within_bound) {
    node_limit_ = node_limit;
    first_within_bound_ = first_within_bound;
    start_from_greedy();
    search();
    return found_;
  }
  /// Local elements of the best hitting set, ascending.
  const index_set& best() const { return best_; }
  /// True unless the node limit stopped the search: then best() is only the
  /// best found, and root_bound() what every hitting set costs at least.
  bool proven() const { return !stopped_; }
  const V& root_bound() const { return root_bound_; }

 private:
  static constexpr char free_element = 0, chosen_element = 1, forbidden_element = 2;

  // True when a solution costing `bound` at least cannot improve on the best
  // (or stay within at_most).
  bool hopeless(const V& bound) const {
    if (found_) return !(bound < best_cost_);
    return at_most_ && *at_most_ < bound;
  }

  void search() {
    if (stopped_ || (found_ && first_within_bound_)) return;
    const bool root = nodes_ == 0;
    if (++nodes_ > node_limit_) {
      stopped_ = true;
      return;
    }
    solve::poll_stop();
    // The unhit sets, the branching set (fewest free elements) and a lower
    // bound from unhit sets that share no free element.
    unhit_.clear();
    for (std::size_t s = 0; s < sets_.size(); ++s)
      if (hits_[s] == 0) unhit_.push_back({free_count(s), s});
    if (unhit_.empty()) {
      if (root) root_bound_ = cost_;
      offer();
      return;
    }
    std::sort(unhit_.begin(), unhit_.end());
    if (unhit_.front().first == 0) return;  // a set that can no longer be hit
    ++epoch_;
    V bound = cost_;
    for (const auto& [count, s] : unhit_) {
      bool disjoint = true;
      for (std::size_t e : sets_[s])
        if (state_[e] == free_element && stamp_[e] == epoch_) disjoint = false;
      if (!disjoint) continue;
      const V* lightest = nullptr;
      for (std::size_t e : sets_[s]) {
        if (state_[e] != free_element) continue;
        stamp_[e] = epoch_;
        if (lightest == nullptr || cost_of_[e] < *lightest) lightest = &cost_of_[e];
      }
      bound += *lightest;
    }
    if (root) root_bound_ = bound;
    if (hopeless(bound)) return;

    const std::size_t branch = unhit_.front().second;
    std::vector<std::size_t> order;
    for (std::size_t e : sets_[branch])
      if (state_[e] == free_element) order.push_back(e);
    std::sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) { return preference_[a] < preference_[b]; });
    // A child that chooses e must still hit another unhit set without e; the
    // two heaviest such lightest-elements give each child a bound in O(1),
    // so a branching set of thousands of claims costs no full bound each.
    // (Forbidding elements only raises a set's lightest free cost, so these
    // stay valid through the loop.)
    std::size_t first_set = SIZE_MAX, second_set = SIZE_MAX;
    V first_cost{0}, second_cost{0};
    for (const auto& [count, s] : unhit_) {
      if (s == branch) continue;
      const V* lightest = nullptr;
      for (std::size_t e : sets_[s])
        if (state_[e] == free_element && (lightest == nullptr || cost_of_[e] < *lightest)) lightest = &cost_of_[e];
      if (first_set == SIZE_MAX || first_cost < *lightest) {
        second_set = first_set;
        second_cost = first_cost;
        first_set = s;
        first_cost = *lightest;
      } else if (second_set == SIZE_MAX || second_cost < *lightest) {
        second_set = s;
        second_cost = *lightest;
      }
    }
    const auto holds = [this](std::size_t s, std::size_t e) { return std::binary_search(sets_[s].begin(), sets_[s].end(), e); };
    for (std::size_t e : order) {
      V child = cost_ + cost_of_[e];
      if (first_set != SIZE_MAX && !holds(first_set, e))
        child += first_cost;
      else if (second_set != SIZE_MAX && !holds(second_set, e))
        child += second_cost;
      if (!hopeless(child)) {
        choose(e);
        search();
        unchoose(e);
      }
      state_[e] = forbidden_element;  // later siblings leave e out: no set is visited twice
    }
    for (std::size_t e : order) state_[e] = free_element;
  }

  // A first incumbent, so that the bounds prune from the start: repeatedly
  // take the element that hits the most unhit sets per unit of cost (a
  // total shared by every conflict, say, before any one leaf).
  void start_from_greedy() {
    std::vector<std::size_t> cover(cost_of_.size());
    for (std::size_t e = 0; e < cost_of_.size(); ++e) cover[e] = containing_[e].size();
    std::vector<std::size_t> taken;
    std::size_t unhit = sets_.size();
    while (unhit > 0) {
      std::size_t pick = SIZE_MAX;
      for (std::size_t e : by_preference_) {
        if (cover[e] == 0) continue;
        // cover[e] / cost(e) > cover[pick] / cost(pick), costs positive
        if (pick == SIZE_MAX || V(cover[pick]) * cost_of_[e] < V(cover[e]) * cost_of_[pick]) pick = e;
      }
      if (pick == SIZE_MAX) break;  // an empty set: nothing hits it
      choose(pick);
      taken.push_back(pick);
      for (std::size_t s : containing_[pick]) {
        if (hits_[s] != 1) continue;  // already hit before
        --unhit;
        for (std::size_t e : sets_[s]) --cover[e];
      }
    }
    if (unhit == 0) {
      // Put back what the rest already covers, costliest first.
      std::sort(taken.begin(), taken.end(), [this](std::size_t a, std::size_t b) { return preference_[a] > preference_[b]; });
      for (std::size_t k = 0; k < taken.size();) {
        const std::size_t e = taken[k];
        const bool needed = std::any_of(containing_[e].begin(), containing_[e].end(),
                                        [this](std::size_t s) { return hits_[s] == 1; });
        if (needed) {
          ++k;
          continue;
        }
        unchoose_anywhere(e);
        taken.erase(taken.begin() + static_cast<std::ptrdiff_t>(k));
      }
      offer();
    }
    for (std::size_t e : taken) unchoose_anywhere(e);
  }

  std::size_t free_count(std::size_t s) const {
    std::size_t n = 0;
    for (std::size_t e : sets_[s]) n += state_[e] == free_element;
    return n;
  }

  void choose(std::size_t e) {
    state_[e] = chosen_element;
    chosen_.push_back(e);
    cost_ += cost_of_[e];
    for (std::size_t s : containing_[e]) ++hits_[s];
  }
  void unchoose(std::size_t e) {
    state_[e] = free_element;
    chosen_.pop_back();
    cost_ -= cost_of_[e];
    for (std::size_t s : containing_[e]) --hits_[s];
  }
  void unchoose_anywhere(std::size_t e) {
    state_[e] = free_element;
    chosen_.erase(std::find(chosen_.begin(), chosen_.end(), e));
    cost_ -= cost_of_[e];
    for (std::size_t s : containing_[e]) --hits_[s];
  }

  void offer() {
    if (hopeless(cost_)) return;
    found_ = true;
    best_cost_ = cost_;
    best_ = chosen_;
    std::sort(best_.begin(), best_.end());
  }

  std::vector<index_set> sets_;
  std::vector<V> cost_of_;
  std::optional<V> at_most_;
  std::vector<std::vector<std::size_t>> containing_;
  std::vector<char> state_;
  std::vector<std::size_t> hits_;
  std::vector<std::size_t> stamp_;
  std::size_t epoch_ = 0;
  std::vector<std::size_t> by_preference_, preference_;
  std::vector<std::pair<std::size_t, std::size_t>> unhit_;
  std::vector<std::size_t> chosen_;
  V cost_{0};
  bool found_ = false;
  V best_cost_{0};
  index_set best_;
  std::size_t nodes_ = 0, node_limit_ = SIZE_MAX;
  bool stopped_ = false;
  bool first_within_bound_ = false;
  V root_bound_{0};
};

// The group's costs as one integer objective (see group_search), and the
// bound at_most on the weight as a bound on it. Returns the search's answer.
struct group_answer {
  std::optional<index_set> best;
  bool proven = true;
  rational lower_bound;  // on the group's weight
};

template <class V>
group_answer run_search(std::vector<index_set> sets, std::vector<V> cost, std::optional<V> limit, const V& weight_unit,
                        const integer& denominator, std::size_t node_limit, bool first_within_bound) {
  const bool any = first_within_bound && limit.has_value();
  group_search<V> search(std::move(sets), std::move(cost), std::move(limit));
  group_answer out;
  if (search.run(node_limit, any)) out.best = search.best();
  out.proven = search.proven();
  // Each cost is W·A plus less than A in all, so ⌊bound / A⌋ bounds Σ W.
  const V whole = search.root_bound() / weight_unit;
  out.lower_bound = to_rational(integer(whole)) / to_rational(denominator);
  return out;
}

group_answer solve_group(std::vector<index_set> sets, const std::vector<rational>& weight,
                         const std::vector<std::size_t>& rank, const std::optional<rational>& at_most,
                         std::size_t node_limit, bool first_within_bound) {
  const std::size_t n = weight.size();
  integer denominator = 1;
  for (const rational& w : weight)
    denominator = boost::multiprecision::lcm(denominator, denominator_of(w));
  std::vector<integer> scaled;
  integer total = 0;
  for (const rational& w : weight) {
    scaled.push_back(numerator_of(w) * (denominator / denominator_of(w)));
    total += scaled.back();
  }
  // Local ranks 0..n−1 in the order of the ids.
  std::vector<std::size_t> by_rank(n);
  std::iota(by_rank.begin(), by_rank.end(), std::size_t{0});
  std::sort(by_rank.begin(), by_rank.end(), [&rank](std::size_t a, std::size_t b) { return rank[a] < rank[b]; });
  std::vector<std::size_t> local_rank(n);
  for (std::size_t k = 0; k < n; ++k) local_rank[by_rank[k]] = k;
  const integer size_unit = integer(1) << n;
  const integer weight_unit = size_unit * (n + 1);
  std::vector<integer> cost;
  for (std::size_t e = 0; e < n; ++e)
    cost.push_back(scaled[e] * weight_unit + size_unit - (integer(1) << (n - 1 - local_rank[e])));
  std::optional<integer> limit;
  if (at_most) {
    // weight ≤ at_most ⇔ scaled weight ≤ ⌊at_most·denominator⌋ ⇔ cost < (that + 1)·A
    const rational b = *at_most * to_rational(denominator);
    const integer whole = numerator_of(b) / denominator_of(b);
    if (whole < 0) return {std::nullopt, true, rational(0)};
    limit = (whole + 1) * weight_unit - 1;
  }
  // Every cost sum stays below (total + 1)·A, and the greedy start
  // multiplies a cost by a count of sets: __int128 when both fit.
  const std::size_t bits = boost::multiprecision::msb((total + 1) * weight_unit) + 1 +
                           boost::multiprecision::msb(integer(sets.size()) + 1) + 1;
  if (bits < 126) {
    std::vector<__int128> small(n);
    for (std::size_t e = 0; e < n; ++e) small[e] = static_cast<__int128>(cost[e]);
    std::optional<__int128> small_limit;
    if (limit) small_limit = static_cast<__int128>(*limit);
    return run_search<__int128>(std::move(sets), std::move(small), small_limit, static_cast<__int128>(weight_unit),
                                denominator, node_limit, first_within_bound);
  }
  return run_search<integer>(std::move(sets), std::move(cost), std::move(limit), weight_unit, denominator, node_limit,
                             first_within_bound);
}

std::size_t find_root(std::vector<std::size_t>& parent, std::size_t x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace

void hitting_set_family::add(const index_set& set) {
  // Sets that meet `set` stay. Every other h grows by one element e of it;
  // h ∪ {e} can only be a superset of a staying set that holds e (h misses
  // `set`, and grown sets never contain each other), so only those are
  // compared: no pass over every pair.
  std::vector<index_set> next, missing;
  for (index_set& h : hitting_) (meets(h, set) ? next : missing).push_back(std::move(h));
  std::unordered_map<std::size_t, std::vector<std::size_t>> staying_with;
  for (std::size_t k = 0; k < next.size(); ++k)
    for (std::size_t e : next[k])
      if (std::binary_search(set.begin(), set.end(), e)) staying_with[e].push_back(k);
  const std::size_t staying = next.size();
  for (const index_set& h : missing) {
    for (std::size_t e : set) {
      if (next.size() >= limit_) {
        truncated_ = true;
        break;
      }
      index_set grown = h;
      grown.insert(std::upper_bound(grown.begin(), grown.end(), e), e);
      const auto found = staying_with.find(e);
      const bool superset = found != staying_with.end() &&
                            std::any_of(found->second.begin(), found->second.end(), [&](std::size_t k) {
                              return k < staying && std::includes(grown.begin(), grown.end(), next[k].begin(), next[k].end());
                            });
      if (!superset) next.push_back(std::move(grown));
    }
    if (truncated_) break;
  }
  std::sort(next.begin(), next.end(), [](const index_set& a, const index_set& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  hitting_ = std::move(next);
}

std::vector<index_set> minimal_hitting_sets(const std::vector<index_set>& sets, std::size_t limit,
                                            bool& truncated) {
  hitting_set_family family(limit);
  for (const index_set& s : sets) family.add(s);
  if (family.truncated()) truncated = true;
  return family.sets();
}

rational hitting_cost::total(const index_set& s) const {
  rational sum = 0;
  for (std::size_t e : s) sum += weight[e];
  return sum;
}

bool hitting_cost::before(const index_set& a, const index_set& b) const {
  const rational wa = total(a), wb = total(b);
  if (wa != wb) return wa < wb;
  if (a.size() != b.size()) return a.size() < b.size();
  std::vector<std::size_t> ra, rb;
  for (std::size_t e : a) ra.push_back(rank[e]);
  for (std::size_t e : b) rb.push_back(rank[e]);
  std::sort(ra.begin(), ra.end());
  std::sort(rb.begin(), rb.end());
  return ra < rb;
}

hitting_answer cheapest_hitting_set(const std::vector<index_set>& sets, const hitting_cost& cost,
                                    const std::optional<rational>& at_most, std::size_t node_limit,
                                    bool any_within_bound) {
  hitting_answer out;
  for (const index_set& s : sets)
    if (s.empty()) return out;
  // Local numbering of the elements that occur, and groups of sets linked by
  // a shared element (union-find over elements).
  index_set elements;
  for (const index_set& s : sets) elements.insert(elements.end(), s.begin(), s.end());
  std::sort(elements.begin(), elements.end());
  elements.erase(std::unique(elements.begin(), elements.end()), elements.end());
  const auto local = [&elements](std::size_t e) {
    return static_cast<std::size_t>(std::lower_bound(elements.begin(), elements.end(), e) - elements.begin());
  };
  std::vector<std::size_t> parent(elements.size());
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  for (const index_set& s : sets)
    for (std::size_t k = 1; k < s.size(); ++k)
      parent[find_root(parent, local(s[k]))] = find_root(parent, local(s[0]));

  std::vector<std::size_t> group_of_root(elements.size(), SIZE_MAX);
  std::vector<std::vector<std::size_t>> group_sets;
  for (std::size_t s = 0; s < sets.size(); ++s) {
    std::size_t& g = group_of_root[find_root(parent, local(sets[s][0]))];
    if (g == SIZE_MAX) {
      g = group_sets.size();
      group_sets.emplace_back();
    }
    group_sets[g].push_back(s);
  }

  index_set answer;
  rational spent = 0;
  for (const std::vector<std::size_t>& members : group_sets) {
    // The group's own numbering: its elements in ascending order.
    index_set mine;
    for (std::size_t s : members) mine.insert(mine.end(), sets[s].begin(), sets[s].end());
    std::sort(mine.begin(), mine.end());
    mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
    std::vector<index_set> local_sets;
    for (std::size_t s : members) {
      index_set ls;
      for (std::size_t e : sets[s])
        ls.push_back(static_cast<std::size_t>(std::lower_bound(mine.begin(), mine.end(), e) - mine.begin()));
      local_sets.push_back(std::move(ls));
    }
    std::vector<rational> weight;
    std::vector<std::size_t> rank;
    for (std::size_t e : mine) {
      weight.push_back(cost.weight[e]);
      rank.push_back(cost.rank[e]);
    }
    // What is left of the bound for this group: the other groups spend at
    // least what they spent so far (each group's optimum is its least).
    std::optional<rational> left;
    if (at_most) left = *at_most - spent;
    // Any set within the bound will do only when one group holds them all:
    // otherwise an early group could spend what a later one needs.
    const group_answer found =
        solve_group(std::move(local_sets), weight, rank, left, node_limit, any_within_bound && group_sets.size() == 1);
    if (!found.proven) out.proven = false;
    out.lower_bound += found.lower_bound;
    if (!found.best) return out;  // empty: none within at_most (or none found, when not proven)
    for (std::size_t e : *found.best) {
      answer.push_back(mine[e]);
      spent += cost.weight[mine[e]];
    }
  }
  std::sort(answer.begin(), answer.end());
  out.set = std::move(answer);
  return out;
}

}  // namespace tally::explain
