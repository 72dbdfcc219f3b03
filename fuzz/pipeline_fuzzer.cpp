// libFuzzer target: the whole check → reconcile → report pipeline.
//
// An input that is a valid tally/1 document (the seed corpus: every document
// of the repository, and libFuzzer's mutations of them) is reconciled as it
// is. Any other input is read as a recipe for a small claim_set built
// directly (no JSON, so none of the parser's limits): up to six quantities
// from a small dotted vocabulary (and now and then a malformed id), parts and
// subset relations, up to three sources, up to ten claims with every
// qualifier, dates with and without a time of day, and values from 0 to
// 2^130 and 10^45, fractions, negatives and tiny tolerances, and now and
// then labels, names and quotes of any bytes.
//
// Every document is checked (validate), reconciled under small caps and a
// time limit (so that one input cannot hang the run; tally::stopped is a
// normal outcome) and rendered in every format. The target requires what
// result.hpp promises: invalid exactly when validate objects, one outcome
// per claim in input order, conflicts and an adopted correction exactly when
// conflicting, every estimate inside its range; a JSON report that is JSON;
// the same report on two threads as on one (for half the inputs); and the
// document without the adopted correction's claims consistent, with the
// same ranges.
#include "../tests/unit/io/canonical_text.hpp"

#include <tally/tally.hpp>

#include <fuzzer/FuzzedDataProvider.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "pipeline_fuzzer: %s\n", what);
  std::abort();
}

tally::integer power(unsigned base, unsigned exponent) {
  tally::integer out = 1;
  for (unsigned i = 0; i < exponent; ++i) out *= base;
  return out;
}

// A claimed figure: mostly small counts, often extreme ones.
tally::rational number(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 8)) {
    case 0: return tally::rational(in.ConsumeIntegralInRange<int>(0, 12));
    case 1: return tally::rational(in.ConsumeIntegralInRange<int>(0, 1000));
    case 2: return tally::rational(in.ConsumeIntegralInRange<int>(0, 400), in.ConsumeIntegralInRange<int>(1, 16));
    case 3: {  // 10^k + d
      const tally::integer n = power(10, in.ConsumeIntegralInRange(0u, 45u)) + in.ConsumeIntegralInRange(-1, 1);
      return tally::to_rational(n < 0 ? tally::integer(0) : n);
    }
    case 4: {  // 2^k + d, across the machine-word and 128-bit boundaries
      const tally::integer n = power(2, in.ConsumeIntegralInRange(0u, 130u)) + in.ConsumeIntegralInRange(-1, 1);
      return tally::to_rational(n);
    }
    case 5: return tally::to_rational(tally::integer(in.ConsumeIntegral<std::uint64_t>()));
    case 6: return tally::rational(-in.ConsumeIntegralInRange<int>(1, 5));
    case 7: return 1 / tally::to_rational(power(10, in.ConsumeIntegralInRange(1u, 40u)));
    default: return tally::rational(in.ConsumeIntegralInRange<int>(0, 3000), 1000);
  }
}

// Reliabilities, weights and tolerances: in range mostly, now and then not.
tally::rational fraction(FuzzedDataProvider& in) {
  static const std::array<std::array<int, 2>, 9> picks{
      {{1, 2}, {1, 1}, {1, 3}, {4, 5}, {1, 10}, {99, 100}, {0, 1}, {3, 2}, {-1, 2}}};
  const std::size_t i = in.ConsumeIntegralInRange<std::size_t>(0, in.ConsumeBool() ? 5 : picks.size() - 1);
  if (in.ConsumeIntegralInRange(0, 15) == 0) return 1 / tally::to_rational(power(10, 35));
  return tally::rational(picks[i][0], picks[i][1]);
}

std::optional<tally::timestamp> date(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) return std::nullopt;
  tally::timestamp t;
  t.year = in.ConsumeBool() ? 2022 : in.ConsumeIntegralInRange(1, 9999);
  t.month = in.ConsumeIntegralInRange(1, 2);
  t.day = in.ConsumeIntegralInRange(in.ConsumeBool() ? 27 : 1, 29);
  if (in.ConsumeBool()) t.seconds = in.ConsumeIntegralInRange(0, 3) * 21600 + in.ConsumeIntegralInRange(0, 1);
  return t;
}

