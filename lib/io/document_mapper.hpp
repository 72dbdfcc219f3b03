// From the JSON DOM to a claim_set: the shape of the format (which keys
// exist, what type each value has, exact numbers within their limits,
// timestamps, qualifier names). The meaning (references, ranges, cycles) is
// validate()'s job, so that documents built in code get the same checks.
#pragma once

#include "io/json_document.hpp"

#include <tally/claim_set.hpp>
#include <tally/diagnostic.hpp>
#include <tally/limits.hpp>

#include <cstddef>
#include <vector>

namespace tally::detail {

/// A diagnostic and the byte offset it points at.
struct located_diagnostic {
  diagnostic found;
  std::size_t offset = 0;
};

struct mapped_document {
  /// Every record, in document order and at its document index, even the
  /// broken ones (left empty), so that validate()'s paths stay right.
  claim_set document;
  std::vector<located_diagnostic> diagnostics;
};

/// Maps a parsed document (the root may be of any kind).
/// Maps a parsed document (the root may be of any kind); numbers are read
/// within caps.max_value_digits.
mapped_document map_document(const json_document& json, const limits& caps = {});

}  // namespace tally::detail
