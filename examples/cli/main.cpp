// tally — do the figures tally? The command line: it parses options, calls
// the library and maps the outcome to an exit code; nothing else.
#include "commands.hpp"
#include "interrupts.hpp"

#include <tally/tally.hpp>

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <limits>
#include <string>
#include <string_view>

namespace {

const char* const footer = R"(
A claims document is a JSON file (format tally/1) listing what each source
reported about one incident: "at least 200 killed", "181 dead, of whom 124 ...".
See docs/format.md, and examples/hasakah/claims.json for a complete one.

Examples:
  tally check examples/hasakah/claims.json
  tally reconcile examples/hasakah/claims.json --format markdown
  tally batch documents.jsonl --threads 4 > results.jsonl

Exit codes:
  0  valid (check) / every claim can hold together (reconcile)
  1  some claims conflict (reconcile; the report explains them)
  2  the document is invalid, or the command line is wrong
  3  internal error in tally (batch: on some line)
  4  the output could not be written (a full disk, a closed pipe), or batch's input not read
  5  reconcile: stopped at --time-limit, no report
  130, 143  stopped by SIGINT (Ctrl-C) or SIGTERM, with a message on stderr)";

// A whole number in [low, high], written in decimal digits.
template <typename Number>
CLI::Validator whole_number(Number low, Number high, const std::string& range, const std::string& name) {
  return CLI::Validator(
      [low, high, range](const std::string& text) -> std::string {
        Number value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (!text.empty() && ec == std::errc() && end == text.data() + text.size() && value >= low && value <= high)
          return {};
        return "must be a whole number " + range + ", not " + text;
      },
      name);
}

// A cap or a limit: 1 to the largest std::size_t.
const CLI::Validator at_least_one = whole_number<std::size_t>(
    1, std::numeric_limits<std::size_t>::max(),
    "of at least 1 (and at most " + std::to_string(std::numeric_limits<std::size_t>::max()) + ")", "INT>=1");

// A thread count: 0 (every core) to 1024, one rule with the Python package.
const CLI::Validator thread_count = whole_number<unsigned>(0, 1024, "from 0 (every core) to 1024", "0-1024");

// A time in seconds, 0 to 10^9 (not NaN, not infinite).
const CLI::Validator seconds(
    [](const std::string& text) -> std::string {
      char* end = nullptr;
      const double value = std::strtod(text.c_str(), &end);
      if (!text.empty() && *end == '\0' && value >= 0 && value <= 1e9) return {};  // NaN fails both
      return "must be a number of seconds from 0 to 1e9, not " + text;
    },
    "SECONDS");

// An option given twice would silently keep one of its values: refused, by
// name, before CLI11 says it in its own words.
bool refuse_repeated_options(const CLI::App& command, int argc, char** argv) {
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) {
      const std::string flag = "--" + name;
      int seen = 0;
      for (int i = 1; i < argc; ++i) {
        const std::string_view arg(argv[i]);
        if (arg == "--") break;
        seen += arg == flag || (arg.size() > flag.size() && arg.substr(0, flag.size() + 1) == flag + "=");
      }
      if (seen > 1) {
        std::cerr << flag << " is given more than once; give it once.\nRun with --help for more information.\n";
        return true;
      }
    }
  }
  return false;
}

// The solver options shared by `reconcile` and `batch`.
struct solver_flags {
  std::string tolerance;
  std::size_t max_conflicts = tally::options{}.max_conflicts;
  std::size_t max_corrections = tally::options{}.max_corrections;
  std::size_t max_enumeration_work = tally::options{}.max_enumeration_work;
  double enumeration_seconds = 0;
  bool no_estimates = false;

  void add_to(CLI::App& command) {
    command.add_option("--tolerance", tolerance,
                       "Default tolerance of \"about\"/\"nearly\" claims, a fraction in [0, 1) (default 0.1)");
    command.add_option("--max-conflicts", max_conflicts, "Stop listing conflicts after this many (at least 1)")
        ->capture_default_str()
        ->check(at_least_one);
    command.add_option("--max-corrections", max_corrections, "Stop listing corrections after this many (at least 1)")
        ->capture_default_str()
        ->check(at_least_one);
    command
        .add_option("--max-enumeration-work", max_enumeration_work,
                    "Stop listing conflicts and corrections once their checks have visited this many constraint "
                    "rows (a deterministic time limit; the adopted correction is always found)")
        ->capture_default_str()
        ->check(at_least_one);
    command
        .add_option("--enumeration-seconds", enumeration_seconds,
                    "Also stop listing after this many seconds (0: no limit; what is listed can then differ "
                    "between runs)")
        ->capture_default_str()
        ->check(seconds);
    command.add_flag("--no-estimates", no_estimates, "Do not compute a best estimate of each count");
  }

  tally::options to_options() const {
    tally::options opts;
    if (!tolerance.empty()) {
      tally::rational value;
      if (!tally::parse_exact_number(tolerance, value) || value < 0 || value >= 1) {
        throw CLI::ValidationError("--tolerance", "must be a number in [0, 1), such as 0.1, not " + tolerance);
      }
      opts.default_tolerance = value;
    }
    opts.max_conflicts = max_conflicts;
    opts.max_corrections = max_corrections;
    opts.max_enumeration_work = max_enumeration_work;
    opts.enumeration_seconds = enumeration_seconds;
    opts.estimates = !no_estimates;
    return opts;
  }
};

// The document limits (limits.hpp), shared by the three commands.
struct limit_flags {
  tally::limits caps;

