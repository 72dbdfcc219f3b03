// tally/options.hpp — the knobs of a reconciliation, each with its default.
#pragma once

#include <tally/limits.hpp>
#include <tally/numbers.hpp>

#include <cstddef>
#include <stop_token>

namespace tally {

struct options {
  /// τ for `about` and `nearly` claims that give no `tolerance`: 1/10.
  rational default_tolerance{1, 10};
  /// At most this many minimal conflicts are enumerated; past it the result
  /// says `complete: false` (the first conflict and the ranges stay exact).
  /// The first conflict is always reported, so 0 acts as 1.
  std::size_t max_conflicts = 100;
  /// At most this many minimal corrections are enumerated (same rule). The
  /// adopted correction is always reported, so 0 acts as 1.
  std::size_t max_corrections = 100;
  /// Enumeration (not the adopted correction, its proof or the ranges) stops
  /// once its consistency checks have visited this many constraint rows in
  /// all: a deterministic bound on its time that grows with the document
  /// (a few seconds on one core: docs/performance.md). Past it the result
  /// says `complete: false`.
  std::size_t max_enumeration_work = 20'000'000;
  /// Enumeration also stops after this many seconds of wall-clock time
  /// (0: no limit). Unlike the other caps this one depends on the machine, so
  /// how much is listed can differ between runs; what is listed stays exact.
  double enumeration_seconds = 0;
  /// Compute a best point estimate per quantity and time point.
  bool estimates = true;
  /// Worker threads for independent parts of the problem; 0 = all cores.
  /// The result is byte-identical whatever the thread count.
  unsigned threads = 1;
  /// Finish within this many seconds of wall-clock time (0: no limit).
  /// Listing conflicts and corrections stops at half of it and explaining
  /// them at three quarters (an exact partial result, `complete: false`);
  /// what cannot be cut short (the ranges, the adopted correction and its
  /// proof) stops with tally::stopped at the limit. Checked between the
  /// solver's steps (pivots, branch nodes, propagation rounds, feasibility
  /// checks), so it is overrun by at most about one step.
  double time_limit_seconds = 0;
  /// Stop with tally::stopped as soon as a stop is requested on this token's
  /// source (from another thread: a user's Ctrl-C, a server's cancel).
  std::stop_token stop;
  /// The limits the document must keep within (limits.hpp): reconcile()
  /// validates against them, so a claim_set past one is `invalid` with a
  /// diagnostic naming it. Parse with the same limits
  /// (parse_claims(text, opts.document_limits)); the batch engine does.
  limits document_limits;
};

}  // namespace tally
