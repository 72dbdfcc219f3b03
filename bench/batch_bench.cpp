// tally_batch_bench: `tally batch` on a generated corpus, in one command.
//
// Writes N events (default 1,000,000; corpus.hpp) to a file in a
// temporary directory, timing the generator; runs `TALLY batch FILE
// --threads 2` in a forked child (child_measurement.hpp's measure_command:
// wall time and the child's peak resident set) with its output to a file;
// then, on the first M events (--identity-events, default 20,000),
// `--threads 1` and `--threads 2`, whose outputs must be byte-identical
// (the whole corpus on one thread would take too long); and reads the
// whole output: one line per event, and the share of each status.
//
// Prints one markdown section, with the targets (1,000,000 events in under
// 60 s on 2 cores; peak memory under 500 MB whatever N) marked "met" or
// "**not met**"; progress goes to stderr. The exit status is 1 if a run
// fails, the output has another number of lines than the corpus, a line is
// invalid or an error, the two thread counts disagree, or the generator
// does not repeat itself; a missed target is reported, not a failure.
// --help lists the options.
#include "child_measurement.hpp"
#include "corpus.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using tally::bench::format_time;
using tally::bench::measurement;
using tally::bench::with_commas;

// The tally command of the build tree this bench was built in (CMake passes
// its path, and builds it with the bench); else build/tally from here.
const char* default_tally() {
#ifdef TALLY_COMMAND
  return TALLY_COMMAND;
#else
  return "build/tally";
#endif
}

struct settings {
  tally::bench::corpus_settings corpus{.events = 1000000};
  unsigned threads = 2;
  std::size_t identity_events = 20000;
  std::string tally = default_tally();
  std::string dir;  // empty: a temporary directory, removed at the end
  bool keep = false;
  double timeout = 3600, memory_limit_gib = 8;
  std::vector<std::string> batch_options;  // after --, passed to every tally batch
};

const char* met(bool ok) { return ok ? "met" : "**not met**"; }

std::string mib(long kib) { return kib < 0 ? "—" : with_commas(static_cast<std::size_t>(kib) / 1024) + " MiB"; }

std::string rate(double per_second) { return with_commas(static_cast<std::size_t>(per_second + 0.5)); }

std::string percent(std::size_t part, std::size_t whole) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
  return buffer;
}

tally::bench::corpus_written write_corpus_file(const tally::bench::corpus_settings& corpus, const std::string& path) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (!out) throw tally::error("cannot write " + path);
  const tally::bench::corpus_written written = tally::bench::write_corpus(corpus, out);
  if (std::fclose(out) != 0) throw tally::error("cannot close " + path);
  return written;
}

// Whether the file at `path` begins with the whole of the file at
// `prefix_path` (and has nothing more, when `whole`).
bool begins_with(const std::string& path, const std::string& prefix_path, bool whole) {
  std::ifstream in(path, std::ios::binary), prefix(prefix_path, std::ios::binary);
  if (!in || !prefix) return false;
  std::vector<char> a(1 << 20), b(1 << 20);
  for (;;) {
    prefix.read(b.data(), static_cast<std::streamsize>(b.size()));
    const std::streamsize got = prefix.gcount();
    if (got == 0) return !whole || in.peek() == std::char_traits<char>::eof();
    in.read(a.data(), got);
    if (in.gcount() != got || !std::equal(b.begin(), b.begin() + got, a.begin())) return false;
  }
}

// The lines of a batch's output and the share of each status, read from
// each line's first "status":"…" (the result's own, before its claims);
// "other" is any other status ("error") or none.
struct output_scan {
  std::size_t lines = 0;
  std::map<std::string, std::size_t> statuses{{"consistent", 0}, {"conflicting", 0}, {"invalid", 0}, {"other", 0}};
  std::string first_other;  // the first such line (its start), to say what went wrong
  std::size_t first_other_line = 0;
};

output_scan scan_output(const std::string& path) {
  output_scan scan;
  std::ifstream in(path, std::ios::binary);
  const std::string key = "\"status\":\"";
  for (std::string line; std::getline(in, line);) {
    ++scan.lines;
    std::string status = "other";
    const std::size_t at = line.find(key);
    if (at != std::string::npos) {
      const std::size_t from = at + key.size();
      const std::string found = line.substr(from, line.find('"', from) - from);
      if (scan.statuses.count(found)) status = found;
    }
    if (status == "other" && scan.first_other.empty()) {
      scan.first_other = line.substr(0, 300);
      scan.first_other_line = scan.lines;
    }
    ++scan.statuses[status];
  }
  return scan;
}

