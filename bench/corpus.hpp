// Corpora for `tally batch`: generated claims documents written one per line
// (JSON Lines), deterministic from a seed (the same settings give the same
// bytes), made and written one at a time so that memory does not grow with
// the number of events. Shared by tally_corpus and tally_batch_bench.
//
// Small events (the default) are those of random_documents.hpp's
// small_event_shape: a category tree of 3–30 quantities, 1–6 sources, 1–4
// dates, 5–20 claims true of a hidden history of running counts; a share of
// them (`contradicted`) then gets one or two contradicting claims. Such a
// contradiction can still be satisfiable, so fewer events conflict than are
// contradicted, about 0.92 × the share: on 20,000 events of seed 1,
// `tally batch` found 27.7% conflicting at --conflicting 0.3 (30.3%
// contradicted, 91.5% of them conflicting), 92.1% at 1, none at 0. Large
// events (`large_variables`) are regions × 14 categories × 60 months
// documents (grid_document.hpp) of about that many variables, each from a
// seed of its own; a contradicted one gets three disputes and always
// conflicts.
#pragma once

#include "document_json.hpp"
#include "grid_document.hpp"
#include "random_documents.hpp"

#include <tally/tally.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>

namespace tally::bench {

struct corpus_settings {
  std::size_t events = 1000;
  std::uint64_t seed = 1;
  double contradicted = 0.3;       // the probability that an event is contradicted
  std::size_t large_variables = 0;  // 0: small events
  bool check_every_line = false;    // read every line back, not only every 1000th
};

/// The corpus's documents in order.
class corpus_events {
 public:
  explicit corpus_events(const corpus_settings& settings)
      : settings_(settings), small_(settings.seed, small_shape(settings.contradicted)), large_(settings.seed) {}

  tally::claim_set next() {
    const std::size_t index = index_++;
    if (!settings_.large_variables) return small_.make(index);
    const std::uint64_t seed = large_();
    const bool contradicted = chance(large_, settings_.contradicted);
    const std::size_t regions = grid_regions(settings_.large_variables);
    tally::claim_set doc = grid_document(
        {.regions = regions, .months = 60, .conflicts = contradicted ? std::min<std::size_t>(3, regions) : 0, .seed = seed});
    doc.event.id = "grid-" + std::to_string(index);
    return doc;
  }

 private:
  static random_document_shape small_shape(double contradicted) {
    random_document_shape shape = small_event_shape();
    shape.contradict_share = contradicted;
    return shape;
  }

  corpus_settings settings_;
  std::size_t index_ = 0;
  random_document_maker small_;
  std::mt19937_64 large_;
};

struct corpus_written {
  std::size_t events = 0, bytes = 0;
  double seconds = 0;
};

/// Writes the corpus to `out`, checking that the first line and every
/// 1000th (or every line) read back with tally::parse_claims.
inline corpus_written write_corpus(const corpus_settings& settings, std::FILE* out) {
  const auto start = std::chrono::steady_clock::now();
  corpus_events events(settings);
  corpus_written written;
  // Lines gather into chunks of about 1 MiB, one write each, whatever the stream's buffer.
  constexpr std::size_t chunk_bytes = 1 << 20;
  std::string chunk;
  auto flush = [&] {
    if (std::fwrite(chunk.data(), 1, chunk.size(), out) != chunk.size())
      throw tally::error(std::string("cannot write the corpus: ") + std::strerror(errno));
    written.bytes += chunk.size();
    chunk.clear();
  };
  for (std::size_t i = 0; i < settings.events; ++i) {
    const tally::claim_set doc = events.next();
    const std::size_t line_start = chunk.size();
    append_json(chunk, doc, json_layout::one_line);
    if (settings.check_every_line || i % 1000 == 0) check_reads_back(chunk.substr(line_start), doc);
    if (chunk.size() >= chunk_bytes) flush();
  }
  flush();
  if (std::fflush(out) != 0) throw tally::error(std::string("cannot write the corpus: ") + std::strerror(errno));
  written.events = settings.events;
  written.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return written;
}

inline std::size_t to_count(const std::string& text) {
  std::size_t used = 0;
  const unsigned long long n = std::stoull(text, &used);
  if (used != text.size() || text.front() == '-') throw std::invalid_argument("not a count: " + text);
  return static_cast<std::size_t>(n);
}

/// Reads one corpus option into `settings` (`value` gives the option's
/// value); false when `arg` is not one. Throws std::invalid_argument on a
/// bad value.
inline bool read_corpus_option(const std::string& arg, const std::function<std::string()>& value,
                               corpus_settings& settings) {
  if (arg == "--events") settings.events = to_count(value());
  else if (arg == "--seed") settings.seed = to_count(value());
  else if (arg == "--large") settings.large_variables = to_count(value());
  else if (arg == "--check") settings.check_every_line = true;
  else if (arg == "--conflicting") {
    const std::string text = value();
    std::size_t used = 0;
    const double p = std::stod(text, &used);
    if (used != text.size() || !(p >= 0 && p <= 1)) throw std::invalid_argument("--conflicting needs a share from 0 to 1");
    settings.contradicted = p;
  } else return false;
  return true;
}

inline constexpr const char* corpus_options_usage =
    "  --events N          N events (default %s)\n"
    "  --seed S            the corpus's seed (default 1): the same settings give the same bytes\n"
    "  --conflicting P     each event contradicted with probability P (default 0.3); about 0.92 P\n"
    "                      of the small events conflict\n"
    "  --large VARS        every event a regions x 14 categories x 60 months document of about\n"
    "                      VARS variables (at least 900) instead of a small event\n"
    "  --check             read every line back with tally::parse_claims (default: every 1000th)\n";

}  // namespace tally::bench
