// tally/batch.hpp — many documents, one result each, in input order.
//
// A recorder's dataset is a stream of events, one claims document each. The
// batch engine reconciles them on several threads while holding at most a
// window of documents at once, so memory is bounded by the window and the
// thread count, never by the length of the stream. Results come back in the
// order the documents went in, each as one line of JSON that starts with the
// document's input line and event id; they are byte-identical whatever the
// thread count (unless a time limit is reached: how far a solve gets in a
// given time depends on the machine).
//
//   tally::batch_options opts;                 // every core, a window of 64 per thread
//   tally::batch_summary summary = tally::reconcile_lines(std::cin, std::cout, opts);
//   std::cerr << tally::render_summary(summary);
//
// A program that produces documents itself (the Python package does) drives
// a batch_engine directly: submit while it has room, then take the oldest.
#pragma once

#include <tally/options.hpp>

#include <array>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

/// What became of one document of a batch.
enum class batch_status {
  consistent,   ///< reconciled: every claim can hold together
  conflicting,  ///< reconciled: some claims conflict
  invalid,      ///< not a valid document; its diagnostics say why
  time_limit,   ///< stopped at batch_options::time_limit_seconds; nothing of it is kept
  stopped,      ///< stopped on request (batch_options::solver.stop); nothing of it is kept
  error,        ///< an internal fault of tally on this document (please report it)
};

inline constexpr std::size_t batch_status_count = 6;
static_assert(static_cast<std::size_t>(batch_status::error) + 1 == batch_status_count, "error is the last status");

/// "consistent", "conflicting", "invalid", "time_limit", "stopped", "error".
std::string_view to_string(batch_status s);

struct batch_options {
  /// How each document is reconciled. `solver.threads` is not used: each
  /// document is solved on one thread, and `threads` documents at once.
  /// `solver.time_limit_seconds` is replaced by `time_limit_seconds`.
  /// Each document is read and reconciled within `solver.document_limits`
  /// (limits.hpp); past one it gets an `invalid` result naming the limit.
  options solver;
  /// Documents reconciled at once; 0 = every core.
  unsigned threads = 0;
  /// At most this many documents are held at once: read and waiting,
  /// being solved, or solved and waiting for an earlier one to finish.
  /// 0 = 64 per thread. A slow document holds back the output of the
  /// documents after it, never more than the window.
  std::size_t window = 0;
  /// Each document is stopped after this many seconds (0: no limit); it
  /// then gets a `time_limit` result and the batch goes on.
  double time_limit_seconds = 0;
  /// A line longer than this is not read into memory: it gets an `invalid`
  /// result (code "input-too-large") and the batch goes on.
  std::size_t max_line_bytes = std::size_t{64} << 20;
};

/// One document's result.
struct batch_outcome {
  /// The document's number in the input, from 1 (its line in a JSON Lines file).
  std::size_t line = 0;
  /// The document's event id as written, even when the document is
  /// invalid; empty when it has none or its text is not a JSON object.
  std::string event;
  batch_status status = batch_status::error;
  /// Wall-clock seconds spent on it (not part of `json`, which is
  /// deterministic).
  double seconds = 0;
  /// The result as one line of JSON without the newline:
  /// `{"line":N,"event":ID|null,` then the fields of the JSON report
  /// (report.hpp), or `"status"` and a `"message"` for `time_limit`,
  /// `stopped` and `error`.
  std::string json;
};

/// Reconciles documents on worker threads, handing results back in the
/// order the documents were submitted. Not itself thread-safe: one thread
/// submits and takes.
class batch_engine {
 public:
  explicit batch_engine(const batch_options& opts = {});
  /// Stops the documents being solved (as on options.stop) and drops
  /// every result not taken, so that an abandoned batch ends at once.
  ~batch_engine();
  batch_engine(const batch_engine&) = delete;
  batch_engine& operator=(const batch_engine&) = delete;

