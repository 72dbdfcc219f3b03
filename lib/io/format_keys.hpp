// The keys of each record of the tally/1 format (docs/format.md). Both of
// parse_claims' readers refuse every other key outside an "x" object, and
// both mark a key met by the bit of its index here.
#pragma once

#include <array>
#include <string_view>

namespace tally::detail {

inline constexpr std::array<std::string_view, 7> document_keys{
    "format", "event", "quantities", "relations", "sources", "claims", "x"};
inline constexpr std::array<std::string_view, 5> event_keys{"id", "title", "start", "end", "x"};
inline constexpr std::array<std::string_view, 4> quantity_keys{"id", "label", "cumulative", "x"};
inline constexpr std::array<std::string_view, 4> parts_relation_keys{"whole", "parts", "exhaustive", "x"};
inline constexpr std::array<std::string_view, 3> subset_relation_keys{"subset", "of", "x"};
inline constexpr std::array<std::string_view, 4> source_keys{"id", "name", "reliability", "x"};
inline constexpr std::array<std::string_view, 15> claim_keys{
    "id", "source", "quantity", "qualifier", "value", "upper", "tolerance",
    "weight", "as_of", "since", "quote", "url", "note", "language", "x"};

}  // namespace tally::detail
