// Conflict analysis at scale: what tally::reconcile costs on conflicting
// documents of 100 to 100,000 claims, beside z3's MaxSMT on the same rows.
// (What a conflict costs on small events is section (b) of speed_bench.cpp.)
//
// The spec asks that the adopted correction be the cheapest of every
// correction, proven, while the enumeration of conflicts and corrections is
// capped; this program measures it where it is hardest:
//
// (A) three conflicting shapes at growing size, each document built in C++:
//   bad-total       a depth-3 category tree (n/5 leaves) on which five sources
//                   give exact figures of every node, true of a hidden count,
//                   but one source's figure for one internal node is off by 5:
//                   one cheap correction, exponentially many conflicts;
//   many-conflicts  the same kind of tree (n/2 leaves), two true lower bounds
//                   on every leaf and one upper bound on the root below the
//                   sum of the leaf bounds: exponentially many minimal
//                   conflicts, each of ~90% of the leaves;
//   disputes        n/2 separate little trees, each with two contradicting
//                   exact figures of its root: n/2 independent conflicts and
//                   2^(n/2) minimal corrections.
//   For each: tally::reconcile's wall time and peak memory, the adopted
//   weight, `complete`, how many conflicts and corrections it lists; z3's
//   MaxSMT (z3_model.hpp: every claim soft, weighted, the structure hard) on
//   the same rows, its time, memory and minimum weight. The cheapest weight
//   is also known by construction; any of the three weights differing is a
//   failure (exit status 1). Each measurement runs in its own forked child,
//   so that a peak never hides behind an earlier one and a run that takes
//   too long can be stopped (z3 also gets its own timeout).
//
//   tally_conflict_bench                      (A) at 100 … 100,000 claims
//   tally_conflict_bench --quick              (A) up to 10,000 claims
//   tally_conflict_bench --sizes 100,1000     only these sizes
//   tally_conflict_bench --write bad-total 100000 > doc.json
//                                             one (A) document as tally/1 JSON
// (--help lists the rest.)
#include "child_measurement.hpp"
#include "document_json.hpp"
#include "random_documents.hpp"
#include "z3_model.hpp"

#include <tally/tally.hpp>

#include <nlohmann/json.hpp>
#include <z3++.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;
using tally::integer;
using tally::rational;
using tally::bench::answer_map;
using tally::bench::format_memory;
using tally::bench::format_ratio;
using tally::bench::format_time;
using tally::bench::to_json;
using tally::bench::with_commas;
using tally::bench::measure_in_child;
using tally::bench::measurement;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

rational decimal(const char* text) {
  rational r;
  if (!tally::parse_exact_number(text, r)) throw tally::error(std::string("not a number: ") + text);
  return r;
}

// ---------------------------------------------------------------------------
// (A) The three shapes. Each generator returns the document and the weight of
// its cheapest correction, known by construction (the comment says why).

struct generated {
  tally::claim_set doc;
  rational cheapest;
};

struct document_builder {
  tally::claim_set doc;

  void source(const std::string& id, const char* reliability) {
    tally::source s;
    s.id = id;
    s.name = id;
    s.reliability = decimal(reliability);
    doc.sources.push_back(s);
  }
  void parts(const std::string& whole, std::vector<std::string> parts) {
    tally::relation r;
    r.whole = whole;
    r.parts = std::move(parts);
    doc.relations.push_back(std::move(r));
  }
  // Claim ids say who said what about which count: "s2:killed.g0.s1".
  void claim(const std::string& source, const std::string& quantity, tally::qualifier q, std::int64_t value) {
    tally::claim c;
    c.id = source + ":" + quantity;
    c.source = source;
    c.quantities = {quantity};
    c.qualifier = q;
    c.value = value;
    doc.claims.push_back(std::move(c));
  }
};

// A category tree of depth 3, root → b groups → b² subgroups → `leaves`
// leaves spread evenly over the subgroups, b ≈ ∛(leaves / 2.5) (20 groups of
// 20 subgroups of 50 leaves at 20,000 leaves: wide at the bottom, as casualty
// breakdowns are). Every node is a whole of its parts; the hidden count of a
// leaf is 1–100, of a whole the sum of its parts.
struct category_tree {
  std::vector<std::string> ids;                  // 0 is the root
  std::vector<std::vector<std::size_t>> children;
  std::vector<std::int64_t> truth;
  std::vector<std::size_t> leaves, internal;     // internal in tree order (root first)
  std::size_t groups = 0;
};