std::string quantity_id(FuzzedDataProvider& in) {
  static const std::array<const char*, 12> ids{"k", "k.a", "k.b", "k.a.x", "k.a.y", "k.b.x", "h", "h.a", "m",
                                               "k.c", "", "k..a"};
  return ids[in.ConsumeIntegralInRange<std::size_t>(0, in.ConsumeIntegralInRange(0, 7) == 0 ? 11 : 9)];
}

// Free text (labels, names, quotes): mostly none, now and then any bytes,
// invalid UTF-8 and control characters included, for the reports to escape.
std::string text(FuzzedDataProvider& in) {
  return in.ConsumeIntegralInRange(0, 7) == 0 ? in.ConsumeRandomLengthString(12) : std::string();
}

tally::claim_set build(FuzzedDataProvider& in) {
  tally::claim_set d;
  d.event.id = "fuzz";
  d.event.start = date(in);
  d.event.end = date(in);
  for (int i = in.ConsumeIntegralInRange(0, 6); i > 0; --i) {
    tally::quantity q;
    q.id = quantity_id(in);
    q.cumulative = in.ConsumeBool();
    q.label = text(in);
    d.quantities.push_back(q);
  }
  for (int i = in.ConsumeIntegralInRange(0, 3); i > 0; --i) {
    tally::relation r;
    r.kind = in.ConsumeBool() ? tally::relation::kind::parts : tally::relation::kind::subset;
    r.whole = quantity_id(in);
    const int parts = r.kind == tally::relation::kind::subset ? 1 : in.ConsumeIntegralInRange(1, 3);
    for (int p = 0; p < parts; ++p) r.parts.push_back(quantity_id(in));
    r.exhaustive = in.ConsumeBool();
    d.relations.push_back(r);
  }
  const int sources = in.ConsumeIntegralInRange(1, 3);
  for (int i = 0; i < sources; ++i) d.sources.push_back({"s" + std::to_string(i), text(in), fraction(in), ""});
  for (int i = in.ConsumeIntegralInRange(1, 10); i > 0 && in.remaining_bytes() > 0; --i) {
    tally::claim c;
    c.id = "c" + std::to_string(d.claims.size());
    // now and then an undeclared source
    c.source = "s" + std::to_string(in.ConsumeIntegralInRange(0, 15) == 0 ? sources : in.ConsumeIntegralInRange(0, sources - 1));
    c.quantities.push_back(quantity_id(in));
    if (in.ConsumeIntegralInRange(0, 4) == 0) c.quantities.push_back(quantity_id(in));
    c.qualifier = static_cast<tally::qualifier>(in.ConsumeIntegralInRange(0, 7));
    c.value = number(in);
    if (c.qualifier == tally::qualifier::between || in.ConsumeIntegralInRange(0, 15) == 0) c.upper = number(in);
    if ((c.qualifier == tally::qualifier::about || c.qualifier == tally::qualifier::nearly) && in.ConsumeBool())
      c.tolerance = fraction(in);
    if (in.ConsumeIntegralInRange(0, 3) == 0) c.weight = fraction(in);
    c.as_of = date(in);
    c.quote = text(in);
    // now and then a change since another date (before it or not: validation decides)
    if (in.ConsumeIntegralInRange(0, 4) == 0) c.since = date(in);
    d.claims.push_back(c);
  }
  return d;
}

