// The speed targets, in one run: tally::reconcile beside z3 on the same
// documents, answers compared where both compute them.
//
//   (a) the seed report (examples/hasakah/claims.json): time per reconcile in
//       process, per z3 job on the same rows, and the ratio;
//   (b) 10,000 small generated events (random_documents.hpp: 3–30
//       quantities, 1–6 sources, 1–4 dates, every third contradicted): mean
//       and p99 per event, consistent and conflicting apart; z3 on every
//       hundredth event for the ratio;
//   (c) regions × categories × months documents of 1,000 to 100,000
//       variables with estimates on, consistent and with three conflicts:
//       time, peak memory, and the growth exponent from size to size; z3
//       samples bounds of the 10,000-variable one (extrapolated);
//   (d) a ministry's daily series (1,036 dates × 12 counts) as one document
//       against the same claims split by calendar month.
//
// The z3 job (z3_model.hpp states the same rows through z3's C++ API: one
// integer per quantity and time point, child ≤ parent, every relation at
// every time point, running counts non-decreasing, each claim's integer
// bounds from tally's public claim_bounds / claim_weight / claim_time_point):
//   status          one check with a tracking literal per claim;
//   a conflict      the unsat core, minimised (core.minimize);
//   the correction  MaxSMT: every claim a soft constraint weighted by its
//                   weight (add_soft); the violated ones are the correction;
//   ranges          unboundedness on the rational recession cone first (z3
//                   4.8.12 can loop on an unbounded integer maximum), then one
//                   Optimize call per bound (push/pop), with the claims of the
//                   correction removed; smt.arith.solver=2, since the default
//                   arithmetic solver can creep to an optimum one by one.
// z3 does less than tally here: tally also enumerates conflicts and
// corrections, computes gaps, estimates and explanations.
//
// Compared: status, every range, the correction's weight (and its claims
// when no other correction weighs the same), and z3's core must be one of
// tally's conflicts. The exit status is 1 if an answer differs or a
// measurement fails; a target not met is reported, not a failure.
//
// (c) and (d) run each measurement in a forked child (child_measurement.hpp)
// for its peak memory and a time limit. --help lists the options.
#include "child_measurement.hpp"
#include "document_json.hpp"
#include "grid_document.hpp"
#include "random_documents.hpp"
#include "z3_model.hpp"

#include <tally/tally.hpp>

#include <z3++.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <sstream>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;
using tally::integer;
using tally::rational;

using tally::bench::dated_claim;
using tally::bench::grid_document;
using tally::bench::grid_regions;
using tally::bench::make_source;

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
      std::string name = "p";  // appended: "p" + … trips a false -Wrestrict in g++ 12 at -O3
      name += std::to_string(c);
      literals_.push_back(ctx_.bool_const(name.c_str()));
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
// (d) A ministry's daily series: 12 running counts and stocks from
// 7 October 2023 for `days` days (killed, of whom children, women and men,
// and medics, journalists and civil defence among them; injured, of whom
// children and women; missing and detained, which can fall), reported by the
// ministry (0.8) most days and a UN office (0.6) weekly, true of one hidden
// history except three days on which the ministry's running toll of the
// killed falls 30 below the day before (a revision): three disputes.
// Returned as one document and as one document per calendar month, holding
// the same claims.

tally::timestamp day_of(std::int64_t days_since_epoch) {
  // civil date of a day count (H. Hinnant's days_from_civil, inverted)
  const std::int64_t z = days_since_epoch + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  return tally::timestamp{static_cast<int>(yoe + era * 400 + (m <= 2)), static_cast<int>(m), static_cast<int>(d),
                          std::nullopt};
}

struct series_documents {
  tally::claim_set whole;
  std::vector<tally::claim_set> months;
};