category_tree make_tree(std::size_t leaf_count, std::mt19937_64& random, document_builder& b) {
  leaf_count = std::max<std::size_t>(leaf_count, 1);
  std::size_t width = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(std::cbrt(static_cast<double>(leaf_count) / 2.5))));
  while (width > 1 && width * width > leaf_count) --width;
  category_tree t;
  t.groups = width;
  auto node = [&](std::string id) {
    t.ids.push_back(std::move(id));
    t.children.emplace_back();
    return t.ids.size() - 1;
  };
  const std::size_t root = node("killed");
  const std::size_t subgroups = width * width;
  for (std::size_t g = 0; g < width; ++g) {
    const std::size_t group = node(t.ids[root] + ".g" + std::to_string(g));
    t.children[root].push_back(group);
    for (std::size_t s = 0; s < width; ++s) {
      const std::size_t sub = node(t.ids[group] + ".s" + std::to_string(s));
      t.children[group].push_back(sub);
      const std::size_t index = g * width + s;
      const std::size_t here = leaf_count / subgroups + (index < leaf_count % subgroups ? 1 : 0);
      for (std::size_t l = 0; l < here; ++l) {
        const std::size_t leaf = node(t.ids[sub] + ".c" + std::to_string(l));
        t.children[sub].push_back(leaf);
      }
    }
  }
  t.truth.assign(t.ids.size(), 0);
  for (std::size_t q = t.ids.size(); q-- > 0;) {
    if (t.children[q].empty()) {
      t.truth[q] = std::uniform_int_distribution<std::int64_t>(1, 100)(random);
      t.leaves.push_back(q);
    } else {
      for (std::size_t c : t.children[q]) t.truth[q] += t.truth[c];
    }
  }
  std::reverse(t.leaves.begin(), t.leaves.end());
  for (std::size_t q = 0; q < t.ids.size(); ++q)
    if (!t.children[q].empty()) {
      t.internal.push_back(q);
      std::vector<std::string> parts;
      for (std::size_t c : t.children[q]) parts.push_back(t.ids[c]);
      b.parts(t.ids[q], std::move(parts));
    }
  return t;
}

// Five sources give the exact count of every internal node; the leaves share
// what is left of the n claims (4–5 each at 100,000 claims, 3–4 at 100), the
// sources taking turns. s5's figure for the middle group is 5 too high.
// Cheapest correction: drop that one figure (s5, 0.5). Any correction that
// keeps it must drop the four other figures of that group (≥ 4 × 0.6).
// "s1" … "s5" (appended rather than "s" + …, which trips a false -Wrestrict
// in g++ 12 at -O3).
std::string source_id(std::size_t s) {
  std::string id = "s";
  id += std::to_string(s);
  return id;
}

generated bad_total(std::size_t n) {
  std::mt19937_64 random(1);
  document_builder b;
  b.doc.event.id = "bad-total-" + std::to_string(n);
  b.doc.event.title = "one bad total in a large tree";
  const char* reliabilities[] = {"0.9", "0.8", "0.7", "0.6", "0.5"};
  for (std::size_t s = 0; s < 5; ++s) b.source(source_id(s + 1), reliabilities[s]);
  const category_tree t = make_tree(n / 5, random, b);
  const std::size_t bad = t.children[0][t.groups / 2];
  for (std::size_t q : t.internal)
    for (std::size_t s = 0; s < 5; ++s)
      b.claim(source_id(s + 1), t.ids[q], tally::qualifier::exactly, t.truth[q] + (q == bad && s == 4 ? 5 : 0));
  const std::size_t rest = n > 5 * t.internal.size() ? n - 5 * t.internal.size() : 0;
  for (std::size_t l = 0; l < t.leaves.size(); ++l) {
    const std::size_t count = rest / t.leaves.size() + (l < rest % t.leaves.size() ? 1 : 0);
    for (std::size_t k = 0; k < count; ++k)
      b.claim(source_id((l + k) % 5 + 1), t.ids[t.leaves[l]], tally::qualifier::exactly, t.truth[t.leaves[l]]);
  }
  return {std::move(b.doc), decimal("0.5")};
}

