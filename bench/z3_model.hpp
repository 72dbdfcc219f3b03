// A claims document stated through z3's C++ API, shared by the benchmarks
// that compare tally with z3 (reconcile_bench.cpp, conflict_bench.cpp), so
// that both state the same rows once: one integer per quantity and time
// point, child ≤ parent, every relation at every time point, running counts
// non-decreasing, each claim as bounds on a sum. The claim's integer bounds,
// weight and time point come from tally's public helpers claim_bounds /
// claim_weight / claim_time_point, so z3 and tally solve the same problem.
//
// z3_model holds the rows and answers the one question both benchmarks ask,
// the cheapest correction by MaxSMT (every claim a soft constraint weighted
// by its weight); what else a benchmark asks z3 it builds on these rows.
#pragma once

#include <tally/tally.hpp>

#include <z3++.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace tally::bench {

class z3_model {
 public:
  // `with_reals`: a rational twin of every variable as well (for recession-
  // cone tests); declared interleaved with the integers, as it always was,
  // so that z3 sees the same declarations in the same order.
  explicit z3_model(const tally::claim_set& doc, bool with_reals = false) : doc_(doc) {
    collect_quantities();
    collect_time_points();
    for (std::size_t q = 0; q < quantities_.size(); ++q)
      for (std::size_t t = 0; t < times_.size(); ++t) {
        // appended, not "x" + …: g++ 12 warns falsely (-Wrestrict) on that
        std::string name = "x";
        name += std::to_string(q);
        name += '_';
        name += std::to_string(t);
        ints_.push_back(ctx_.int_const(name.c_str()));
        if (with_reals) reals_.push_back(ctx_.real_const(("d" + name).c_str()));
      }
    for (const auto& claim : doc.claims) {
      claim_rows_.push_back(claim_row{tally::claim_bounds(claim, rational{1, 10}), tally::claim_weight(claim, doc),
                                      time_index(tally::claim_time_point(claim, doc)), {}});
      for (const auto& q : claim.quantities) claim_rows_.back().quantities.push_back(quantity_index_.at(q));
    }
  }
  z3_model(const z3_model&) = delete;
  z3_model& operator=(const z3_model&) = delete;

  std::size_t variables() const { return ints_.size(); }
  const rational& weight(std::size_t claim) const { return claim_rows_[claim].weight; }

  // MaxSMT: the hard rows, and every claim soft, weighted by its weight; the
  // claims the optimum violates are the correction. `timeout_ms` 0 waits for
  // the optimum (and throws if z3 gives up); otherwise z3 stops after that
  // long and the answer is empty.
  std::optional<std::set<std::size_t>> max_smt(unsigned timeout_ms = 0) {
    z3::optimize opt(ctx_);
    if (timeout_ms != 0) {
      z3::params p(ctx_);
      p.set("timeout", timeout_ms);
      opt.set(p);
    }
    for (const z3::expr& e : hard(ints_)) opt.add(e);
    for (std::size_t c = 0; c < claim_rows_.size(); ++c)
      opt.add_soft(claim_formula(c, ints_), tally::to_exact_string(claim_rows_[c].weight).c_str());
    const z3::check_result outcome = opt.check();
    if (outcome == z3::unknown && timeout_ms != 0) return std::nullopt;
    if (outcome != z3::sat) throw tally::error("z3: MaxSMT failed");
    const z3::model m = opt.get_model();
    std::set<std::size_t> violated;
    for (std::size_t c = 0; c < claim_rows_.size(); ++c)
      if (m.eval(claim_formula(c, ints_), true).is_false()) violated.insert(c);
    return violated;
  }

 protected:
  struct claim_row {
    tally::integer_bounds bounds;
    rational weight;
    std::size_t time;
    std::vector<std::size_t> quantities;
  };