series_documents daily_series(std::size_t days) {
  std::mt19937_64 random(1036);
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(random); };
  tally::claim_set frame;
  frame.event.id = "daily-series";
  frame.event.title = "a ministry's daily toll";
  frame.sources = {make_source("ministry", "0.8"), make_source("un-office", "0.6")};
  for (const char* stock : {"missing", "detained"}) {
    tally::quantity q;
    q.id = stock;
    q.cumulative = false;
    frame.quantities.push_back(q);
  }
  tally::relation killed;
  killed.whole = "killed";
  killed.parts = {"killed.children", "killed.women", "killed.men"};
  frame.relations.push_back(killed);
  for (const char* part : {"killed.medics", "killed.journalists", "killed.civil-defence"}) {
    tally::relation sub;
    sub.kind = tally::relation::kind::subset;
    sub.whole = "killed";
    sub.parts = {part};
    frame.relations.push_back(sub);
  }
  for (const char* part : {"injured.children", "injured.women"}) {
    tally::relation sub;
    sub.kind = tally::relation::kind::subset;
    sub.whole = "injured";
    sub.parts = {part};
    frame.relations.push_back(sub);
  }
  // hidden history
  std::int64_t children = 0, women = 0, men = 0, medics = 0, journalists = 0, defence = 0;
  std::int64_t injured = 0, injured_children = 0, injured_women = 0, missing = 0, detained = 0;
  const std::int64_t first_day = 19637;  // 2023-10-07
  const std::size_t revisions[] = {days / 4, days / 2, 3 * days / 4};
  series_documents out;
  out.whole = frame;
  std::size_t next_id = 0;
  int current_month = -1;
  std::int64_t last_killed = 0;
  for (std::size_t d = 0; d < days; ++d) {
    const std::int64_t c = pick(0, 40), w = pick(0, 30), m = pick(0, 50);
    children += c, women += w, men += m;
    medics += pick(0, 2), journalists += pick(0, 1) * pick(0, 1), defence += pick(0, 1);
    medics = std::min(medics, children + women + men), journalists = std::min(journalists, men + women);
    const std::int64_t hurt_children = pick(0, 90), hurt_women = pick(0, 70);
    injured += hurt_children + hurt_women + pick(0, 120), injured_children += hurt_children, injured_women += hurt_women;
    missing = std::max<std::int64_t>(0, missing + pick(-20, 40)), detained = std::max<std::int64_t>(0, detained + pick(-10, 15));
    const std::int64_t killed_total = children + women + men;
    const tally::timestamp date = day_of(first_day + static_cast<std::int64_t>(d));
    if (date.month != current_month) {
      current_month = date.month;
      out.months.push_back(frame);
    }
    auto add = [&](const char* source, const char* q, tally::qualifier qual, std::int64_t v) {
      std::string id = "d";
      id += std::to_string(next_id++);
      const tally::claim cl = dated_claim(std::move(id), source, q, qual, v, date);
      out.whole.claims.push_back(cl);
      out.months.back().claims.push_back(cl);
    };
    const bool revised = std::find(std::begin(revisions), std::end(revisions), d) != std::end(revisions);
    if (revised) add("ministry", "killed", tally::qualifier::exactly, std::max<std::int64_t>(0, last_killed - 30));
    else if (pick(0, 19) != 0) add("ministry", "killed", tally::qualifier::exactly, killed_total);
    if (pick(0, 9) != 0) add("ministry", "injured", tally::qualifier::exactly, injured);
    if (d % 2 == 0) {
      add("ministry", "killed.children", tally::qualifier::exactly, children);
      add("ministry", "killed.women", tally::qualifier::exactly, women);
    }
    if (d % 7 == 3) {
      add("ministry", "killed.medics", tally::qualifier::exactly, medics);
      add("ministry", "killed.journalists", tally::qualifier::exactly, journalists);
      add("ministry", "killed.civil-defence", tally::qualifier::at_least, defence);
      add("ministry", "injured.children", tally::qualifier::exactly, injured_children);
      add("ministry", "injured.women", tally::qualifier::exactly, injured_women);
      add("un-office", "killed", tally::qualifier::at_least, killed_total - pick(0, 50));
      add("un-office", "injured", tally::qualifier::at_least, injured - pick(0, 100));
    }
    if (d % 14 == 5) add("ministry", "missing", tally::qualifier::about, missing);
    if (d % 30 == 10) add("un-office", "detained", tally::qualifier::at_least, detained - std::min<std::int64_t>(detained, pick(0, 20)));
    last_killed = killed_total;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Running and comparing

struct totals {
  double tally_seconds = 0, z3_seconds = 0;  // over the documents both solved
  std::size_t documents = 0, conflicting = 0, bounds = 0, disagreements = 0, optimize_calls = 0;
};

// z3's job on one document, compared with tally's answer: adds to `t`.
void compare_with_z3(const char* name, const tally::claim_set& doc, const tally::result& r, double tally_seconds,
                     totals& t) {
  const auto start = clock_type::now();
  z3_problem problem(doc);
  z3_answer z = problem.solve();
  t.z3_seconds += seconds_since(start);
  t.tally_seconds += tally_seconds;
  ++t.documents;
  t.conflicting += r.status == tally::status::conflicting;
  t.bounds += 2 * r.ranges.size();
  t.optimize_calls += z.optimize_calls;
  const auto diffs = compare(r, problem, z);
  if (!diffs.empty()) {
    ++t.disagreements;
    std::printf("DISAGREEMENT on %s:\n", name);
    for (const auto& d : diffs) std::printf("  %s\n", d.c_str());
  }
}

using tally::bench::format_memory;
using tally::bench::random_document_maker;
using tally::bench::format_ratio;
using tally::bench::format_time;
using tally::bench::measurement;
using tally::bench::with_commas;

const char* met(bool ok) { return ok ? "met" : "**not met**"; }

struct settings {
  std::string sections = "abcd";
  std::size_t events = 10000;
  std::vector<std::size_t> sizes{1000, 10000, 30000, 100000};
  std::size_t days = 1036;
  bool z3 = true;
  double timeout = 600, memory_limit_gib = 8;
  unsigned threads = 0;  // (c): options.threads (0: every core)
};

// ---------------------------------------------------------------------------
// (a)

bool run_hasakah(const settings& s) {
  const auto parsed = tally::parse_claims_file(TALLY_SOURCE_DIR "/examples/hasakah/claims.json");
  if (!parsed.ok()) {
    std::printf("cannot read examples/hasakah/claims.json\n");
    return true;
  }
  const tally::claim_set& doc = *parsed.document;
  tally::result r = tally::reconcile(doc);  // warm-up
  const std::size_t calls = 2000;
  std::vector<double> each;
  for (std::size_t i = 0; i < calls; ++i) {
    const auto start = clock_type::now();
    r = tally::reconcile(doc);
    each.push_back(seconds_since(start));
  }
  const tally::bench::spread t = tally::bench::spread_of(each);
  std::printf("## (a) The seed report, examples/hasakah/claims.json\n\n");
  std::printf("tally::reconcile in process, %s calls after one warm-up: mean %s, p50 %s, p99 %s.\n",
              with_commas(calls).c_str(), format_time(t.mean).c_str(), format_time(t.p50).c_str(),
              format_time(t.p99).c_str());
  bool failed = false;
  if (s.z3) {
    totals z;
    for (int i = 0; i < 20; ++i) compare_with_z3("hasakah", doc, r, t.mean, z);
    const double z3_each = z.z3_seconds / 20;
    std::printf("z3 on the same job, 20 calls: mean %s (%zu Optimize calls each); answers %s.\n", format_time(z3_each).c_str(),
                z.optimize_calls / 20, z.disagreements ? "DIFFER" : "identical");
    std::printf("\nz3 / tally: %s (target ≥ 1,000×: %s); tally per call ≤ 100 µs: %s\n\n", format_ratio(z3_each / t.mean).c_str(),
                met(z3_each >= 1000 * t.mean), met(t.mean <= 100e-6));
    failed = z.disagreements != 0;
  } else {
    std::printf("\ntally per call ≤ 100 µs: %s\n\n", met(t.mean <= 100e-6));
  }
  return failed;
}

// ---------------------------------------------------------------------------
// (b)

bool run_small_events(const settings& s) {
  const tally::bench::random_document_shape small = tally::bench::small_event_shape();
  {  // warm-up: 50 events, untimed (caches, lazy statics)
    random_document_maker warm(tally::bench::small_event_seed, small);
    for (std::size_t i = 0; i < 50; ++i) (void)tally::reconcile(warm.make(i));
  }
  random_document_maker maker(tally::bench::small_event_seed, small);
  std::vector<double> consistent, conflicting;
  std::size_t invalid = 0;
  totals z;
  for (std::size_t i = 0; i < s.events; ++i) {
    const tally::claim_set doc = maker.make(i);
    const auto start = clock_type::now();
    const tally::result r = tally::reconcile(doc);
    const double seconds = seconds_since(start);
    if (r.status == tally::status::consistent) consistent.push_back(seconds);
    else if (r.status == tally::status::conflicting) conflicting.push_back(seconds);
    else ++invalid;
    if (s.z3 && i % 100 == 1) compare_with_z3(("event " + std::to_string(i)).c_str(), doc, r, seconds, z);
  }
  const tally::bench::spread a = tally::bench::spread_of(consistent), b = tally::bench::spread_of(conflicting);
  std::vector<double> all = consistent;
  all.insert(all.end(), conflicting.begin(), conflicting.end());
  const tally::bench::spread e = tally::bench::spread_of(all);
  std::printf("## (b) Small events\n\n");
  std::printf("%s generated events (3–30 quantities, 1–6 sources, 1–4 dates, 5–20 claims, every third contradicted), "
              "tally::reconcile\nwith default options, in one process, after 50 untimed events.\n\n",
              with_commas(s.events).c_str());
  std::printf("| events | count | mean | p50 | p99 | max |\n|---|--:|--:|--:|--:|--:|\n");
  const std::pair<const char*, const tally::bench::spread*> rows[] = {{"consistent", &a}, {"conflicting", &b}, {"all", &e}};
  for (const auto& [name, x] : rows)
    std::printf("| %s | %s | %s | %s | %s | %s |\n", name, with_commas(x->count).c_str(), format_time(x->mean).c_str(),
                format_time(x->p50).c_str(), format_time(x->p99).c_str(), format_time(x->max).c_str());
  std::printf("\nmean ≤ 100 µs: %s; p99 ≤ 2 ms: %s", met(e.mean <= 100e-6), met(e.p99 <= 2e-3));
  if (a.count && b.count)
    std::printf("; conflicting / consistent %s on the mean, %s at p99 (target ≤ 2×: %s)",
                format_ratio(b.mean / a.mean).c_str(), format_ratio(b.p99 / a.p99).c_str(), met(b.mean <= 2 * a.mean));
  std::printf("\n");
  if (s.z3 && z.documents)
    std::printf("z3 on every hundredth event (%zu, %zu conflicting): %s per event against tally's %s, z3 / tally %s; "
                "answers %s\n",
                z.documents, z.conflicting, format_time(z.z3_seconds / static_cast<double>(z.documents)).c_str(),
                format_time(z.tally_seconds / static_cast<double>(z.documents)).c_str(),
                format_ratio(z.z3_seconds / z.tally_seconds).c_str(), z.disagreements ? "DIFFER" : "identical");
  std::printf("\n");
  if (invalid) std::printf("%zu generated events are invalid: the generator is wrong\n", invalid);
  return invalid != 0 || z.disagreements != 0;
}

// ---------------------------------------------------------------------------
// (c) and (d): one reconcile per forked child

tally::bench::answer_map reconcile_answer(const std::vector<const tally::claim_set*>& docs, unsigned threads) {
  tally::bench::answer_map a;
  std::size_t conflicting = 0, ranges = 0, lp = 0, invalid = 0;
  tally::options opts;
  opts.threads = threads;
  for (const tally::claim_set* doc : docs) {
    const tally::result r = tally::reconcile(*doc, opts);
    conflicting += r.status == tally::status::conflicting;
    invalid += r.status == tally::status::invalid;
    ranges += r.ranges.size();
    lp += r.stats.lp_solves;
  }
  a["conflicting"] = std::to_string(conflicting);
  a["invalid"] = std::to_string(invalid);
  a["ranges"] = std::to_string(ranges);
  a["lp"] = std::to_string(lp);
  return a;
}

const tally::claim_set& tiny_document() {
  static const tally::claim_set doc = grid_document({.regions = 1, .months = 2, .conflicts = 1});
  return doc;
}

measurement measure(const settings& s, const std::vector<const tally::claim_set*>& docs, unsigned threads = 1) {
  return tally::bench::measure_in_child([] { (void)tally::reconcile(tiny_document()); },
                                        [&] { return reconcile_answer(docs, threads); }, s.timeout, s.memory_limit_gib);
}

std::string time_cell(const measurement& m, double limit) {
  switch (m.what) {
    case measurement::outcome::done: return format_time(m.seconds);
    case measurement::outcome::timeout: return "timeout (> " + format_time(limit) + ")";
    default: return "failed";
  }
}

std::string field(const measurement& m, const char* key) {
  const auto it = m.answer.find(key);
  return it == m.answer.end() ? "—" : it->second;
}

bool run_grid(const settings& s) {
  const unsigned threads = s.threads ? s.threads : std::max(1u, std::thread::hardware_concurrency());
  std::printf("## (c) Regions × 14 categories × 60 months, estimates on, options.threads = %u (%u thread%s)\n\n",
              s.threads, threads, threads == 1 ? "" : "s");
  std::printf("| variables | claims | conflicts | tally | peak memory | LP solves | growth exponent |\n");
  std::printf("|--:|--:|--:|--:|--:|--:|--:|\n");
  bool failed = false;
  std::map<std::size_t, double> consistent_at, conflicting_at;  // variables → seconds
  std::map<std::size_t, long> memory_at;
  for (const std::size_t size : s.sizes) {
    const std::size_t regions = grid_regions(size);
    for (const std::size_t disputes : {std::size_t{0}, std::size_t{3}}) {
      const std::size_t conflicts = std::min(disputes, regions);  // one per region at most
      const tally::claim_set doc = grid_document({.regions = regions, .months = 60, .conflicts = conflicts});
      const std::size_t variables = (14 * regions + 1) * 60;
      std::fprintf(stderr, "  (c) %s variables, %zu conflicts ...\n", with_commas(variables).c_str(), conflicts);
      const measurement m = measure(s, {&doc}, s.threads);
      auto& at = conflicts ? conflicting_at : consistent_at;
      std::string growth = "—";
      if (m.what == measurement::outcome::done) {
        if (!at.empty()) {
          const auto& [v0, t0] = *at.rbegin();
          char buffer[32];
          std::snprintf(buffer, sizeof buffer, "%.2f", std::log(m.seconds / t0) / std::log(double(variables) / double(v0)));
          growth = buffer;
        }
        at[variables] = m.seconds;
        memory_at[variables] = std::max(memory_at[variables], m.peak_kib);
        const bool expected = field(m, "conflicting") == (conflicts ? "1" : "0") && field(m, "invalid") == "0";
        if (!expected) {
          std::printf("the generated document's status is not the one built (conflicting: %s)\n", field(m, "conflicting").c_str());
          failed = true;
        }
      } else {
        failed = failed || m.what == measurement::outcome::failed;
        if (m.what == measurement::outcome::failed) std::fprintf(stderr, "    failed: %s\n", m.error.c_str());
      }
      std::printf("| %s | %s | %zu | %s | %s | %s | %s |\n", with_commas(variables).c_str(),
                  with_commas(doc.claims.size()).c_str(), conflicts, time_cell(m, s.timeout).c_str(),
                  m.what == measurement::outcome::done ? format_memory(m.peak_kib).c_str() : "—", field(m, "lp").c_str(),
                  growth.c_str());
      std::fflush(stdout);
    }
  }
  // the targets, at the largest size measured with conflicts
  if (!conflicting_at.empty()) {
    const auto& [v, t] = *conflicting_at.rbegin();
    std::printf("\nAt %s variables with three conflicts: %s (target ≤ 60 s at 100,000: %s), %s (≤ 2 GB: %s)",
                with_commas(v).c_str(), format_time(t).c_str(), met(v < 100000 || t <= 60), format_memory(memory_at[v]).c_str(),
                met(memory_at[v] <= 2L * 1000 * 1000 * 1000 / 1024));
    const auto low = conflicting_at.lower_bound(10000);
    if (low != conflicting_at.end() && low->first < v) {
      const double exponent = std::log(t / low->second) / std::log(double(v) / double(low->first));
      std::printf("; growth exponent from %s: %.2f (target ≤ 1.3: %s)", with_commas(low->first).c_str(), exponent,
                  met(exponent <= 1.3));
    }
    std::printf("\n");
  }
  // The same grid with the national toll claimed every quarter: the shape
  // free totals do not help, measured up to 10,000 variables.
  std::printf("\nWith the national toll claimed every quarter (no free total: one component over every region):\n\n");
  std::printf("| variables | claims | tally | peak memory | LP solves |\n|--:|--:|--:|--:|--:|\n");
  for (const std::size_t size : s.sizes) {
    if (size > 10000) continue;
    const std::size_t regions = grid_regions(size);
    const tally::claim_set doc =
        grid_document({.regions = regions, .months = 60, .conflicts = 0, .national_claims = true});
    const std::size_t variables = (14 * regions + 1) * 60;
    std::fprintf(stderr, "  (c) %s variables, national toll claimed ...\n", with_commas(variables).c_str());
    const measurement m = measure(s, {&doc}, s.threads);
    if (m.what == measurement::outcome::failed) failed = true;
    std::printf("| %s | %s | %s | %s | %s |\n", with_commas(variables).c_str(), with_commas(doc.claims.size()).c_str(),
                time_cell(m, s.timeout).c_str(), m.what == measurement::outcome::done ? format_memory(m.peak_kib).c_str() : "—",
                field(m, "lp").c_str());
    std::fflush(stdout);
  }
  if (s.z3) {
    // z3 on a sample of the 10,000-variable document's bounds, extrapolated
    const tally::claim_set doc = grid_document({.regions = 12, .months = 60, .conflicts = 0});
    const tally::result r = tally::reconcile(doc);
    auto start = clock_type::now();
    z3_problem problem(doc);
    const double build_seconds = seconds_since(start);
    std::map<std::pair<std::string, std::string>, const tally::range*> by_name;
    for (const auto& range : r.ranges) by_name[{range.quantity, label(range.time)}] = &range;
    z3_answer z;
    std::mt19937_64 random(5);
    const std::size_t sample = 3;
    std::size_t diffs = 0;
    start = clock_type::now();
    for (std::size_t i = 0; i < sample; ++i) {
      const std::size_t v = std::uniform_int_distribution<std::size_t>(0, problem.variables() - 1)(random);
      const z3_range zr = problem.range_of(v, z);
      const auto name = problem.variable_name(v);
      const tally::range* tr = by_name.count(name) ? by_name[name] : nullptr;
      if (!tr || tr->min != zr.min || tr->max != zr.max) {
        ++diffs;
        std::printf("DISAGREEMENT on the range of %s at %s\n", name.first.c_str(), name.second.c_str());
      }
    }
    const double per_variable = seconds_since(start) / sample;
    const double z3_all = build_seconds + per_variable * static_cast<double>(problem.variables());
    std::printf("z3 on the consistent 10,080-variable document: %zu sampled variables' bounds (%zu Optimize calls), "
                "%s per variable, %s; all bounds about %s by extrapolation",
                sample, z.optimize_calls, format_time(per_variable).c_str(), diffs ? "DIFFERENT from tally" : "identical",
                format_time(z3_all).c_str());
    const auto it = consistent_at.find(10080);
    if (it != consistent_at.end()) std::printf(", z3 / tally about %s", format_ratio(z3_all / it->second).c_str());
    std::printf("\n");
    failed = failed || diffs;
  }
  std::printf("\n");
  return failed;
}

bool run_series(const settings& s) {
  const series_documents series = daily_series(s.days);
  std::vector<const tally::claim_set*> months;
  for (const auto& m : series.months) months.push_back(&m);
  std::fprintf(stderr, "  (d) the series as one document ...\n");
  const measurement whole = measure(s, {&series.whole});
  std::fprintf(stderr, "  (d) the series split by month ...\n");
  const measurement split = measure(s, months);
  std::printf("## (d) A daily series: %s dates × 12 counts, %s claims, three revisions\n\n", with_commas(s.days).c_str(),
              with_commas(series.whole.claims.size()).c_str());
  std::printf("| as | documents | conflicting | tally | peak memory | LP solves |\n|---|--:|--:|--:|--:|--:|\n");
  const std::pair<const char*, const measurement*> rows[] = {{"one document", &whole}, {"split by month", &split}};
  for (const auto& [name, m] : rows)
    std::printf("| %s | %zu | %s | %s | %s | %s |\n", name, m == &whole ? std::size_t{1} : months.size(),
                field(*m, "conflicting").c_str(), time_cell(*m, s.timeout).c_str(),
                m->what == measurement::outcome::done ? format_memory(m->peak_kib).c_str() : "—", field(*m, "lp").c_str());
  const bool done = whole.what == measurement::outcome::done && split.what == measurement::outcome::done;
  if (done)
    std::printf("\none document / split: %s (target ≤ 10×: %s)\n", format_ratio(whole.seconds / split.seconds).c_str(),
                met(whole.seconds <= 10 * split.seconds));
  std::printf("\n");
  return whole.what == measurement::outcome::failed || split.what == measurement::outcome::failed;
}

const char* usage =
    "usage: tally_speed_bench [options]\n"
    "  --quick             (b) 1,000 events, (c) up to 10,000 variables, (d) 365 days\n"
    "  --sections abcd     only these sections\n"
    "  --events N          (b) with N events (default 10,000)\n"
    "  --sizes 1000,10000  (c) at these sizes (variables, about)\n"
    "  --days N            (d) with N days (default 1,036)\n"
    "  --no-z3             tally only\n"
    "  --threads N         (c) with options.threads = N (default 0: every core)\n"
    "  --timeout S         stop a (c) or (d) measurement after S seconds (default 600)\n"
    "  --memory-limit G    address-space limit of each (c) and (d) measurement, GiB (default 8; 0: none)\n"
    "  --write-grid N | --write-series N\n"
    "                      print the (c) document of about N variables (with three conflicts) or the\n"
    "                      (d) series of N days as tally/1 JSON, for the tally command\n";

std::size_t to_count(const std::string& text) {
  std::size_t used = 0;
  const unsigned long long n = std::stoull(text, &used);
  if (used != text.size()) throw std::invalid_argument("not a count: " + text);
  return static_cast<std::size_t>(n);
}

}  // namespace