// Every leaf: "at least" its count (a, 0.8) and "at least" a little less (b,
// 0.7; at least 1); with an even n the last leaf has only a's. The root: "at
// most" 90% of the sum of b's bounds (r, 0.5), so every minimal conflict is
// the root's figure with one bound from each of a large enough set of leaves.
// Cheapest correction: drop the root's figure (0.5); any other drops at
// least one leaf bound (≥ 0.7).
generated many_conflicts(std::size_t n) {
  std::mt19937_64 random(2);
  document_builder b;
  b.doc.event.id = "many-conflicts-" + std::to_string(n);
  b.doc.event.title = "exponentially many conflicts";
  b.source("a", "0.8");
  b.source("b", "0.7");
  b.source("r", "0.5");
  const std::size_t leaves = std::max<std::size_t>(1, n / 2);
  const category_tree t = make_tree(leaves, random, b);
  std::int64_t weak_sum = 0;
  for (std::size_t l = 0; l < t.leaves.size(); ++l) {
    const std::size_t q = t.leaves[l];
    b.claim("a", t.ids[q], tally::qualifier::at_least, t.truth[q]);
    if (n % 2 == 1 || l + 1 < t.leaves.size()) {
      const std::int64_t weak =
          std::max<std::int64_t>(1, t.truth[q] - std::uniform_int_distribution<std::int64_t>(0, 10)(random));
      b.claim("b", t.ids[q], tally::qualifier::at_least, weak);
      weak_sum += weak;
    } else {
      weak_sum += t.truth[q];
    }
  }
  b.claim("r", t.ids[0], tally::qualifier::at_most, weak_sum - std::max<std::int64_t>(1, weak_sum / 10));
  return {std::move(b.doc), decimal("0.5")};
}

// n/2 separate trees q<j> = q<j>.x + q<j>.y; a (0.8) gives q<j>'s count, b
// (0.6) a figure 1–20 higher (an odd n adds one true figure of q0.x). Each
// dispute is one conflict; the cheapest correction drops every b figure
// (0.6 each, n/2 of them), and each dispute's choice is independent of the
// others', so there are 2^(n/2) minimal corrections.
generated disputes(std::size_t n) {
  std::mt19937_64 random(3);
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(random); };
  document_builder b;
  b.doc.event.id = "disputes-" + std::to_string(n);
  b.doc.event.title = "many independent disputes";
  b.source("a", "0.8");
  b.source("b", "0.6");
  const std::size_t k = std::max<std::size_t>(1, n / 2);
  std::int64_t first_x = 0;
  for (std::size_t j = 0; j < k; ++j) {
    const std::string root = "q" + std::to_string(j);
    b.parts(root, {root + ".x", root + ".y"});
    const std::int64_t x = pick(0, 100), y = pick(0, 100);
    if (j == 0) first_x = x;
    b.claim("a", root, tally::qualifier::exactly, x + y);
    b.claim("b", root, tally::qualifier::exactly, x + y + pick(1, 20));
  }
  if (n % 2 == 1 && n > 1) b.claim("a", "q0.x", tally::qualifier::exactly, first_x);
  return {std::move(b.doc), decimal("0.6") * static_cast<long>(k)};
}

struct shape {
  const char* name;
  const char* title;
  generated (*make)(std::size_t);
};

const shape shapes[] = {
    {"bad-total", "(i) one bad total in a large tree", bad_total},
    {"many-conflicts", "(ii) exponentially many conflicts", many_conflicts},
    {"disputes", "(iii) many independent disputes", disputes},
};

const shape* shape_named(const std::string& name) {
  for (const auto& s : shapes)
    if (name == s.name) return &s;
  return nullptr;
}

// ---------------------------------------------------------------------------
// What each side reports