  void collect_quantities() {
    std::set<std::string> names;
    auto add = [&](const std::string& id) {
      for (std::size_t dot = id.find('.'); dot != std::string::npos; dot = id.find('.', dot + 1))
        names.insert(id.substr(0, dot));
      names.insert(id);
    };
    for (const auto& q : doc_.quantities) add(q.id);
    for (const auto& r : doc_.relations) {
      add(r.whole);
      for (const auto& p : r.parts) add(p);
    }
    for (const auto& c : doc_.claims)
      for (const auto& q : c.quantities) add(q);
    quantities_.assign(names.begin(), names.end());
    for (std::size_t i = 0; i < quantities_.size(); ++i) quantity_index_[quantities_[i]] = i;
    for (const auto& q : doc_.quantities)
      if (!q.cumulative) noncumulative_.insert(q.id);
  }

  void collect_time_points() {
    bool final_point = false;
    std::vector<tally::time_point> dated;
    for (const auto& c : doc_.claims) {
      const tally::time_point t = tally::claim_time_point(c, doc_);
      if (t.is_final()) final_point = true;
      else dated.push_back(t);
    }
    std::sort(dated.begin(), dated.end());
    for (const auto& t : dated)
      if (times_.empty() || times_.back() < t) times_.push_back(t);
    if (final_point) times_.push_back(tally::time_point{});
  }

  std::size_t time_index(const tally::time_point& t) const {
    for (std::size_t i = 0; i < times_.size(); ++i)
      if (times_[i] == t) return i;
    throw tally::error("a claim's time point is missing");
  }

  const z3::expr& at(const std::vector<z3::expr>& vars, const std::string& q, std::size_t t) const {
    return vars[quantity_index_.at(q) * times_.size() + t];
  }

  std::vector<z3::expr> hard(const std::vector<z3::expr>& vars) const {
    std::vector<z3::expr> rows;
    for (const auto& v : vars) rows.push_back(v >= 0);
    for (std::size_t t = 0; t < times_.size(); ++t) {
      for (const auto& q : quantities_) {
        const auto dot = q.rfind('.');
        if (dot != std::string::npos) rows.push_back(at(vars, q, t) <= at(vars, q.substr(0, dot), t));
      }
      for (const auto& r : doc_.relations) {
        z3::expr_vector parts(ctx_);
        for (const auto& p : r.parts) parts.push_back(at(vars, p, t));
        const z3::expr sum = z3::sum(parts);
        if (r.kind == tally::relation::kind::parts && r.exhaustive) rows.push_back(sum == at(vars, r.whole, t));
        else rows.push_back(sum <= at(vars, r.whole, t));
      }
    }
    for (const auto& q : quantities_) {
      if (noncumulative_.count(q)) continue;
      for (std::size_t t = 0; t + 1 < times_.size(); ++t) rows.push_back(at(vars, q, t) <= at(vars, q, t + 1));
    }
    return rows;
  }

  z3::expr claim_sum(std::size_t c, const std::vector<z3::expr>& vars) {
    z3::expr_vector terms(ctx_);
    for (std::size_t q : claim_rows_[c].quantities) terms.push_back(vars[q * times_.size() + claim_rows_[c].time]);
    return z3::sum(terms);
  }

  z3::expr claim_formula(std::size_t c, const std::vector<z3::expr>& vars) {
    const z3::expr sum = claim_sum(c, vars);
    const auto& b = claim_rows_[c].bounds;
    z3::expr f = sum >= ctx_.int_val(b.lower.str().c_str());
    if (b.upper) f = f && sum <= ctx_.int_val(b.upper->str().c_str());
    return f;
  }

  const tally::claim_set& doc_;
  mutable z3::context ctx_;
  std::vector<std::string> quantities_;
  std::map<std::string, std::size_t> quantity_index_;
  std::set<std::string> noncumulative_;
  std::vector<tally::time_point> times_;
  std::vector<z3::expr> ints_, reals_;
  std::vector<claim_row> claim_rows_;
};

}  // namespace tally::bench
