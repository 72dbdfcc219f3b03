// tally/report.hpp — a result as text for a person, markdown, or JSON.
//
// The JSON form is the contract's (spec section 3): `status`, `ranges`
// [{quantity, as_of, min, max, estimate}], `conflicts` [{claims, explanation,
// steps, gap}], `corrections` [{drop, weight}], `adopted`, `claims`,
// `complete`, plus `time_points`, `diagnostics` and `statistics`. Counts are
// JSON integers of any size; weights are exact decimal or fraction strings.
// Every form is deterministic.
#pragma once

#include <tally/claim_set.hpp>
#include <tally/diagnostic.hpp>
#include <tally/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace tally {

enum class report_format { text, markdown, json };

/// Parses "text", "markdown" or "json"; throws tally::error otherwise.
report_format report_format_from_string(std::string_view name);

/// Renders a reconciliation. `document` supplies sources, quotes and labels.
std::string render_report(const result& r, const claim_set& document, report_format format);

/// Renders diagnostics alone (for `tally check` and invalid documents).
std::string render_diagnostics(const std::vector<diagnostic>& diagnostics, report_format format);

}  // namespace tally