  /// True while fewer than the window's documents are held.
  bool has_room() const;
  /// Queues one document (JSON text) with its input line number. Holding
  /// more than the window is allowed but defeats the memory bound.
  void submit(std::string document_text, std::size_t line);
  /// Queues an outcome decided without solving (a line too long to read),
  /// to come back in its place.
  void submit_result(batch_outcome outcome);
  /// Documents submitted and not yet taken.
  std::size_t held() const;
  /// The oldest document's outcome, waiting for it to be solved.
  /// Throws tally::error when nothing is held.
  batch_outcome take();
  /// The same, waiting at most `seconds`; empty if the oldest document is
  /// not done by then (so that a caller can look at its own signals, such
  /// as Python's Ctrl-C, between waits).
  std::optional<batch_outcome> take_for(double seconds);

 private:
  struct state;
  std::unique_ptr<state> state_;
};

/// Reconciles one document's JSON text on the calling thread, as the
/// engine's workers do.
batch_outcome reconcile_one(std::string_view document_text, std::size_t line, const batch_options& opts);

/// Counts by status, time, and the slowest documents of a batch.
struct batch_summary {
  struct slow_document {
    std::size_t line = 0;
    std::string event;
    double seconds = 0;
  };
  std::size_t documents = 0;
  /// Documents by status, indexed by batch_status (see count()).
  std::array<std::size_t, batch_status_count> by_status{};
  double seconds = 0;  ///< wall-clock time of the whole batch
  /// reconcile_lines stopped on request (batch_options::solver.stop) before
  /// the end of its input: what it wrote is the whole results of the first
  /// `documents` lines, and nothing after them.
  bool stopped = false;
  double solving_seconds = 0;  ///< the documents' own times, summed
  /// The slowest documents, slowest first (at most `slowest_kept`).
  std::vector<slow_document> slowest;
  static constexpr std::size_t slowest_kept = 5;
  /// The documents' times in buckets of about 9% (eight to each doubling,
  /// from 1 µs), so that the median and the tail take fixed memory however
  /// many documents there are.
  static constexpr std::size_t buckets_per_doubling = 8;
  std::array<std::size_t, 8 * 48> time_buckets{};

  /// The time within which this share (0–1) of the documents was solved,
  /// rounded up to its bucket's end (at most 9% over); 0 when none was.
  double seconds_at(double share) const;

  std::size_t count(batch_status s) const { return by_status[static_cast<std::size_t>(s)]; }
  /// Counts one outcome in.
  void add(const batch_outcome& outcome);
};

/// The summary in a few lines for a person (stderr of `tally batch`).
std::string render_summary(const batch_summary& summary);

/// Progress so far, for a progress bar.
struct batch_progress {
  std::size_t documents = 0;   ///< results written
  std::size_t bytes_read = 0;  ///< input consumed
  std::size_t bytes_total = 0; ///< the input's size when known (a file), else 0
  double seconds = 0;          ///< since the batch began
};

/// One line for a progress bar, without a line end: "[####    ] 41%
/// 12,345 documents, 2,100/s, 0:06 left" (the share and the time left when
/// the input's size is known).
std::string render_progress(const batch_progress& progress);

struct batch_stream_options {
  /// Size of the input in bytes when known (a regular file), for progress.
  std::size_t input_bytes = 0;
  /// Called after results are written, at most about ten times a second.
  std::function<void(const batch_progress&)> progress;
};

/// Reads JSON Lines from `in` (one document per line; `\n` or `\r\n`; an
/// empty line is an `invalid` document, so line numbers stay aligned) and
/// writes one result line per document to `out`, in input order, streaming.
/// Throws tally::error when `out` fails (a full disk, a closed pipe) or `in`
/// cannot be read; the summary counts what was written before. A stop
/// requested on `opts.solver.stop` ends it at once: no more lines are read,
/// the documents in progress are dropped, and the summary says `stopped`.
batch_summary reconcile_lines(std::istream& in, std::ostream& out, const batch_options& opts,
                              const batch_stream_options& stream = {});

}  // namespace tally
