// tally_corpus: writes a corpus of generated claims documents for
// `tally batch`, one per line (JSON Lines), to standard output or --out
// FILE; corpus.hpp says what the events are. On standard error it reports
// the events and bytes written and the rate. --help lists the options.
//
//   tally_corpus --events 100000 --seed 7 --conflicting 0.3 --out events.jsonl
//   tally_corpus --events 3 --large 100000 | build/tally batch - --threads 2
#include "corpus.hpp"

#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>

namespace {

void print_usage(std::FILE* to) {
  std::fputs("usage: tally_corpus [options]\n", to);
  std::fprintf(to, tally::bench::corpus_options_usage, "1,000");
  std::fputs("  --out FILE          write to FILE (default: standard output)\n", to);
}

}  // namespace

int main(int argc, char** argv) {
  tally::bench::corpus_settings settings;
  std::string out_path;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
        return argv[++i];
      };
      if (tally::bench::read_corpus_option(arg, value, settings)) continue;
      if (arg == "--out") out_path = value();
      else if (arg == "--help" || arg == "-h") {
        print_usage(stdout);
        return 0;
      } else throw std::invalid_argument("unknown option " + arg);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally_corpus: %s\n", e.what());
    print_usage(stderr);
    return 2;
  }
  std::FILE* out = out_path.empty() ? stdout : std::fopen(out_path.c_str(), "wb");
  if (!out) {
    std::fprintf(stderr, "tally_corpus: cannot write %s\n", out_path.c_str());
    return 2;
  }
  try {
    const tally::bench::corpus_written written = tally::bench::write_corpus(settings, out);
    if (out != stdout && std::fclose(out) != 0) throw tally::error("cannot close " + out_path);
    std::fprintf(stderr, "tally_corpus: %zu events, %.1f MB in %.2f s (%.0f events/s, %.0f MB/s)\n", written.events,
                 static_cast<double>(written.bytes) / 1e6, written.seconds,
                 static_cast<double>(written.events) / written.seconds,
                 static_cast<double>(written.bytes) / 1e6 / written.seconds);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally_corpus: %s\n", e.what());
    return 1;
  }
  return 0;
}
