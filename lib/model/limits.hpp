// The limits of limits.hpp checked on a document, and the diagnostic of an
// input over max_input_bytes. Internal to the library.
#pragma once

#include <tally/claim_set.hpp>
#include <tally/diagnostic.hpp>
#include <tally/limits.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace tally::detail {

/// The diagnostics of every limit `document` passes; empty within them all.
std::vector<diagnostic> check_limits(const claim_set& document, const limits& caps);

/// The largest number of digits a figure may have before the point, as
/// check_number_limits takes it.
long value_digits(const limits& caps);

/// `advice`, then how to raise limit `name` (a field of tally::limits) in
/// each of tally's interfaces.
std::string raise_limit_fix(std::string_view advice, std::string_view name);

/// "input-too-large" for a text over caps.max_input_bytes; `what` names it
/// ("The document", "standard input").
diagnostic input_too_large(std::string_view what, const limits& caps);

}  // namespace tally::detail