// Fields of the adopted correction that newer versions of result.hpp add
// (its proof of optimality, whether another correction ties with it), and
// the list of independent disputes; "" where this version has none.
template <class Adopted>
std::string optimal_of(const Adopted& a) {
  if constexpr (requires { a.optimal; }) return a.optimal ? "yes" : "no";
  else return "";
}
template <class Adopted>
std::string tie_of(const Adopted& a) {
  if constexpr (requires { a.tie; }) return a.tie ? (*a.tie ? "yes" : "no") : "undecided";
  else return "";
}
template <class Result>
std::string disputes_of(const Result& r) {
  if constexpr (requires { r.disputes; }) return std::to_string(r.disputes.size());
  else return "";
}

answer_map tally_answer(const tally::claim_set& doc) {
  const tally::result r = tally::reconcile(doc);
  answer_map a;
  a["status"] = std::string(to_string(r.status));
  a["weight"] = r.adopted ? tally::to_exact_string(r.adopted->weight) : "none";
  a["dropped"] = r.adopted ? std::to_string(r.adopted->drop.size()) : "0";
  a["complete"] = r.complete ? "yes" : "no";
  a["conflicts"] = std::to_string(r.conflicts.size());
  a["corrections"] = std::to_string(r.corrections.size());
  a["optimal"] = r.adopted ? optimal_of(*r.adopted) : "";
  a["tie"] = r.adopted ? tie_of(*r.adopted) : "";
  a["disputes"] = disputes_of(r);
  if (r.status == tally::status::invalid && !r.diagnostics.empty())
    a["diagnostic"] = to_string(r.diagnostics.front());
  return a;
}

// z3's time counts building its model too, as tally's counts formulating
// its own; the MaxSMT call gets what is left of the time limit.
answer_map z3_answer(const tally::claim_set& doc, double timeout_seconds) {
  answer_map a;
  const auto start = clock_type::now();
  tally::bench::z3_model model(doc);
  const double left = timeout_seconds - seconds_since(start);
  a["build"] = std::to_string(seconds_since(start));
  if (left <= 0) {
    a["outcome"] = "timeout";
    return a;
  }
  const auto violated = model.max_smt(static_cast<unsigned>(std::max(1.0, left * 1000)));
  if (!violated) {
    a["outcome"] = "timeout";
    return a;
  }
  rational weight = 0;
  for (std::size_t c : *violated) weight += model.weight(c);
  a["outcome"] = "optimum";
  a["weight"] = tally::to_exact_string(weight);
  a["dropped"] = std::to_string(violated->size());
  return a;
}

// ---------------------------------------------------------------------------
// Printing

std::string field(const measurement& m, const char* key) {
  const auto it = m.answer.find(key);
  return it == m.answer.end() || it->second.empty() ? "—" : it->second;
}

// ---------------------------------------------------------------------------
// Options

struct settings {
  std::vector<std::size_t> sizes{100, 1000, 10000, 100000};
  std::vector<const shape*> chosen;
  bool z3 = true;
  double tally_timeout = 600, z3_timeout = 120, memory_limit_gib = 8;
  std::size_t tally_max = std::numeric_limits<std::size_t>::max();
};

const char* usage =
    "usage: tally_conflict_bench [options]\n"
    "       tally_conflict_bench --write bad-total|many-conflicts|disputes N > doc.json\n"
    "  --quick               sizes up to 10,000 claims\n"
    "  --sizes 100,1000      (A) at these sizes only (claims per document)\n"
    "  --shapes bad-total,…  (A) for these shapes only (bad-total, many-conflicts, disputes)\n"
    "  --no-z3               tally only\n"
    "  --tally-max N         skip tally on documents of more than N claims\n"
    "  --tally-timeout S     stop tally after S seconds (default 600)\n"
    "  --z3-timeout S        stop z3 after S seconds (default 120)\n"
    "  --memory-limit G      address-space limit of each measurement, GiB (default 8; 0: none)\n";

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

std::size_t to_count(const std::string& text) {
  std::string digits;
  for (char c : text)
    if (c != '_' && c != '\'') digits += c;
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
    throw std::invalid_argument("not a count: " + text);
  return std::stoul(digits);
}

// ---------------------------------------------------------------------------
// (A)