int main(int argc, char** argv) {
  settings s;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      auto next = [&]() -> std::string {
        if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
        return argv[++i];
      };
      if (arg == "--quick") s.events = 1000, s.sizes = {1000, 10000}, s.days = 365;
      else if (arg == "--sections") s.sections = next();
      else if (arg == "--events") s.events = to_count(next());
      else if (arg == "--sizes") {
        s.sizes.clear();
        std::stringstream in(next());
        for (std::string item; std::getline(in, item, ',');) s.sizes.push_back(to_count(item));
      } else if (arg == "--days") s.days = to_count(next());
      else if (arg == "--no-z3") s.z3 = false;
      else if (arg == "--timeout") s.timeout = std::stod(next());
      else if (arg == "--threads") s.threads = static_cast<unsigned>(to_count(next()));
      else if (arg == "--memory-limit") s.memory_limit_gib = std::stod(next());
      else if (arg == "--write-grid" || arg == "--write-series") {
        const std::size_t n = to_count(next());
        const tally::claim_set doc = arg == "--write-grid"
                                         ? grid_document({.regions = grid_regions(n), .months = 60, .conflicts = 3})
                                         : daily_series(n).whole;
        const std::string text = tally::bench::to_json(doc);
        if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) return 1;
        return 0;
      } else if (arg == "--help" || arg == "-h") {
        std::fputs(usage, stdout);
        return 0;
      } else throw std::invalid_argument("unknown option " + arg);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n%s", e.what(), usage);
    return 2;
  }
  // z3 4.8.12's default arithmetic solver can creep towards an integer
  // optimum one unit at a time (40 s for one bound of a 20-variable
  // document); the older simplex-based one (arith.solver=2) does not.
  z3::set_param("smt.arith.solver", 2);
  bool failed = false;
  if (s.sections.find('a') != std::string::npos) failed = run_hasakah(s) || failed;
  if (s.sections.find('b') != std::string::npos) failed = run_small_events(s) || failed;
  if (s.sections.find('c') != std::string::npos) failed = run_grid(s) || failed;
  if (s.sections.find('d') != std::string::npos) failed = run_series(s) || failed;
  if (!tally::bench::peak_reset_works)
    std::printf("(/proc/self/clear_refs could not reset the peak: memory is the peak since the fork, warm-up included.)\n");
  std::printf(failed ? "FAILED: an answer differs or a measurement failed (see above)\n" : "all compared answers identical\n");
  return failed ? 1 : 0;
}
