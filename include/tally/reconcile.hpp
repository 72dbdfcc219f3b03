// tally/reconcile.hpp — the one entry point: do the figures tally?
//
//   auto parsed = tally::parse_claims_file("examples/hasakah/claims.json");
//   tally::result r = tally::reconcile(*parsed.document);
//   // r.status == tally::status::conflicting; r.conflicts.size() == 2
//
// Outcomes of the data (consistent, conflicting, invalid) are values of
// `result::status`, never exceptions. `reconcile` throws `tally::error` only
// for an internal fault. It is exact over the integers, deterministic (the
// same document gives the same result, whatever options.threads), and safe
// to call from several threads at once on different documents.
#pragma once

#include <tally/claim_set.hpp>
#include <tally/options.hpp>
#include <tally/result.hpp>

namespace tally {

/// Validates the document, then computes every range, conflict, correction
/// and claim fate of result.hpp.
result reconcile(const claim_set& document, const options& opts = {});

}  // namespace tally