bool run_large(const settings& s, std::size_t& compared) {
  bool failed = false;
  std::printf("## (A) Conflicting documents at growing size\n\n");
  std::printf("tally::reconcile with default options (1 thread) against z3 %s MaxSMT (z3::optimize, add_soft per "
              "claim,\nstructure hard; smt.arith.solver=2; time limit %.0f s, model building included). Peak = growth "
              "of the\npeak RSS of a forked child per measurement. Weights: tally's adopted, z3's minimum, the cheapest "
              "known\nby construction.\n\n",
              Z3_get_full_version(), s.z3_timeout);
  std::printf("| shape | claims | tally | tally peak | adopted weight | proven | complete | conflicts | corrections | "
              "z3 MaxSMT | z3 peak | z3 weight | z3 / tally | weights |\n");
  std::printf("|---|--:|--:|--:|--:|:-:|:-:|--:|--:|--:|--:|--:|--:|:-:|\n");
  std::fflush(stdout);

  // The warm-up documents: tiny ones of the same shapes and code paths.
  const generated tiny = disputes(6);
  const auto tally_warm_up = [&] { (void)tally::reconcile(tiny.doc); };
  const auto z3_warm_up = [&] {
    tally::bench::z3_model model(tiny.doc);
    (void)model.max_smt();
  };

  for (const shape* sh : s.chosen)
    for (std::size_t n : s.sizes) {
      const generated g = sh->make(n);
      const std::size_t claims = g.doc.claims.size();
      const std::string expected = tally::to_exact_string(g.cheapest);

      measurement t;
      bool tally_ran = claims <= s.tally_max;
      if (tally_ran) {
        std::fprintf(stderr, "  tally on %s, %s claims ...\n", sh->name, with_commas(claims).c_str());
        t = measure_in_child(tally_warm_up, [&] { return tally_answer(g.doc); }, s.tally_timeout, s.memory_limit_gib);
      }
      measurement z;
      if (s.z3) {
        std::fprintf(stderr, "  z3 on %s, %s claims ...\n", sh->name, with_commas(claims).c_str());
        // z3 stops itself at its limit; the parent allows 30 s more for it
        // to notice, and for building a model that alone outlasts the limit.
        z = measure_in_child(z3_warm_up, [&] { return z3_answer(g.doc, s.z3_timeout); }, s.z3_timeout + 30,
                             s.memory_limit_gib);
        if (z.what == measurement::outcome::done && field(z, "outcome") == "timeout")
          z.what = measurement::outcome::timeout;
      }

      // A failure says what failed in the table itself: the reason is the
      // finding (the details go to stderr).
      auto time_cell = [&](const measurement& m, double limit) {
        switch (m.what) {
          case measurement::outcome::done: return format_time(m.seconds);
          case measurement::outcome::timeout: return "timeout (> " + format_time(limit) + ")";
          default:
            if (m.error.rfind("out of memory", 0) == 0) {
              char cell[48];
              std::snprintf(cell, sizeof cell, "out of memory (> %g GiB)", s.memory_limit_gib);
              return std::string(cell);
            }
            if (m.signal) {
              const char* name = sigabbrev_np(m.signal);
              return "crashed (SIG" + std::string(name ? name : std::to_string(m.signal)) + ")";
            }
            return std::string("failed");
        }
      };
      const bool t_done = tally_ran && t.what == measurement::outcome::done;
      const bool z_done = s.z3 && z.what == measurement::outcome::done;
      std::string tally_time = !tally_ran ? "skipped" : time_cell(t, s.tally_timeout);
      std::string z3_time = !s.z3 ? "—" : time_cell(z, s.z3_timeout);
      const std::string tally_weight = t_done ? field(t, "weight") : "—";
      const std::string z3_weight = z_done ? field(z, "weight") : "—";

      // Every weight there is must equal the cheapest known by construction.
      std::string check = "—";
      if (t_done || z_done) {
        const bool same = (!t_done || tally_weight == expected) && (!z_done || z3_weight == expected);
        check = same ? (t_done && z_done ? "equal" : "as built") : "DIFFER";
        if (!same) failed = true;
        ++compared;
      }
      if ((tally_ran && t.what == measurement::outcome::failed) || (s.z3 && z.what == measurement::outcome::failed))
        failed = true;

      std::printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", sh->name,
                  with_commas(claims).c_str(), tally_time.c_str(), t_done ? format_memory(t.peak_kib).c_str() : "—",
                  tally_weight.c_str(), t_done ? field(t, "optimal").c_str() : "—",
                  t_done ? field(t, "complete").c_str() : "—", t_done ? field(t, "conflicts").c_str() : "—",
                  t_done ? field(t, "corrections").c_str() : "—", z3_time.c_str(),
                  z_done ? format_memory(z.peak_kib).c_str() : "—", z3_weight.c_str(),
                  t_done && z_done ? format_ratio(z.seconds / t.seconds).c_str() : "—", check.c_str());
      std::fflush(stdout);
      // What the table has no room for, below it (stderr, so that the table
      // can be pasted whole).
      if (t_done && field(t, "status") != "conflicting")
        std::fprintf(stderr, "    tally's status is %s (%s)\n", field(t, "status").c_str(), field(t, "diagnostic").c_str());
      if (t_done && field(t, "disputes") != "—")
        std::fprintf(stderr, "    tally: adopted drops %s, tie %s, disputes %s\n", field(t, "dropped").c_str(),
                     field(t, "tie").c_str(), field(t, "disputes").c_str());
      if (tally_ran && t.what == measurement::outcome::failed)
        std::fprintf(stderr, "    tally failed: %s\n", t.error.c_str());
      if (s.z3 && z.what == measurement::outcome::failed) std::fprintf(stderr, "    z3 failed: %s\n", z.error.c_str());
      if (s.z3 && z.what != measurement::outcome::failed && field(z, "build") != "—")
        std::fprintf(stderr, "    z3 built its model in %s\n", format_time(std::stod(field(z, "build"))).c_str());
      if (check == "DIFFER")
        std::fprintf(stderr, "    WEIGHTS DIFFER: tally %s, z3 %s, by construction %s\n", tally_weight.c_str(),
                     z3_weight.c_str(), expected.c_str());
    }
  if (!tally::bench::peak_reset_works)
    std::printf("\n(/proc/self/clear_refs could not reset the peak: memory is the peak since the fork, warm-up "
                "included.)\n");
  std::printf("\n");
  return failed;
}

}  // namespace

