// The three forms of a report and of a diagnostics list (report.hpp
// dispatches to them).
#pragma once

#include "report/outline.hpp"

#include <tally/claim_set.hpp>
#include <tally/diagnostic.hpp>
#include <tally/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace tally::detail {

/// `text` as a JSON string, quotes included (UTF-8 kept; invalid bytes
/// become U+FFFD).
std::string json_string(std::string_view text);

/// One line of JSON, no trailing newline. `leading_members`, rendered
/// `"key":value` pairs (a batch's line and event), come first as they are.
std::string json_report(const result& r, const claim_set& document, std::string_view leading_members = {});
std::string json_diagnostics(const std::vector<diagnostic>& diagnostics);

/// Lines for a terminal, each ending in '\n'.
std::string text_report(const report_outline& outline);
std::string text_diagnostics(const std::vector<diagnostic>& diagnostics);

/// CommonMark with GitHub pipe tables, ending in '\n'.
std::string markdown_report(const report_outline& outline);
std::string markdown_diagnostics(const std::vector<diagnostic>& diagnostics);

}  // namespace tally::detail
