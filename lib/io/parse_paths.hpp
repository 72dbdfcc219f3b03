// The two ways parse_claims reads a document. The exact path builds a DOM
// that knows every value's place (json_document), maps it (document_mapper)
// and validates, and so can say what is wrong and where. The fast path reads
// with simdjson straight into a claim_set, and only documents it is sure
// the exact path maps without a diagnostic. parse_claims takes the fast path
// and, when it gives up or validate() finds anything, the exact one, so
// both give the same parse_result (tests/unit/io/parse_paths_test.cpp).
#pragma once

#include <tally/claim_set.hpp>
#include <tally/parse.hpp>

#include <optional>
#include <string_view>

namespace tally::detail {

/// parse_claims by the exact path alone.
parse_result parse_claims_exact(std::string_view json_text, const limits& caps = {});

/// The claim_set that read_json and map_document build from `json_text`
/// when they report nothing; empty as soon as anything is unusual
/// (malformed JSON, an unknown or repeated key, a value of the wrong type,
/// a number beyond the limits, a bad timestamp or qualifier, deep nesting…).
std::optional<claim_set> read_well_formed_document(std::string_view json_text, const limits& caps = {});

}  // namespace tally::detail
