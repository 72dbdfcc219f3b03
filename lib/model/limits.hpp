// The limits of limits.hpp checked on a document, and the diagnostic of an
// input over max_input_bytes. Internal to the library.
#pragma once

#include <tally/claim_set.hpp>
#include <tally/diagnostic.hpp>
#include <tally/limits.hpp>

#include <string_view>
#include <vector>

namespace tally::detail {

/// The diagnostics of every limit `document` passes; empty within them all.
std::vector<diagnostic> check_limits(const claim_set& document, const limits& caps);

/// "input-too-large" for a text over caps.max_input_bytes; `what` names it
/// ("The document", "standard input").
diagnostic input_too_large(std::string_view what, const limits& caps);

}  // namespace tally::detail
