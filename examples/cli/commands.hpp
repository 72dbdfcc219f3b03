// The three commands of `tally`, each mapping its outcome to an exit code.
#pragma once

#include <tally/batch.hpp>
#include <tally/limits.hpp>
#include <tally/options.hpp>
#include <tally/report.hpp>

#include <string>

namespace tally::cli {

/// The exit codes, as documented in `tally --help` and docs/cli.md.
enum exit_code : int {
  exit_consistent = 0,   ///< valid (check) or consistent (reconcile)
  exit_conflicting = 1,  ///< some claims cannot all be true
  exit_invalid = 2,      ///< the document is invalid, or the command line is wrong
  exit_internal = 3,     ///< a fault inside tally
  exit_io = 4,           ///< the output could not be written (a full disk, a closed pipe), or batch input not read
  exit_time_limit = 5,   ///< reconcile stopped at --time-limit
  // 128 + the signal (130 SIGINT, 143 SIGTERM): stopped by a signal (interrupts.hpp)
};

struct reconcile_settings {
  report_format format = report_format::text;
  options solver;  ///< its document_limits are also those the file is read with
};

/// `tally check FILE [--format text|json] [limits]`.
int run_check(const std::string& file, const std::string& format, const limits& caps);

/// `tally reconcile FILE [--format …] [solver options]`.
int run_reconcile(const std::string& file, const reconcile_settings& settings);

struct batch_settings {
  batch_options batch;
  bool quiet = false;  ///< no progress bar, no summary
};

/// `tally batch FILE.jsonl [--threads N] [--time-limit S] [solver options]`:
/// one JSON result per input line, in input order, whatever the thread count.
int run_batch(const std::string& file, const batch_settings& settings);

}  // namespace tally::cli
