// tally::reconcile against z3 on the same documents, in one run.
//
// The z3 side states the same problem through z3's C++ API (z3_model.hpp,
// shared with conflict_bench.cpp): one integer per quantity and time point,
// child ≤ parent, every relation at every time point, running counts
// non-decreasing, each claim as bounds on a sum (the claim's integer bounds,
// weight and time point come from tally's public helpers claim_bounds /
// claim_weight / claim_time_point, so both sides solve the same rows). It
// answers what a reconciliation answers, the z3 way:
//   status          one check with a tracking literal per claim;
//   a conflict      the unsat core, minimised (core.minimize);
//   the correction  MaxSMT: every claim a soft constraint weighted by its
//                   weight (add_soft); the violated ones are the correction;
//   ranges          unboundedness on the rational recession cone first (z3
//                   4.8.12 can loop on an unbounded integer maximum), then one
//                   Optimize call per bound (push/pop), with the claims of the
//                   correction removed; smt.arith.solver=2, since the default
//                   arithmetic solver can creep to an optimum one by one.
// z3 does less than tally here: tally also enumerates every minimal conflict
// and correction, computes gaps, estimates and explanations.
//
// Answers are compared where both compute them: status, every range, the
// correction's weight (and its claims when no other correction weighs the
// same), and the z3 core must be one of tally's conflicts.
//
//   tally_reconcile_bench                 hasakah, 1,000 random documents (z3 on every
//                                         tenth: ~20 ms per z3 Optimize call), the large one
//   tally_reconcile_bench --quick         hasakah and 100 random documents
//   tally_reconcile_bench --z3-all        z3 on all 1,000 random documents (~30 min)
//   tally_reconcile_bench --z3-large      every bound of the large document with z3
//                                         (otherwise a sample of 10 variables, extrapolated)
#include "random_documents.hpp"
#include "z3_model.hpp"

#include <tally/tally.hpp>

#include <z3++.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;
using tally::integer;
using tally::rational;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

// ---------------------------------------------------------------------------
// The z3 side

struct z3_range {
  integer min;
  std::optional<integer> max;
};

struct z3_answer {
  tally::status status = tally::status::consistent;
  std::vector<std::string> core;             // claim ids, sorted (when conflicting)
  std::vector<std::string> correction;       // claim ids, sorted (when conflicting)
  rational correction_weight;
  std::map<std::pair<std::string, std::string>, z3_range> ranges;  // (quantity, time label)
  std::size_t optimize_calls = 0;
};

std::string label(const tally::time_point& t) { return t.to_string(); }

// The rows are z3_model's; this adds the status check with a tracking
// literal per claim, the minimised core, and the ranges.
class z3_problem : public tally::bench::z3_model {
 public:
  explicit z3_problem(const tally::claim_set& doc) : z3_model(doc, /*with_reals=*/true), solver_(ctx_) {
    z3::params p(ctx_);
    p.set("core.minimize", true);
    solver_.set(p);
    for (const z3::expr& e : hard(ints_)) solver_.add(e);
    for (std::size_t c = 0; c < doc.claims.size(); ++c) {
      literals_.push_back(ctx_.bool_const(("p" + std::to_string(c)).c_str()));
      solver_.add(z3::implies(literals_.back(), claim_formula(c, ints_)));
    }
  }

  z3_answer solve() {
    z3_answer answer;
    z3::expr_vector all(ctx_);
    for (const auto& l : literals_) all.push_back(l);
    std::set<std::size_t> dropped;
    if (solver_.check(all) == z3::unsat) {
      answer.status = tally::status::conflicting;
      const z3::expr_vector core = solver_.unsat_core();
      for (unsigned i = 0; i < core.size(); ++i)
        answer.core.push_back(doc_.claims[std::stoul(core[i].decl().name().str().substr(1))].id);
      std::sort(answer.core.begin(), answer.core.end());
      dropped = max_smt_correction(answer);
    }
    ranges(dropped, answer);
    return answer;
  }