struct batch_run {
  std::string what;
  std::size_t events = 0;
  unsigned threads = 0;
  std::string output;
  measurement m;
  long bench_kib = 0;  // the bench's resident set at the fork: the least peak it can report
};

batch_run run_batch(const settings& s, const std::string& what, const std::string& input, std::size_t events,
                    unsigned threads, const std::string& output) {
  std::vector<std::string> argv{s.tally, "batch", input, "--threads", std::to_string(threads)};
  argv.insert(argv.end(), s.batch_options.begin(), s.batch_options.end());
  std::fprintf(stderr, "  tally batch, %s, %s events, --threads %u ...\n", what.c_str(), with_commas(events).c_str(), threads);
  batch_run run{what, events, threads, output, {}, tally::bench::status_kib("VmRSS:")};
  run.m = tally::bench::measure_command(argv, output, output + ".stderr", s.timeout, s.memory_limit_gib);
  return run;
}

bool succeeded(const batch_run& run) { return run.m.what == measurement::outcome::done && run.m.exit_status == 0; }

std::string outcome(const batch_run& run, double timeout) {
  switch (run.m.what) {
    case measurement::outcome::timeout: return "timeout (> " + format_time(timeout) + ")";
    case measurement::outcome::failed: return "failed: " + run.m.error;
    default: return run.m.exit_status == 0 ? "done" : "exit status " + std::to_string(run.m.exit_status);
  }
}

void print_run_row(const batch_run& run, double timeout) {
  const bool done = run.m.what == measurement::outcome::done;
  const double seconds = run.m.seconds, events = static_cast<double>(run.events);
  std::string time = done ? format_time(seconds) : outcome(run, timeout);
  if (done && run.m.exit_status != 0) time += " (" + outcome(run, timeout) + ")";
  // a run killed by the memory limit still has its peak
  const std::string peak = run.m.peak_kib >= 0 && run.m.peak_kib <= run.bench_kib ? "≤ " + mib(run.bench_kib) : mib(run.m.peak_kib);
  std::printf("| %s | %s | %u | %s | %s | %s | %s |\n", run.what.c_str(), with_commas(run.events).c_str(), run.threads,
              time.c_str(), done ? rate(events / seconds).c_str() : "—", done ? format_time(seconds / events).c_str() : "—",
              peak.c_str());
}

// The last lines tally wrote to standard error, if any.
void print_stderr_tail(const batch_run& run) {
  std::ifstream in(run.output + ".stderr");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  if (lines.empty()) return;
  std::printf("\n`tally batch` (%s) on standard error%s:\n\n```\n", run.what.c_str(), lines.size() > 10 ? ", last 10 lines" : "");
  for (std::size_t i = lines.size() > 10 ? lines.size() - 10 : 0; i < lines.size(); ++i) std::printf("%s\n", lines[i].c_str());
  std::printf("```\n");
}

const char* usage_options =
    "  --threads N         the threads of the measured run (default 2)\n"
    "  --identity-events M --threads 1 against --threads N on the first M events (default 20,000)\n"
    "  --tally PATH        the tally command (default: %s)\n"
    "  --dir DIR           write the corpus and outputs into DIR, made if need be (default: a\n"
    "                      temporary directory, removed at the end); a million events take about\n"
    "                      2 GB in, 7 GB out\n"
    "  --keep              keep the files\n"
    "  --timeout S         stop a tally batch run after S seconds (default 3600)\n"
    "  --memory-limit G    address-space limit of each tally batch run, GiB (default 8; 0: none)\n"
    "  -- OPTIONS...       passed to every tally batch run (e.g. -- --no-estimates)\n";

void print_usage(std::FILE* to) {
  std::fputs("usage: tally_batch_bench [options] [-- tally batch options]\n", to);
  std::fprintf(to, tally::bench::corpus_options_usage, "1,000,000");
  std::fprintf(to, usage_options, default_tally());
}

