// tally_reconcile_loop: calls tally::reconcile in a loop, for counting
// instructions under callgrind, which is repeatable where wall-clock time on
// a shared machine is not. The loop is the function `reconcile_loop`, so
//
//   valgrind --tool=callgrind --toggle-collect='*reconcile_loop*'
//       build-bench/bench/tally_reconcile_loop examples/hasakah/claims.json 10
//
// counts the reconciles alone (reading and generating stay outside).
// Arguments: FILE [CALLS], or --small-events N [consistent|conflicting|all]
// for the first N events of tally_speed_bench's section (b) (the same seed
// and shape), each reconciled once.
#include "random_documents.hpp"

#include <tally/tally.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

// Noinline: callgrind's --toggle-collect needs a function to name.
__attribute__((noinline)) std::size_t reconcile_loop(const std::vector<tally::claim_set>& documents, std::size_t calls) {
  std::size_t ranges = 0;
  for (std::size_t k = 0; k < calls; ++k)
    for (const tally::claim_set& document : documents) ranges += tally::reconcile(document).ranges.size();
  return ranges;
}

int usage() {
  std::fprintf(stderr, "usage: tally_reconcile_loop FILE [CALLS]\n"
                       "       tally_reconcile_loop --small-events N [consistent|conflicting|all]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  std::vector<tally::claim_set> documents;
  std::size_t calls = 1;
  const std::string first = argv[1];
  if (first == "--small-events") {
    if (argc < 3) return usage();
    const std::string which = argc > 3 ? argv[3] : "all";
    if (which != "all" && which != "consistent" && which != "conflicting") return usage();
    tally::bench::random_document_maker maker(tally::bench::small_event_seed, tally::bench::small_event_shape());
    const std::size_t events = std::strtoull(argv[2], nullptr, 10);
    for (std::size_t i = 0; i < events; ++i) {
      tally::claim_set document = maker.make(i);
      if (which != "all") {
        const bool consistent = tally::reconcile(document).status == tally::status::consistent;
        if (consistent != (which == "consistent")) continue;
      }
      documents.push_back(std::move(document));
    }
  } else {
    tally::parse_result parsed = tally::parse_claims_file(first);
    if (!parsed.ok()) {
      std::fprintf(stderr, "tally_reconcile_loop: %s is not a valid document (tally check says why)\n", first.c_str());
      return 1;
    }
    documents.push_back(std::move(*parsed.document));
    if (argc > 2) calls = std::strtoull(argv[2], nullptr, 10);
  }
  const std::size_t ranges = reconcile_loop(documents, calls);
  std::printf("%zu documents, %zu calls each, %zu ranges\n", documents.size(), calls, ranges);
  return 0;
}
