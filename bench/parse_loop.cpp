// tally_parse_loop: calls tally::parse_claims in a loop, for counting
// instructions under callgrind and for a rough wall-clock rate. The loop is
// the function `parse_loop`, so
//
//   valgrind --tool=callgrind --toggle-collect='*parse_loop*'
//       build-bench/bench/tally_parse_loop examples/hasakah/claims.json 100
//
// counts the parses alone (reading the file and generating documents stay
// outside). Arguments: FILE [CALLS], or --small-events N [CALLS] for the
// first N events of tally_speed_bench's section (b) (the same seed and
// shape) written as tally/1 JSON, each parsed CALLS times. It prints the
// time per parse and the rate in MB/s.
#include "document_json.hpp"
#include "random_documents.hpp"

#include <tally/tally.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

// Noinline: callgrind's --toggle-collect needs a function to name.
__attribute__((noinline)) std::size_t parse_loop(const std::vector<std::string>& texts, std::size_t calls) {
  std::size_t claims = 0;
  for (std::size_t k = 0; k < calls; ++k)
    for (const std::string& text : texts) {
      const tally::parse_result parsed = tally::parse_claims(text);
      if (parsed.document) claims += parsed.document->claims.size();
    }
  return claims;
}

int usage() {
  std::fprintf(stderr, "usage: tally_parse_loop FILE [CALLS]\n"
                       "       tally_parse_loop --small-events N [CALLS]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  std::vector<std::string> texts;
  std::size_t calls = 1;
  const std::string first = argv[1];
  if (first == "--small-events") {
    if (argc < 3) return usage();
    tally::bench::random_document_maker maker(tally::bench::small_event_seed, tally::bench::small_event_shape());
    const std::size_t events = std::strtoull(argv[2], nullptr, 10);
    for (std::size_t i = 0; i < events; ++i) texts.push_back(tally::bench::to_json(maker.make(i)));
    if (argc > 3) calls = std::strtoull(argv[3], nullptr, 10);
  } else {
    std::ifstream file(first, std::ios::binary);
    if (!file) {
      std::fprintf(stderr, "tally_parse_loop: cannot read %s\n", first.c_str());
      return 1;
    }
    std::ostringstream buffer;
    buffer << file.rdbuf();
    texts.push_back(std::move(buffer).str());
    if (argc > 2) calls = std::strtoull(argv[2], nullptr, 10);
  }
  std::size_t bytes = 0;
  for (const std::string& text : texts) bytes += text.size();

  const auto start = std::chrono::steady_clock::now();
  const std::size_t claims = parse_loop(texts, calls);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  const double parses = static_cast<double>(texts.size() * calls);
  std::printf("%zu documents (%.0f bytes on average), %zu calls each, %zu claims read\n", texts.size(),
              static_cast<double>(bytes) / static_cast<double>(texts.size()), calls, claims);
  std::printf("%.2f us per parse, %.1f MB/s\n", elapsed.count() / parses * 1e6,
              static_cast<double>(bytes * calls) / elapsed.count() / 1e6);
  return 0;
}