settings read_settings(int argc, char** argv) {
  settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    if (tally::bench::read_corpus_option(arg, value, s.corpus)) continue;
    if (arg == "--threads") s.threads = static_cast<unsigned>(std::max<std::size_t>(1, tally::bench::to_count(value())));
    else if (arg == "--identity-events") s.identity_events = tally::bench::to_count(value());
    else if (arg == "--tally") s.tally = value();
    else if (arg == "--dir") s.dir = value();
    else if (arg == "--keep") s.keep = true;
    else if (arg == "--timeout") s.timeout = std::stod(value());
    else if (arg == "--memory-limit") s.memory_limit_gib = std::stod(value());
    else if (arg == "--") s.batch_options.assign(argv + i + 1, argv + argc), i = argc;
    else throw std::invalid_argument("unknown option " + arg);
  }
  if (s.corpus.events == 0) throw std::invalid_argument("--events needs at least one event");
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc && std::string(argv[i]) != "--"; ++i)
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      print_usage(stdout);
      return 0;
    }
  settings s;
  try {
    s = read_settings(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally_batch_bench: %s\n", e.what());
    print_usage(stderr);
    return 2;
  }
  if (access(s.tally.c_str(), X_OK) != 0) {
    std::fprintf(stderr, "tally_batch_bench: no tally command at %s (build it, or give --tally PATH)\n", s.tally.c_str());
    return 2;
  }
  const bool temporary = s.dir.empty();
  if (temporary) {
    std::string pattern = (std::filesystem::temp_directory_path() / "tally-batch-bench.XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      std::fprintf(stderr, "tally_batch_bench: cannot make a temporary directory\n");
      return 2;
    }
    s.dir = pattern;
  } else {
    std::error_code ec;
    std::filesystem::create_directories(s.dir, ec);
  }
  const std::filesystem::path dir(s.dir);
  const std::string corpus = dir / "corpus.jsonl", head = dir / "corpus-head.jsonl", results = dir / "results.jsonl";
  const std::size_t head_events = std::min(s.identity_events, s.corpus.events);
  // every file written, for removal
  std::vector<std::string> files{corpus, head};
  for (const std::string& output : {results, (dir / "head-threads-1.jsonl").string(), (dir / "head-threads-n.jsonl").string()})
    files.insert(files.end(), {output, output + ".stderr"});
  bool failed = false;
  try {
    std::fprintf(stderr, "  writing %s events to %s ...\n", with_commas(s.corpus.events).c_str(), corpus.c_str());
    const tally::bench::corpus_written written = write_corpus_file(s.corpus, corpus);
    tally::bench::corpus_settings head_corpus = s.corpus;
    head_corpus.events = head_events;
    write_corpus_file(head_corpus, head);
    const bool generator_repeats = begins_with(corpus, head, head_events == s.corpus.events);

    const batch_run all = run_batch(s, "every event", corpus, s.corpus.events, s.threads, files[2]);
    const std::string head_what = head_events == s.corpus.events ? "every event" : "first " + with_commas(head_events);
    const batch_run one = run_batch(s, head_what, head, head_events, 1, files[4]);
    const batch_run many = run_batch(s, head_what, head, head_events, s.threads, files[6]);
    std::fprintf(stderr, "  reading the output ...\n");
    const output_scan scan = scan_output(results);
    const bool identical = succeeded(one) && succeeded(many) && begins_with(one.output, many.output, true);

    std::printf("## `tally batch` on %s generated events\n\n", with_commas(s.corpus.events).c_str());
    std::printf("Corpus: %s %s (seed %llu, each contradicted with probability %g), %s MB, written in %s: "
                "%s events/s, %.0f MB/s. Its first %s events written again: %s.\n\n",
                with_commas(s.corpus.events).c_str(),
                s.corpus.large_variables ? ("documents of about " + with_commas(s.corpus.large_variables) + " variables").c_str()
                                         : "small events",
                static_cast<unsigned long long>(s.corpus.seed), s.corpus.contradicted,
                with_commas(written.bytes / 1000000).c_str(), format_time(written.seconds).c_str(),
                rate(static_cast<double>(written.events) / written.seconds).c_str(),
                static_cast<double>(written.bytes) / 1e6 / written.seconds, with_commas(head_events).c_str(),
                generator_repeats ? "byte-identical" : "**DIFFERENT** (the generator is not deterministic)");
    std::string command = s.tally + " batch FILE --threads N";
    for (const std::string& option : s.batch_options) command += " " + option;
    std::printf("Each run is `%s` in a forked child. Mean per event: wall time / events. Peak memory: the child's "
                "largest resident set (ru_maxrss).\n\n",
                command.c_str());
    std::printf("| run | events | threads | wall time | events/s | mean per event | peak memory |\n");
    std::printf("|---|--:|--:|--:|--:|--:|--:|\n");
    for (const batch_run* run : {&all, &one, &many}) print_run_row(*run, s.timeout);

    std::printf("\nTargets: ");
    if (succeeded(all)) {
      const double million_seconds = all.m.seconds * 1e6 / static_cast<double>(s.corpus.events);
      std::printf("1,000,000 events in under 60 s on 2 cores: %s (%s", met(s.threads <= 2 && million_seconds < 60),
                  format_time(million_seconds).c_str());
      if (s.corpus.events != 1000000) std::printf(", extrapolated from %s events", with_commas(s.corpus.events).c_str());
      if (s.threads > 2) std::printf(", on %u threads", s.threads);
      std::printf(")");
    } else {
      std::printf("1,000,000 events in under 60 s on 2 cores: **not met** (not measured: %s)", outcome(all, s.timeout).c_str());
    }
    long peak = 0;
    for (const batch_run* run : {&all, &one, &many}) peak = std::max(peak, run->m.peak_kib);
    const long limit_kib = 500L * 1000 * 1000 / 1024;
    std::printf("; peak memory under 500 MB (%s MiB) in every run: %s (largest %s%s).\n\n", with_commas(limit_kib / 1024).c_str(),
                met(succeeded(all) && peak < limit_kib), mib(peak).c_str(), succeeded(all) ? "" : ", until the run failed");

    const bool one_line_each = scan.lines == s.corpus.events;
    std::printf("Output: %s lines for %s events: %s. Statuses (each line's first \"status\"): consistent %s, "
                "conflicting %s, invalid %s, other %s.\n\n",
                with_commas(scan.lines).c_str(), with_commas(s.corpus.events).c_str(),
                one_line_each ? "one per event" : "**NOT one per event**",
                percent(scan.statuses.at("consistent"), scan.lines).c_str(),
                percent(scan.statuses.at("conflicting"), scan.lines).c_str(),
                percent(scan.statuses.at("invalid"), scan.lines).c_str(), percent(scan.statuses.at("other"), scan.lines).c_str());
    if (!scan.first_other.empty())
      std::printf("The first line of another status, line %s: `%s`\n\n", with_commas(scan.first_other_line).c_str(),
                  scan.first_other.c_str());
    std::printf("--threads 1 against --threads %u on %s events: %s", s.threads,
                head_events == s.corpus.events ? "every one of the" : ("the first " + with_commas(head_events)).c_str(),
                identical ? "byte-identical output" : "**OUTPUT DIFFERS** (or a run failed)");
    if (head_events < s.corpus.events && succeeded(one))
      std::printf(" (the whole corpus on one thread would take about %s at that rate, so only the first %s)",
                  format_time(one.m.seconds * static_cast<double>(s.corpus.events) / static_cast<double>(head_events)).c_str(),
                  with_commas(head_events).c_str());
    std::printf(".\n");
    print_stderr_tail(all);

    failed = !succeeded(all) && all.m.what != measurement::outcome::timeout;
    failed = failed || !succeeded(one) || !succeeded(many) || !identical || !generator_repeats;
    failed = failed || (succeeded(all) && !one_line_each) || scan.statuses.at("invalid") || scan.statuses.at("other");
    std::printf(failed ? "\nFAILED: see above\n" : "\n");
    if (s.keep) std::fprintf(stderr, "  the files are in %s\n", s.dir.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tally_batch_bench: %s\n", e.what());
    failed = true;
  }
  if (!s.keep) {
    std::error_code ignored;
    for (const std::string& file : files) std::filesystem::remove(file, ignored);
    if (temporary) std::filesystem::remove(dir, ignored);
  }
  return failed ? 1 : 0;
}
