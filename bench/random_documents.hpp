// Random claims documents for the benchmarks (tally_speed_bench's section
// (b), tally_reconcile_loop, the corpora of tally_corpus and
// tally_batch_bench), generated in C++ from a seed so that every run sees the
// same documents: a category tree per root, one to four dates, claims true of
// a hidden history, and every `contradict_every`-th document (or a share of
// them, `contradict_share`) then pushed off it by one or two contradicting
// claims.
//
// The default shape has 10–50 quantities, three sources and every odd
// document contradicted (45% end up conflicting); the small events ask for
// 3–30 quantities, 1–6 sources, every third contradicted. A fixed range
// draws no number, and the share draws from a stream of its own, so the
// shapes without them give the documents they always gave.
#pragma once

#include <tally/tally.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace tally::bench {

struct random_document_shape {
  // The tree's budget of quantities (a document may end up with fewer: a
  // node gets 2–4 children only while they fit).
  std::int64_t min_quantities = 10, max_quantities = 50;
  // Sources, 1 to 6 (reliabilities 0.8, 0.5, 0.3, 0.9, 0.6, 0.4 in order).
  std::int64_t min_sources = 3, max_sources = 3;
  // Documents with index % contradict_every == 1 get contradicting claims.
  std::size_t contradict_every = 2;
  // When set, each document gets them with this probability instead. The
  // draw, and the contradiction's own numbers, come from a second stream,
  // so a document's claims before the contradiction are the same whatever
  // the share. A contradiction can still be satisfiable (the claim it
  // contradicts may be a bound or a range that other claims leave room in):
  // on small events about nine in ten contradicted documents conflict
  // (corpus.hpp has the measured shares).
  std::optional<double> contradict_share;
};

/// True with probability p, from the top 53 bits of one draw.
inline bool chance(std::mt19937_64& random, double p) { return static_cast<double>(random() >> 11) * 0x1p-53 < p; }

/// The small events of tally_speed_bench's section (b), made from this
/// seed: 3–30 quantities, 1–6 sources, every third contradicted.
inline constexpr std::uint64_t small_event_seed = 2026;
inline random_document_shape small_event_shape() {
  random_document_shape small;
  small.min_quantities = 3, small.max_quantities = 30;
  small.min_sources = 1, small.max_sources = 6;
  small.contradict_every = 3;
  return small;
}

struct random_document_maker {
  std::mt19937_64 random;
  // The stream of contradict_share; the odd constant keeps it apart from the
  // first stream of any nearby seed.
  std::mt19937_64 contradictions;
  random_document_shape shape;
  explicit random_document_maker(std::uint64_t seed, random_document_shape s = {})
      : random(seed), contradictions(seed + 0x9e3779b97f4a7c15), shape(s) {}

  std::int64_t pick(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(random);
  }

