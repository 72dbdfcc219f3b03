// tally — do the figures tally? The command line: it parses options, calls
// the library and maps the outcome to an exit code; nothing else.
#include "commands.hpp"
#include "interrupts.hpp"

#include <tally/tally.hpp>

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <string>

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

// A cap on listed conflicts or corrections: a whole number, 1 or more.
const CLI::Validator at_least_one(
    [](const std::string& text) -> std::string {
      const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
      if (digits && text.find_first_not_of('0') != std::string::npos) return {};
      return "must be a whole number of at least 1, not " + text;
    },
    "INT>=1");

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
        ->check(CLI::Range(0.0, 1e9));
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

  CLI::App* reconcile = app.add_subcommand("reconcile", "Reconcile the claims of a document and report");
  reconcile->add_option("FILE", file, "The claims document (JSON), or - to read standard input")->required();
  reconcile->add_option("--format", format, "Output: text, json or markdown")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  flags.add_to(*reconcile);
  unsigned reconcile_threads = 0;
  reconcile
      ->add_option("--threads", reconcile_threads,
                   "Threads for the document's independent parts (default 0: all cores); the report is the same for any")
      ->capture_default_str();
  double reconcile_time_limit = 0;
  reconcile
      ->add_option("--time-limit", reconcile_time_limit,
                   "Stop after this many seconds with exit status 5 and no report (0: no limit)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));

  CLI::App* batch = app.add_subcommand("batch", "Reconcile one document per line; print one JSON result per line");
  batch->add_option("FILE", file, "A JSON Lines file (one claims document per line), or -")->required();
  batch->add_option("--threads", threads, "Documents solved at once (default 0: all cores); output is the same for any");
  flags.add_to(*batch);
  tally::cli::batch_settings batch_settings;
  batch
      ->add_option("--time-limit", batch_settings.batch.time_limit_seconds,
                   "Stop a document after this many seconds and give it a time_limit result (0: no limit)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
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
  try {
    app.parse(argc, argv);
    settings.format = tally::report_format_from_string(format);
    settings.solver = flags.to_options();
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : tally::cli::exit_invalid;
  }

  settings.solver.stop = tally::cli::interrupt_token();
  if (check->parsed()) return tally::cli::run_check(file, format);
  if (reconcile->parsed()) {
    settings.solver.threads = reconcile_threads;
    settings.solver.time_limit_seconds = reconcile_time_limit;
    return tally::cli::run_reconcile(file, settings);
  }
  batch_settings.batch.solver = settings.solver;
  batch_settings.batch.threads = threads;
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
