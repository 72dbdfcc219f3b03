// tally/parse.hpp — reading a tally/1 claims document from JSON.
//
// Numbers are read from their text, exactly: 0.1 is 1/10 and a 30-digit
// count keeps every digit. Keys the format does not know are errors (a typo
// must not silently drop a constraint), except inside an "x" object, which is
// kept as users' metadata. Parsing never stops at the first mistake: it
// returns every diagnostic it finds, each with its JSON Pointer and, where
// the text gives it, line and column. Syntax errors, non-UTF-8 bytes and
// absurd nesting are diagnostics too, never exceptions.
//
//   auto parsed = tally::parse_claims_file("examples/hasakah/claims.json");
//   if (!parsed.ok()) for (auto& d : parsed.diagnostics) puts(to_string(d).c_str());
#pragma once

#include <tally/claim_set.hpp>
#include <tally/diagnostic.hpp>
#include <tally/limits.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

/// The outcome of reading a document: the document when it is valid, and
/// every diagnostic found (syntax, structure and the rules of validate.hpp).
struct parse_result {
  std::optional<claim_set> document;
  std::vector<diagnostic> diagnostics;
  /// The event id as written, kept even when the document is invalid (for
  /// saying which event a batch line was); empty when there is none.
  std::string event_id;
  bool ok() const { return document.has_value() && diagnostics.empty(); }
};

/// Reads and validates a document from JSON text, within `caps`
/// (limits.hpp: a text over max_input_bytes is not read at all).
parse_result parse_claims(std::string_view json_text, const limits& caps = {});

/// Reads and validates a document from a file ("-" reads standard input).
/// A file that cannot be read (a directory, a read error) is a diagnostic
/// ("io"), not an exception; a file is read no further than
/// caps.max_input_bytes ("input-too-large"), so an endless one (/dev/zero)
/// ends at once.
parse_result parse_claims_file(const std::filesystem::path& path, const limits& caps = {});

}  // namespace tally