  // Ranges with the claims of `dropped` removed (used to compare after
  // tally's own correction when two corrections weigh the same).
  void ranges(const std::set<std::size_t>& dropped, z3_answer& answer) {
    answer.ranges.clear();
    std::vector<std::size_t> active;
    for (std::size_t c = 0; c < claim_rows_.size(); ++c)
      if (!dropped.count(c)) active.push_back(c);

    // Unbounded maxima: a non-negative rational direction of the rows in
    // which the variable grows; claims with an upper bound pin their sum.
    z3::solver cone(ctx_);
    for (const z3::expr& e : hard(reals_)) cone.add(e);
    for (std::size_t c : active)
      if (claim_rows_[c].bounds.upper) cone.add(claim_sum(c, reals_) == 0);
    std::vector<char> unbounded(ints_.size(), 0);
    for (std::size_t v = 0; v < ints_.size(); ++v) {
      if (unbounded[v]) continue;
      cone.push();
      cone.add(reals_[v] >= 1);
      if (cone.check() == z3::sat) {
        const z3::model m = cone.get_model();
        for (std::size_t w = 0; w < reals_.size(); ++w) {
          const z3::expr value = m.eval(reals_[w], true);
          if (value.get_decimal_string(0) != "0" && value.get_decimal_string(0) != "0.") unbounded[w] = 1;
        }
        unbounded[v] = 1;
      }
      cone.pop();
    }

    z3::optimize opt(ctx_);
    for (const z3::expr& e : hard(ints_)) opt.add(e);
    for (std::size_t c : active) opt.add(claim_formula(c, ints_));
    for (std::size_t q = 0; q < quantities_.size(); ++q)
      for (std::size_t t = 0; t < times_.size(); ++t) {
        const std::size_t v = q * times_.size() + t;
        z3_range r;
        r.min = optimum(opt, ints_[v], false, answer);
        if (!unbounded[v]) r.max = optimum(opt, ints_[v], true, answer);
        answer.ranges[{quantities_[q], label(times_[t])}] = r;
      }
  }

  std::optional<std::set<std::size_t>> claims_by_id(const std::vector<std::string>& ids) const {
    std::set<std::size_t> out;
    for (const auto& id : ids) {
      bool found = false;
      for (std::size_t c = 0; c < doc_.claims.size(); ++c)
        if (doc_.claims[c].id == id) out.insert(c), found = true;
      if (!found) return std::nullopt;
    }
    return out;
  }

  // The range of variable v under every claim (for sampling large documents):
  // a plain Optimize per bound, after the same cone test for the maximum.
  std::pair<std::string, std::string> variable_name(std::size_t v) const {
    return {quantities_[v / times_.size()], label(times_[v % times_.size()])};
  }
  z3_range range_of(std::size_t v, z3_answer& answer) {
    if (!sample_opt_) {
      sample_opt_.emplace(ctx_);
      for (const z3::expr& e : hard(ints_)) sample_opt_->add(e);
      for (std::size_t c = 0; c < claim_rows_.size(); ++c) sample_opt_->add(claim_formula(c, ints_));
      sample_cone_.emplace(ctx_);
      for (const z3::expr& e : hard(reals_)) sample_cone_->add(e);
      for (std::size_t c = 0; c < claim_rows_.size(); ++c)
        if (claim_rows_[c].bounds.upper) sample_cone_->add(claim_sum(c, reals_) == 0);
    }
    z3_range r;
    r.min = optimum(*sample_opt_, ints_[v], false, answer);
    sample_cone_->push();
    sample_cone_->add(reals_[v] >= 1);
    const bool unbounded = sample_cone_->check() == z3::sat;
    sample_cone_->pop();
    if (!unbounded) r.max = optimum(*sample_opt_, ints_[v], true, answer);
    return r;
  }

 private:
  std::set<std::size_t> max_smt_correction(z3_answer& answer) {
    ++answer.optimize_calls;
    const std::set<std::size_t> dropped = *max_smt();
    answer.correction_weight = 0;
    for (std::size_t c : dropped) {
      answer.correction.push_back(doc_.claims[c].id);
      answer.correction_weight += claim_rows_[c].weight;
    }
    std::sort(answer.correction.begin(), answer.correction.end());
    return dropped;
  }