int main(int argc, char** argv) {
  settings s;
  std::vector<std::string> shape_names;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      auto next = [&]() -> std::string {
        if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
        return argv[++i];
      };
      if (arg == "--write") {
        const std::string name = next();
        const shape* sh = shape_named(name);
        if (!sh) throw std::invalid_argument("no shape " + name);
        const std::size_t n = to_count(next());
        std::fputs(to_json(sh->make(n).doc).c_str(), stdout);
        return 0;
      }
      if (arg == "--quick") s.sizes = {100, 1000, 10000};
      else if (arg == "--sizes") {
        s.sizes.clear();
        for (const auto& item : split(next())) s.sizes.push_back(to_count(item));
      } else if (arg == "--shapes") shape_names = split(next());
      else if (arg == "--no-z3") s.z3 = false;
      else if (arg == "--tally-max") s.tally_max = to_count(next());
      else if (arg == "--tally-timeout") s.tally_timeout = std::stod(next());
      else if (arg == "--z3-timeout") s.z3_timeout = std::stod(next());
      else if (arg == "--memory-limit") s.memory_limit_gib = std::stod(next());
      else if (arg == "--help" || arg == "-h") {
        std::fputs(usage, stdout);
        return 0;
      } else throw std::invalid_argument("unknown option " + arg);
    }
    for (const auto& name : shape_names) {
      const shape* sh = shape_named(name);
      if (!sh) throw std::invalid_argument("no shape " + name);
      s.chosen.push_back(sh);
    }
    if (shape_names.empty())
      for (const auto& sh : shapes) s.chosen.push_back(&sh);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "%s\n%s", e.what(), usage);
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  // As in speed_bench: z3 4.8.12's default arithmetic solver can creep to
  // an integer optimum one unit at a time; the simplex-based one does not.
  z3::set_param("smt.arith.solver", 2);

  bool failed = false;
  std::size_t compared = 0;
  failed = run_large(s, compared) || failed;
  if (failed) std::printf("FAILED: a weight differs or a measurement failed (see above)\n");
  else std::printf("weights checked on %zu documents: all equal\n", compared);
  return failed ? 1 : 0;
}
