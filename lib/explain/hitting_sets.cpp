#include "explain/hitting_sets.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <type_traits>

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

// Keeps only the sets no other set is a proper subset of, without duplicates.
std::vector<index_set> keep_minimal(std::vector<index_set> sets) {
  std::sort(sets.begin(), sets.end(), [](const index_set& a, const index_set& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  sets.erase(std::unique(sets.begin(), sets.end()), sets.end());
  std::vector<index_set> minimal;
  for (index_set& s : sets) {
    const bool has_subset = std::any_of(minimal.begin(), minimal.end(), [&](const index_set& m) {
      return std::includes(s.begin(), s.end(), m.begin(), m.end());
    });
    if (!has_subset) minimal.push_back(std::move(s));
  }
  return minimal;
}

// Branch and bound over one group of sets, elements numbered locally. W is
// the weight type: int64 when the group's weights scale to small integers
// (the common case, no allocation per node), else the exact rational.
template <class W>
class group_search {
 public:
  group_search(std::vector<index_set> sets, std::vector<W> weight, std::vector<std::size_t> rank,
               std::optional<W> at_most)
      : sets_(std::move(sets)), weight_(std::move(weight)), rank_(std::move(rank)), at_most_(std::move(at_most)) {
    const std::size_t m = weight_.size();
    containing_.resize(m);
    for (std::size_t s = 0; s < sets_.size(); ++s)
      for (std::size_t e : sets_[s]) containing_[e].push_back(s);
    state_.assign(m, free_element);
    hits_.assign(sets_.size(), 0);
    stamp_.assign(m, 0);
    by_preference_.resize(m);
    std::iota(by_preference_.begin(), by_preference_.end(), std::size_t{0});
    std::sort(by_preference_.begin(), by_preference_.end(), [this](std::size_t a, std::size_t b) {
      return weight_[a] != weight_[b] ? weight_[a] < weight_[b] : rank_[a] < rank_[b];
    });
    preference_.resize(m);
    for (std::size_t k = 0; k < m; ++k) preference_[by_preference_[k]] = k;
  }

  bool run() {
    start_from_greedy();
    search();
    return found_;
  }
  /// Local elements of the best hitting set.
  const index_set& best() const { return best_; }
  const W& best_weight() const { return best_weight_; }

 private:
  static constexpr char free_element = 0, chosen_element = 1, forbidden_element = 2;

  void search() {
    // The unhit sets, the branching set (fewest free elements) and a lower
    // bound from unhit sets that share no free element.
    unhit_.clear();
    for (std::size_t s = 0; s < sets_.size(); ++s)
      if (hits_[s] == 0) unhit_.push_back({free_count(s), s});
    if (unhit_.empty()) {
      offer();
      return;
    }
    std::sort(unhit_.begin(), unhit_.end());
    if (unhit_.front().first == 0) return;  // a set that can no longer be hit
    ++epoch_;
    W bound = cost_;
    std::size_t bound_size = chosen_.size();
    for (const auto& [count, s] : unhit_) {
      bool disjoint = true;
      for (std::size_t e : sets_[s])
        if (state_[e] == free_element && stamp_[e] == epoch_) disjoint = false;
      if (!disjoint) continue;
      const W* lightest = nullptr;
      for (std::size_t e : sets_[s]) {
        if (state_[e] != free_element) continue;
        stamp_[e] = epoch_;
        if (lightest == nullptr || weight_[e] < *lightest) lightest = &weight_[e];
      }
      bound += *lightest;
      ++bound_size;
    }
    if (at_most_ && bound > *at_most_) return;
    if (found_ && (bound > best_weight_ || (bound == best_weight_ && bound_size > best_.size()))) return;

    const std::size_t branch = unhit_.front().second;
    std::vector<std::size_t> order;
    for (std::size_t e : sets_[branch])
      if (state_[e] == free_element) order.push_back(e);
    std::sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) { return preference_[a] < preference_[b]; });
    // A child that chooses e must still hit another unhit set without e; the
    // two heaviest such lightest-elements give each child a bound in O(1),
    // so a branching set of thousands of claims costs no full bound each.
    // (Forbidding elements only raises a set's lightest free weight, so
    // these stay valid through the loop.)
    std::size_t first_set = SIZE_MAX, second_set = SIZE_MAX;
    W first_weight{0}, second_weight{0};
    for (const auto& [count, s] : unhit_) {
      if (s == branch) continue;
      const W* lightest = nullptr;
      for (std::size_t e : sets_[s])
        if (state_[e] == free_element && (lightest == nullptr || weight_[e] < *lightest)) lightest = &weight_[e];
      if (first_set == SIZE_MAX || *lightest > first_weight) {
        second_set = first_set;
        second_weight = first_weight;
        first_set = s;
        first_weight = *lightest;
      } else if (second_set == SIZE_MAX || *lightest > second_weight) {
        second_set = s;
        second_weight = *lightest;
      }
    }
    const auto holds = [this](std::size_t s, std::size_t e) { return std::binary_search(sets_[s].begin(), sets_[s].end(), e); };
    for (std::size_t e : order) {
      if (found_ || at_most_) {
        W child = cost_ + weight_[e];
        std::size_t child_size = chosen_.size() + 1;
        if (first_set != SIZE_MAX && !holds(first_set, e)) {
          child += first_weight;
          ++child_size;
        } else if (second_set != SIZE_MAX && !holds(second_set, e)) {
          child += second_weight;
          ++child_size;
        }
        const bool worse = found_ ? child > best_weight_ || (child == best_weight_ && child_size > best_.size())
                                  : child > *at_most_;
        if (worse) {
          state_[e] = forbidden_element;
          continue;
        }
      }
      choose(e);
      search();
      unchoose(e);
      state_[e] = forbidden_element;  // later siblings leave e out: no set is visited twice
    }
    for (std::size_t e : order) state_[e] = free_element;
  }

  // A first incumbent, so that the bounds prune from the start: repeatedly
  // take the element that hits the most unhit sets per unit of weight (a
  // total shared by every conflict, say, before any one leaf).
  void start_from_greedy() {
    std::vector<std::size_t> cover(weight_.size());
    for (std::size_t e = 0; e < weight_.size(); ++e) cover[e] = containing_[e].size();
    std::vector<std::size_t> taken;
    std::size_t unhit = sets_.size();
    while (unhit > 0) {
      std::size_t pick = SIZE_MAX;
      for (std::size_t e : by_preference_) {
        if (cover[e] == 0) continue;
        if (pick == SIZE_MAX || more_per_weight(cover[e], weight_[e], cover[pick], weight_[pick])) pick = e;
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
      // Put back what the rest already covers, heaviest first.
      for (std::size_t k = taken.size(); k-- > 0;) {
        const std::size_t e = taken[k];
        const bool needed = std::any_of(containing_[e].begin(), containing_[e].end(),
                                        [this](std::size_t s) { return hits_[s] == 1; });
        if (needed) continue;
        unchoose_anywhere(e);
        taken.erase(taken.begin() + static_cast<std::ptrdiff_t>(k));
      }
      offer();
    }
    for (std::size_t k = taken.size(); k-- > 0;) unchoose_anywhere(taken[k]);
  }

  static bool more_per_weight(std::size_t cover_a, const W& weight_a, std::size_t cover_b, const W& weight_b) {
    // cover_a / weight_a > cover_b / weight_b, weights positive
    if constexpr (std::is_same_v<W, std::int64_t>)
      return static_cast<__int128>(cover_a) * weight_b > static_cast<__int128>(cover_b) * weight_a;
    else
      return W(cover_a) * weight_b > W(cover_b) * weight_a;
  }

  void unchoose_anywhere(std::size_t e) {
    state_[e] = free_element;
    chosen_.erase(std::find(chosen_.begin(), chosen_.end(), e));
    cost_ -= weight_[e];
    for (std::size_t s : containing_[e]) --hits_[s];
  }

  std::size_t free_count(std::size_t s) const {
    std::size_t n = 0;
    for (std::size_t e : sets_[s]) n += state_[e] == free_element;
    return n;
  }

  void choose(std::size_t e) {
    state_[e] = chosen_element;
    chosen_.push_back(e);
    cost_ += weight_[e];
    for (std::size_t s : containing_[e]) ++hits_[s];
  }
  void unchoose(std::size_t e) {
    state_[e] = free_element;
    chosen_.pop_back();
    cost_ -= weight_[e];
    for (std::size_t s : containing_[e]) --hits_[s];
  }

  void offer() {
    if (at_most_ && cost_ > *at_most_) return;
    std::vector<std::size_t> ranks;
    for (std::size_t e : chosen_) ranks.push_back(rank_[e]);
    std::sort(ranks.begin(), ranks.end());
    if (found_) {
      if (cost_ != best_weight_) {
        if (cost_ > best_weight_) return;
      } else if (chosen_.size() != best_.size()) {
        if (chosen_.size() > best_.size()) return;
      } else if (!(ranks < best_ranks_)) {
        return;
      }
    }
    found_ = true;
    best_weight_ = cost_;
    best_ = chosen_;
    std::sort(best_.begin(), best_.end());
    best_ranks_ = std::move(ranks);
  }

  std::vector<index_set> sets_;
  std::vector<W> weight_;
  std::vector<std::size_t> rank_;
  std::optional<W> at_most_;
  std::vector<std::vector<std::size_t>> containing_;
  std::vector<char> state_;
  std::vector<std::size_t> hits_;
  std::vector<std::size_t> stamp_;
  std::size_t epoch_ = 0;
  std::vector<std::size_t> by_preference_, preference_;
  std::vector<std::pair<std::size_t, std::size_t>> unhit_;
  std::vector<std::size_t> chosen_;
  W cost_{0};
  bool found_ = false;
  W best_weight_{0};
  index_set best_;
  std::vector<std::size_t> best_ranks_;
};

// Scales the weights to integers when their common denominator and their sum
// stay far inside 64 bits, so that the search adds machine integers.
bool scale_to_int64(const std::vector<rational>& weight, const std::optional<rational>& at_most,
                    std::vector<std::int64_t>& scaled, std::optional<std::int64_t>& scaled_bound) {
  constexpr std::int64_t limit = std::int64_t{1} << 40;
  integer denominator = 1;
  integer sum = 0;
  for (const rational& w : weight) {
    denominator = boost::multiprecision::lcm(denominator, integer(boost::multiprecision::denominator(w)));
    if (denominator > limit) return false;
  }
  for (const rational& w : weight) {
    const integer v = boost::multiprecision::numerator(w) * (denominator / boost::multiprecision::denominator(w));
    sum += v;
    if (sum > limit) return false;
    scaled.push_back(v.convert_to<std::int64_t>());
  }
  if (at_most) {
    const rational b = *at_most * rational(denominator);
    // Only whole scaled weights are reachable, so the bound rounds down.
    integer whole = boost::multiprecision::numerator(b) / boost::multiprecision::denominator(b);
    if (whole < 0) return false;
    scaled_bound = whole > limit ? limit : whole.convert_to<std::int64_t>();
  }
  return true;
}

template <class W>
std::optional<index_set> solve_group(std::vector<index_set> sets, std::vector<W> weight, std::vector<std::size_t> rank,
                                     std::optional<W> at_most) {
  group_search<W> search(std::move(sets), std::move(weight), std::move(rank), std::move(at_most));
  if (!search.run()) return std::nullopt;
  return search.best();
}

std::size_t find_root(std::vector<std::size_t>& parent, std::size_t x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

}  // namespace

void hitting_set_family::add(const index_set& set) {
  std::vector<index_set> next;
  for (const index_set& h : hitting_) {
    if (meets(h, set)) {
      next.push_back(h);
      continue;
    }
    for (std::size_t e : set) {
      index_set grown = h;
      grown.insert(std::upper_bound(grown.begin(), grown.end(), e), e);
      next.push_back(std::move(grown));
    }
  }
  hitting_ = keep_minimal(std::move(next));
  if (hitting_.size() > limit_) {
    truncated_ = true;
    hitting_.resize(limit_);
  }
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

std::optional<index_set> cheapest_hitting_set(const std::vector<index_set>& sets, const hitting_cost& cost,
                                              const std::optional<rational>& at_most) {
  for (const index_set& s : sets)
    if (s.empty()) return std::nullopt;
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
    std::vector<std::int64_t> scaled;
    std::optional<std::int64_t> scaled_left;
    std::optional<index_set> found;
    if (scale_to_int64(weight, left, scaled, scaled_left))
      found = solve_group<std::int64_t>(std::move(local_sets), std::move(scaled), std::move(rank), scaled_left);
    else
      found = solve_group<rational>(std::move(local_sets), std::move(weight), std::move(rank), left);
    if (!found) return std::nullopt;
    for (std::size_t e : *found) {
      answer.push_back(mine[e]);
      spent += cost.weight[mine[e]];
    }
  }
  std::sort(answer.begin(), answer.end());
  return answer;
}

rational disjoint_sets_bound(const std::vector<index_set>& sets, const std::vector<rational>& weight) {
  std::vector<const index_set*> order;
  for (const index_set& s : sets) order.push_back(&s);
  std::stable_sort(order.begin(), order.end(), [](const index_set* a, const index_set* b) { return a->size() < b->size(); });
  std::vector<std::size_t> used;
  rational bound = 0;
  for (const index_set* s : order) {
    if (std::any_of(s->begin(), s->end(), [&used](std::size_t e) { return std::binary_search(used.begin(), used.end(), e); }))
      continue;
    rational lightest = weight[s->front()];
    for (std::size_t e : *s) lightest = std::min(lightest, weight[e]);
    bound += lightest;
    for (std::size_t e : *s) used.insert(std::upper_bound(used.begin(), used.end(), e), e);
  }
  return bound;
}

}  // namespace tally::explain