  integer optimum(z3::optimize& opt, const z3::expr& x, bool maximize, z3_answer& answer) {
    opt.push();
    const auto h = maximize ? opt.maximize(x) : opt.minimize(x);
    ++answer.optimize_calls;
    if (opt.check() != z3::sat) throw tally::error("z3: a bound failed");
    const z3::expr value = maximize ? opt.upper(h) : opt.lower(h);
    opt.pop();
    return integer(value.get_decimal_string(0));
  }

  z3::solver solver_;
  std::vector<z3::expr> literals_;
  std::optional<z3::optimize> sample_opt_;
  std::optional<z3::solver> sample_cone_;
};

// ---------------------------------------------------------------------------
// Comparing answers

std::vector<std::string> compare(const tally::result& r, z3_problem& problem, z3_answer& z) {
  std::vector<std::string> diffs;
  if (r.status != z.status) {
    diffs.push_back("status: tally " + std::string(to_string(r.status)) + ", z3 " + std::string(to_string(z.status)));
    return diffs;
  }
  if (r.status == tally::status::conflicting) {
    if (!r.adopted || r.adopted->weight != z.correction_weight)
      diffs.push_back("correction weight: tally " + (r.adopted ? tally::to_exact_string(r.adopted->weight) : "none") +
                      ", z3 " + tally::to_exact_string(z.correction_weight));
    bool core_found = !r.complete;
    for (const auto& c : r.conflicts) core_found = core_found || c.claims == z.core;
    if (!core_found) diffs.push_back("z3's minimised core is not among tally's conflicts");
    bool tie = false;
    for (const auto& c : r.corrections) tie = tie || (c.weight == r.adopted->weight && c.drop != r.adopted->drop);
    if (!tie && r.adopted && r.adopted->drop != z.correction)
      diffs.push_back("correction: tally and z3 drop different claims");
    if (r.adopted && r.adopted->drop != z.correction) {
      // Same weight, other claims: compare the ranges after tally's choice.
      if (auto dropped = problem.claims_by_id(r.adopted->drop)) problem.ranges(*dropped, z);
    }
  }
  std::size_t compared = 0;
  for (const auto& range : r.ranges) {
    auto it = z.ranges.find({range.quantity, label(range.time)});
    if (it == z.ranges.end()) {
      diffs.push_back("z3 has no range for " + range.quantity + " at " + label(range.time));
      continue;
    }
    ++compared;
    if (it->second.min != range.min || it->second.max != range.max)
      diffs.push_back("range of " + range.quantity + " at " + label(range.time) + ": tally [" + range.min.str() + ", " +
                      (range.max ? range.max->str() : "∞") + "], z3 [" + it->second.min.str() + ", " +
                      (it->second.max ? it->second.max->str() : "∞") + "]");
  }
  if (compared != z.ranges.size()) diffs.push_back("tally and z3 list different quantities or time points");
  return diffs;
}

// ---------------------------------------------------------------------------
// Random documents: random_documents.hpp (the default shape).

using tally::bench::random_document_maker;

// ---------------------------------------------------------------------------
// The large document: 12 regions × 14 categories × 60 months (10,080
// quantity-time variables, plus a national total), claims from three
// monitors, all true of one hidden history.