void check_result(const tally::claim_set& d, const tally::result& r) {
  const bool invalid = !tally::validate(d).empty();
  if (invalid != (r.status == tally::status::invalid)) fail("status invalid disagrees with validate");
  if (invalid) return;
  if (r.claims.size() != d.claims.size()) fail("not one outcome per claim");
  for (std::size_t i = 0; i < d.claims.size(); ++i)
    if (r.claims[i].id != d.claims[i].id) fail("claim outcomes out of input order");
  const bool conflicting = r.status == tally::status::conflicting;
  if (conflicting != !r.conflicts.empty() || conflicting != r.adopted.has_value())
    fail("conflicts and adopted correction disagree with the status");
  for (const tally::range& range : r.ranges) {
    if (range.min < 0 || (range.max && *range.max < range.min)) fail("an empty or negative range");
    if (range.estimate && (*range.estimate < range.min || (range.max && *range.estimate > *range.max)))
      fail("an estimate outside its range");
    if (range.estimate.has_value() != (range.no_estimate == tally::range::missing_estimate::none))
      fail("an estimate and the reason for its absence disagree");
    if (range.max && *range.max == range.min && range.estimate && *range.estimate != range.min)
      fail("a count pinned by its range estimated elsewhere");
  }
  for (const tally::conflict& c : r.conflicts)
    if (c.claims.empty() || c.gap < 1) fail("an empty conflict or a gap under 1");
}

// Small caps and a time limit; the recipe also varies the caps (0 acts as 1),
// estimates and the default tolerance.
tally::options small_caps(FuzzedDataProvider* in) {
  tally::options opts;
  opts.max_conflicts = 8;
  opts.max_corrections = 8;
  opts.max_enumeration_work = 200'000;
  opts.time_limit_seconds = 2;
  if (in && in->ConsumeBool()) {
    opts.max_conflicts = in->ConsumeIntegralInRange<std::size_t>(0, 3);
    opts.max_corrections = in->ConsumeIntegralInRange<std::size_t>(0, 3);
    opts.estimates = in->ConsumeBool();
    opts.default_tolerance = fraction(*in);
  }
  return opts;
}

// The document without the claims of the adopted correction (when any are
// left) is consistent,
// with the same range of every quantity at every time point both have.
void check_adopted(const tally::claim_set& d, const tally::result& r, const tally::options& opts) {
  if (!r.adopted) return;
  tally::claim_set kept = d;
  std::erase_if(kept.claims, [&](const tally::claim& c) {
    return std::find(r.adopted->drop.begin(), r.adopted->drop.end(), c.id) != r.adopted->drop.end();
  });
  if (kept.claims.empty()) return;  // a document without claims is invalid
  const tally::result after = tally::reconcile(kept, opts);
  if (after.status != tally::status::consistent) fail("dropping the adopted correction leaves a conflict");
  std::map<std::pair<std::string, std::string>, const tally::range*> ranges;
  for (const tally::range& range : r.ranges) ranges[{range.quantity, range.time.to_string()}] = &range;
  for (const tally::range& range : after.ranges) {
    const auto found = ranges.find({range.quantity, range.time.to_string()});
    if (found != ranges.end() && (found->second->min != range.min || found->second->max != range.max))
      fail("the ranges after the adopted correction differ from those without its claims");
  }
}

void run(const tally::claim_set& d, const tally::options& opts, bool two_threads) {
  // TALLY_FUZZ_PRINT=1 ./tally_pipeline_fuzzer input: which document an input is.
  if (std::getenv("TALLY_FUZZ_PRINT")) std::fputs(tally::test::canonical_text().of(d).c_str(), stderr);
  try {
    const tally::result r = tally::reconcile(d, opts);
    check_result(d, r);
    std::string json;
    for (const tally::report_format format :
         {tally::report_format::text, tally::report_format::markdown, tally::report_format::json})
      json = tally::render_report(r, d, format);
    if (!nlohmann::json::accept(json)) fail("the JSON report is not JSON");
    tally::options two = opts;
    two.threads = 2;
    if (two_threads && json != tally::render_report(tally::reconcile(d, two), d, tally::report_format::json))
      fail("two threads give another report than one");
    check_adopted(d, r, opts);
  } catch (const tally::stopped&) {
    // the time limit: a normal outcome for an input too hard for its budget
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!text.empty() && text.front() == '{') {
    tally::parse_result parsed = tally::parse_claims(text);
    if (parsed.ok()) {
      run(*parsed.document, small_caps(nullptr), size % 4 == 0);
      return 0;
    }
  }
  FuzzedDataProvider in(data, size);
  const tally::claim_set d = build(in);
  const tally::options opts = small_caps(&in);
  run(d, opts, in.ConsumeBool());
  return 0;
}