  tally::claim_set make(std::size_t index) {
    tally::claim_set doc;
    doc.event.id = "random-" + std::to_string(index);
    doc.event.title = "random";
    const std::size_t budget = static_cast<std::size_t>(pick(shape.min_quantities, shape.max_quantities));
    // quantities as sets of atoms
    std::vector<std::string> names;
    std::vector<std::vector<std::size_t>> atoms;
    std::size_t atom_count = 0;
    const char* roots[] = {"killed", "injured", "missing"};
    std::vector<std::pair<std::string, std::size_t>> queue;  // (id, depth)
    for (std::size_t r = 0; r < 3 && names.size() < budget; ++r) {
      if (r > 0 && pick(0, 1) == 0) break;
      queue.push_back({roots[r], 0});
      names.push_back(roots[r]);
      atoms.emplace_back();
    }
    // breadth-first: give nodes 2–4 children until the budget is spent
    std::vector<std::vector<std::size_t>> children(names.size());
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const auto [id, depth] = queue[head];
      const std::size_t k = static_cast<std::size_t>(pick(2, 4));
      if (depth >= 3 || names.size() + k > budget) continue;
      const std::size_t parent = head;  // queue order == names order
      for (std::size_t c = 0; c < k; ++c) {
        names.push_back(id + ".c" + std::to_string(c));
        atoms.emplace_back();
        children.emplace_back();
        children[parent].push_back(names.size() - 1);
        queue.push_back({names.back(), depth + 1});
      }
    }
    std::vector<char> exhaustive(names.size(), 1);
    for (std::size_t q = names.size(); q-- > 0;) {
      if (children[q].empty() || pick(0, 3) == 0) {
        atoms[q].push_back(atom_count++);
        exhaustive[q] = 0;
      }
      for (std::size_t c : children[q]) atoms[q].insert(atoms[q].end(), atoms[c].begin(), atoms[c].end());
      if (!children[q].empty()) {
        tally::relation rel;
        rel.whole = names[q];
        for (std::size_t c : children[q]) rel.parts.push_back(names[c]);
        rel.exhaustive = exhaustive[q];
        doc.relations.push_back(rel);
      }
    }
    // a stock that can fall, holding one inner quantity
    if (names.size() < budget && pick(0, 2) == 0) {
      const std::size_t inner = static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(names.size()) - 1));
      names.push_back("held");
      atoms.push_back(atoms[inner]);
      atoms.back().push_back(atom_count++);
      children.emplace_back();
      tally::quantity held;
      held.id = "held";
      held.cumulative = false;
      doc.quantities.push_back(held);
      tally::relation rel;
      rel.kind = tally::relation::kind::subset;
      rel.whole = "held";
      rel.parts = {names[inner]};
      doc.relations.push_back(rel);
    }
    // dates and the hidden history (every atom non-decreasing: "held" is
    // free to fall, but keeping it monotone is still a valid history)
    const std::size_t dates = static_cast<std::size_t>(pick(1, 4));
    std::vector<std::vector<std::int64_t>> history(atom_count, std::vector<std::int64_t>(dates));
    for (auto& h : history) {
      std::int64_t v = pick(0, 200);
      for (auto& x : h) x = (v += pick(0, 1) ? pick(0, 30) : 0);
    }
    auto value = [&](std::size_t q, std::size_t d) {
      std::int64_t s = 0;
      for (std::size_t a : atoms[q]) s += history[a][d];
      return s;
    };
    const char* source_ids[] = {"a", "b", "c", "d", "e", "f"};
    const char* reliabilities[] = {"0.8", "0.5", "0.3", "0.9", "0.6", "0.4"};
    // no draw when the count is fixed, so that the default shape draws
    // exactly the numbers it always drew
    const std::int64_t sources =
        shape.min_sources == shape.max_sources ? shape.min_sources : pick(shape.min_sources, shape.max_sources);
    for (std::int64_t s = 0; s < sources; ++s) {
      tally::source src;
      src.id = source_ids[s];
      src.name = source_ids[s];
      tally::parse_exact_number(reliabilities[s], src.reliability);
      doc.sources.push_back(src);
    }
    const std::size_t claims = static_cast<std::size_t>(pick(5, 20));
    for (std::size_t c = 0; c < claims; ++c) {
      tally::claim claim;
      claim.id = "c" + std::to_string(c);
      claim.source = source_ids[pick(0, sources - 1)];
      const std::size_t q = static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(names.size()) - 1));
      const std::size_t d = static_cast<std::size_t>(pick(0, static_cast<std::int64_t>(dates) - 1));
      claim.quantities = {names[q]};
      claim.as_of = tally::timestamp{2022, 3, static_cast<int>(1 + 7 * d), std::nullopt};
      const std::int64_t e = value(q, d);
      switch (pick(0, 5)) {
        case 0:
        case 1:
          claim.qualifier = tally::qualifier::exactly;
          claim.value = e;
          break;
        case 2:
          claim.qualifier = tally::qualifier::at_least;
          claim.value = std::max<std::int64_t>(0, e - pick(0, 10));
          break;
        case 3:
          claim.qualifier = tally::qualifier::at_most;
          claim.value = e + pick(0, 10);
          break;
        case 4:
          claim.qualifier = tally::qualifier::between;
          claim.value = std::max<std::int64_t>(0, e - pick(0, 10));
          claim.upper = rational(e + pick(0, 10));
          break;
        default:
          claim.qualifier = tally::qualifier::about;
          claim.value = e;
          break;
      }
      doc.claims.push_back(claim);
    }
    const bool contradicted = shape.contradict_share ? chance(contradictions, *shape.contradict_share)
                                                     : index % shape.contradict_every == 1;
    if (contradicted) {
      std::mt19937_64& draws = shape.contradict_share ? contradictions : random;
      auto draw = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(draws); };
      // a second source (the same one when there is only one: a revised
      // figure) contradicts one or two claims: the same count at the same
      // date, off by 5–60
      const std::size_t moves = static_cast<std::size_t>(draw(1, 2));
      for (std::size_t m = 0; m < moves; ++m) {
        tally::claim claim = doc.claims[static_cast<std::size_t>(draw(0, static_cast<std::int64_t>(claims) - 1))];
        claim.id = "x" + std::to_string(m);
        claim.source = sources == 1 ? "a" : claim.source == "a" ? "b" : "a";
        claim.qualifier = tally::qualifier::exactly;
        claim.upper.reset();
        const std::size_t q = static_cast<std::size_t>(
            std::find(names.begin(), names.end(), claim.quantities[0]) - names.begin());
        const std::size_t d = static_cast<std::size_t>((claim.as_of->day - 1) / 7);
        claim.value = value(q, d) + draw(5, 60);
        doc.claims.push_back(claim);
      }
    }
    return doc;
  }
};

}  // namespace tally::bench