tally::claim_set large_document() {
  std::mt19937_64 random(2022);
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(random); };
  tally::claim_set doc;
  doc.event.id = "large";
  doc.event.title = "12 regions x 14 categories x 60 months";
  const char* monitors[] = {"monitor-a", "monitor-b", "monitor-c"};
  const char* reliabilities[] = {"0.9", "0.7", "0.5"};
  for (int s = 0; s < 3; ++s) {
    tally::source src;
    src.id = monitors[s];
    src.name = monitors[s];
    tally::parse_exact_number(reliabilities[s], src.reliability);
    doc.sources.push_back(src);
  }
  const std::size_t regions = 12, months = 60;
  // per region: total -> {a, b, c}; a -> 4 parts, b -> 3, c -> 3 (14 quantities)
  const std::vector<std::pair<std::string, std::size_t>> groups{{"a", 4}, {"b", 3}, {"c", 3}};
  tally::relation national;
  national.whole = "killed";
  std::vector<std::string> leaves;
  std::vector<std::vector<std::string>> region_quantities(regions);
  for (std::size_t r = 0; r < regions; ++r) {
    const std::string region = "killed.r" + std::to_string(r + 10);
    national.parts.push_back(region);
    tally::relation by_group;
    by_group.whole = region;
    region_quantities[r].push_back(region);
    for (const auto& [g, n] : groups) {
      const std::string group = region + "." + g;
      by_group.parts.push_back(group);
      region_quantities[r].push_back(group);
      tally::relation by_leaf;
      by_leaf.whole = group;
      for (std::size_t l = 0; l < n; ++l) {
        by_leaf.parts.push_back(group + ".p" + std::to_string(l));
        leaves.push_back(by_leaf.parts.back());
        region_quantities[r].push_back(by_leaf.parts.back());
      }
      doc.relations.push_back(by_leaf);
    }
    doc.relations.push_back(by_group);
  }
  doc.relations.push_back(national);
  // hidden history: running counts per leaf
  std::map<std::string, std::vector<std::int64_t>> truth;
  for (const auto& leaf : leaves) {
    std::vector<std::int64_t> h(months);
    std::int64_t v = pick(0, 50);
    for (auto& x : h) x = (v += pick(0, 3) == 0 ? pick(0, 5) : 0);
    truth[leaf] = h;
  }
  auto value = [&](const std::string& q, std::size_t m) {
    std::int64_t s = 0;
    for (const auto& [leaf, h] : truth)
      if (leaf == q || leaf.rfind(q + ".", 0) == 0) s += h[m];
    return s;
  };
  auto date = [](std::size_t m) {
    return tally::timestamp{2018 + static_cast<int>(m / 12), 1 + static_cast<int>(m % 12), 28, std::nullopt};
  };
  std::size_t next_id = 0;
  auto add = [&](const char* source, const std::string& q, std::size_t m, tally::qualifier qual, std::int64_t v,
                 std::optional<std::int64_t> upper = std::nullopt) {
    tally::claim c;
    c.id = "k" + std::to_string(next_id++);
    c.source = source;
    c.quantities = {q};
    c.qualifier = qual;
    c.value = v;
    if (upper) c.upper = rational(*upper);
    c.as_of = date(m);
    doc.claims.push_back(c);
  };
  for (std::size_t m = 0; m < months; ++m)
    for (std::size_t r = 0; r < regions; ++r) {
      const std::string region = "killed.r" + std::to_string(r + 10);
      // monitor A: a region's monthly total, exactly, most months
      if (pick(0, 3) != 0) add(monitors[0], region, m, tally::qualifier::exactly, value(region, m));
      // monitor B: each group every quarter, a lower bound
      if (m % 3 == 2)
        for (const auto& [g, n] : groups) {
          const std::string group = region + "." + g;
          add(monitors[1], group, m, tally::qualifier::at_least, std::max<std::int64_t>(0, value(group, m) - pick(0, 4)));
        }
      // monitor C: a few leaves a year, a range
      if (m % 12 == 11)
        for (std::size_t l = 0; l < 3; ++l) {
          const std::string& leaf = region_quantities[r][static_cast<std::size_t>(pick(4, 13))];
          const std::int64_t v = value(leaf, m);
          add(monitors[2], leaf, m, tally::qualifier::between, std::max<std::int64_t>(0, v - pick(0, 6)), v + pick(0, 6));
        }
    }
  return doc;
}

// ---------------------------------------------------------------------------

struct totals {
  double tally_seconds = 0, z3_seconds = 0;  // over the documents both solved
  std::size_t documents = 0, conflicting = 0, bounds = 0, disagreements = 0, optimize_calls = 0;
};