  void add_to(CLI::App& command) {
    const auto add = [&command](const std::string& name, std::size_t& into, const std::string& what) {
      command.add_option(name, into, what)->capture_default_str()->check(at_least_one)->group("Limits");
    };
    add("--max-input-bytes", caps.max_input_bytes, "A larger document is not read (input-too-large)");
    add("--max-id-length", caps.max_id_length, "Bytes of any id (id-too-long)");
    add("--max-id-depth", caps.max_id_depth, "Dotted segments of a quantity id (id-too-deep)");
    add("--max-quantities", caps.max_quantities, "Distinct quantities, with their dotted parents (too-many-quantities)");
    add("--max-claims", caps.max_claims, "Claims (too-many-claims)");
    add("--max-time-points", caps.max_time_points, "Distinct as_of time points (too-many-time-points)");
    add("--max-value-digits", caps.max_value_digits, "Every number below 10^N (number-too-large)");
  }
};

int run(int argc, char** argv) {
  CLI::App app{"tally " + std::string(tally::version) +
               " — do the figures tally? Checks casualty figures from different sources against each other "
               "and reports the range of every count, the claims that cannot all be true, and the cheapest "
               "correction.",
               "tally"};
  app.footer(footer);
  app.set_version_flag("--version", std::string(tally::version), "Print the version and exit");
  app.require_subcommand(1);

  std::string file, format = "text";
  unsigned threads = 0;
  solver_flags flags;

  CLI::App* check = app.add_subcommand("check", "Validate a claims document and list every problem in it");
  check->add_option("FILE", file, "The claims document (JSON), or - to read standard input")->required();
  check->add_option("--format", format, "Output: text or json")->check(CLI::IsMember({"text", "json"}));
  limit_flags check_limits;
  check_limits.add_to(*check);

  CLI::App* reconcile = app.add_subcommand("reconcile", "Reconcile the claims of a document and report");
  reconcile->add_option("FILE", file, "The claims document (JSON), or - to read standard input")->required();
  reconcile->add_option("--format", format, "Output: text, json or markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  flags.add_to(*reconcile);
  limit_flags reconcile_limits;
  reconcile_limits.add_to(*reconcile);
  unsigned reconcile_threads = 0;
  reconcile
      ->add_option("--threads", reconcile_threads,
                   "Threads for the document's independent parts (default 0: all cores); the report is the same for any")
      ->capture_default_str()
      ->check(thread_count);
  double reconcile_time_limit = 0;
  reconcile
      ->add_option("--time-limit", reconcile_time_limit,
                   "Stop after this many seconds with exit status 5 and no report (0: no limit)")
      ->capture_default_str()
      ->check(seconds);

  CLI::App* batch = app.add_subcommand("batch", "Reconcile one document per line; print one JSON result per line");
  batch->add_option("FILE", file, "A JSON Lines file (one claims document per line), or -")->required();
  batch->add_option("--threads", threads, "Documents solved at once (default 0: all cores); output is the same for any")
      ->check(thread_count);
  flags.add_to(*batch);
  limit_flags batch_limits;
  batch_limits.add_to(*batch);
  tally::cli::batch_settings batch_settings;
  batch
      ->add_option("--time-limit", batch_settings.batch.time_limit_seconds,
                   "Stop a document after this many seconds and give it a time_limit result (0: no limit)")
      ->capture_default_str()
      ->check(seconds);
  batch
      ->add_option("--max-line-bytes", batch_settings.batch.max_line_bytes,
                   "A longer line is not read: it gets an invalid result (input-too-large)")
      ->capture_default_str()
      ->check(at_least_one);
  batch->add_flag("--quiet", batch_settings.quiet, "No progress bar and no summary on standard error");

  tally::cli::reconcile_settings settings;
  const auto is_command = [&app](const std::string& name) {
    for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; }))
      if (command->get_name() == name) return true;
    return false;
  };
  if (argc > 1 && argv[1][0] != '-' && !is_command(argv[1])) {
    std::cerr << "tally: unknown command \"" << argv[1] << "\": use check, reconcile or batch (tally --help)\n";
    return tally::cli::exit_invalid;
  }
  for (const CLI::App* command : {check, reconcile, batch})
    if (argc > 1 && command->get_name() == argv[1] && refuse_repeated_options(*command, argc, argv))
      return tally::cli::exit_invalid;
  try {
    app.parse(argc, argv);
    settings.format = tally::report_format_from_string(format);
    settings.solver = flags.to_options();
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : tally::cli::exit_invalid;
  }

  settings.solver.stop = tally::cli::interrupt_token();
  if (check->parsed()) return tally::cli::run_check(file, format, check_limits.caps);
  if (reconcile->parsed()) {
    settings.solver.document_limits = reconcile_limits.caps;
    settings.solver.threads = reconcile_threads;
    settings.solver.time_limit_seconds = reconcile_time_limit;
    return tally::cli::run_reconcile(file, settings);
  }
  batch_settings.batch.solver = settings.solver;
  batch_settings.batch.threads = threads;
  batch_settings.batch.solver.document_limits = batch_limits.caps;
  return tally::cli::run_batch(file, batch_settings);
}

}  // namespace

int main(int argc, char** argv) {
  tally::cli::install_interrupts();
  try {
    const int code = run(argc, argv);
    tally::cli::finish_interrupts();
    return code;
  } catch (const std::exception& e) {
    std::cerr << "tally: internal error: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "tally: internal error\n";
  }
  tally::cli::finish_interrupts();
  return tally::cli::exit_internal;
}