bool verbose = false;

void run(const char* name, const tally::claim_set& doc, totals& t, bool print_each) {
  auto start = clock_type::now();
  const tally::result r = tally::reconcile(doc);
  t.tally_seconds += seconds_since(start);
  start = clock_type::now();
  z3_problem problem(doc);
  z3_answer z = problem.solve();
  const double z3_seconds = seconds_since(start);
  t.z3_seconds += z3_seconds;
  if (verbose && z3_seconds > 0.5)
    std::printf("  %s: z3 %.2f s (%zu variables, %zu Optimize calls)\n", name, z3_seconds, problem.variables(),
                z.optimize_calls);
  ++t.documents;
  t.conflicting += r.status == tally::status::conflicting;
  t.bounds += 2 * r.ranges.size();
  t.optimize_calls += z.optimize_calls;
  const auto diffs = compare(r, problem, z);
  if (!diffs.empty()) {
    ++t.disagreements;
    std::printf("  DISAGREEMENT on %s:\n", name);
    for (const auto& d : diffs) std::printf("    %s\n", d.c_str());
  }
  if (print_each)
    std::printf("  %s: %zu variables, %s\n", name, problem.variables(), diffs.empty() ? "answers identical" : "differ");
}

void print(const char* title, const totals& t) {
  std::printf("%s: %zu documents (%zu conflicting), %zu bounds, %zu z3 Optimize calls, %zu disagreements\n", title,
              t.documents, t.conflicting, t.bounds, t.optimize_calls, t.disagreements);
  std::printf("  tally %10.3f ms   z3 %10.3f ms   z3/tally %8.1f x\n", 1e3 * t.tally_seconds, 1e3 * t.z3_seconds,
              t.z3_seconds / t.tally_seconds);
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false, z3_large = false;
  std::size_t z3_every = 10;  // 1: z3 on every random document
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) quick = true;
    else if (std::strcmp(argv[i], "--z3-large") == 0) z3_large = true;
    else if (std::strcmp(argv[i], "--verbose") == 0) verbose = true;
    else if (std::strcmp(argv[i], "--z3-all") == 0) z3_every = 1;
    else {
      std::fprintf(stderr, "usage: tally_reconcile_bench [--quick] [--z3-all] [--z3-large] [--verbose]\n");
      return 2;
    }
  }
  // z3 4.8.12's default arithmetic solver can creep towards an integer
  // optimum one unit at a time (40 s for one bound of a 20-variable
  // document); the older simplex-based one (arith.solver=2) does not.
  z3::set_param("smt.arith.solver", 2);
  std::size_t failures = 0;

  // (a) the seed report
  {
    const auto parsed = tally::parse_claims_file(TALLY_SOURCE_DIR "/examples/hasakah/claims.json");
    if (!parsed.ok()) {
      std::fprintf(stderr, "cannot read examples/hasakah/claims.json\n");
      return 1;
    }
    totals warm, t;
    run("hasakah", *parsed.document, warm, false);  // warm-up
    for (int i = 0; i < 20; ++i) run("hasakah", *parsed.document, t, false);
    t.tally_seconds /= 20, t.z3_seconds /= 20, t.documents /= 20, t.conflicting /= 20, t.bounds /= 20,
        t.optimize_calls /= 20;
    print("(a) examples/hasakah/claims.json (mean of 20 runs)", t);
    std::fflush(stdout);
    failures += t.disagreements;
  }

  // (b) random documents: tally on all, z3 on every z3_every-th
  {
    const std::size_t count = quick ? 100 : 1000;
    random_document_maker maker(12345);
    totals t;
    double tally_all = 0;
    std::size_t conflicting_all = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const tally::claim_set doc = maker.make(i);
      const auto start = clock_type::now();
      const tally::result r = tally::reconcile(doc);
      tally_all += seconds_since(start);
      conflicting_all += r.status == tally::status::conflicting;
      // every tenth: a consistent (even) and a conflicting (odd) one per twenty
      if (z3_every == 1 || i % 20 == 0 || i % 20 == 11) run(("random document " + std::to_string(i)).c_str(), doc, t, false);
    }
    std::printf("(b) %zu random documents, 10-50 quantities (%zu conflicting): tally %.3f ms in all, %.3f ms each\n",
                count, conflicting_all, 1e3 * tally_all, 1e3 * tally_all / static_cast<double>(count));
    print(z3_every == 1 ? "    compared with z3 on all of them" : "    compared with z3 on every tenth", t);
    failures += t.disagreements;
    std::fflush(stdout);
  }

  // (c) the large document
  if (!quick) {
    const tally::claim_set doc = large_document();
    tally::options no_estimates;
    no_estimates.estimates = false;
    auto start = clock_type::now();
    const tally::result r0 = tally::reconcile(doc, no_estimates);
    const double tally_no_estimates = seconds_since(start);
    std::printf("(c) large document: %zu claims, %zu ranges, status %s\n", doc.claims.size(), r0.ranges.size(),
                std::string(to_string(r0.status)).c_str());
    std::printf("  tally, estimates off %10.3f ms (statistics: %zu variables, %zu components, %zu exact by "
                "propagation, %zu LP solves)\n",
                1e3 * tally_no_estimates, r0.stats.variables, r0.stats.components, r0.stats.exact_components,
                r0.stats.lp_solves);
    std::fflush(stdout);
    start = clock_type::now();
    const tally::result r = tally::reconcile(doc);
    const double tally_seconds = seconds_since(start);
    std::printf("  tally, estimates on  %10.3f ms (%zu LP solves, %zu branch nodes)\n", 1e3 * tally_seconds,
                r.stats.lp_solves, r.stats.branch_nodes);
    if (z3_large) {
      totals t;
      run("large document", doc, t, true);
      print("(c) large document with z3", t);
      failures += t.disagreements;
    } else {
      // z3 on a sample: the status check and 10 variables' two bounds, then
      // an estimate for all of them.
      start = clock_type::now();
      z3_problem problem(doc);
      const double build_seconds = seconds_since(start);
      std::map<std::pair<std::string, std::string>, const tally::range*> by_name;
      for (const auto& range : r.ranges) by_name[{range.quantity, label(range.time)}] = &range;
      z3_answer z;
      std::mt19937_64 random(5);
      const std::size_t sample = 10;
      std::size_t sample_diffs = 0;
      start = clock_type::now();
      for (std::size_t i = 0; i < sample; ++i) {
        const std::size_t v = std::uniform_int_distribution<std::size_t>(0, problem.variables() - 1)(random);
        const z3_range zr = problem.range_of(v, z);
        const auto name = problem.variable_name(v);
        const tally::range* tr = by_name.count(name) ? by_name[name] : nullptr;
        if (!tr || tr->min != zr.min || tr->max != zr.max) {
          ++sample_diffs;
          std::printf("  DISAGREEMENT on the range of %s at %s\n", name.first.c_str(), name.second.c_str());
        }
      }
      const double sample_seconds = seconds_since(start);
      std::printf("  z3: model built in %.3f s; %zu sampled variables' bounds (%zu Optimize calls) in %.3f s, %s\n",
                  build_seconds, sample, z.optimize_calls, sample_seconds,
                  sample_diffs ? "DIFFERENT from tally" : "identical to tally's");
      std::printf("  z3 for all %zu variables' bounds: about %.0f s by extrapolation (not run; --z3-large runs it)\n",
                  problem.variables(), sample_seconds / sample * static_cast<double>(problem.variables()));
      const double z3_estimate = build_seconds + sample_seconds / sample * static_cast<double>(problem.variables());
      std::printf("  estimated z3/tally %.0f x (tally with estimates), %.0f x (without)\n", z3_estimate / tally_seconds,
                  z3_estimate / tally_no_estimates);
      failures += sample_diffs;
    }
  }
  std::printf(failures ? "DISAGREEMENTS: %zu\n" : "all compared answers identical\n", failures);
  return failures ? 1 : 0;
}
