// The spelling of a quantity id: dotted segments of ASCII letters, digits,
// '_' or '-' ("killed.isis.inmates"). The dots carry meaning (each prefix is a
// parent set), so an empty segment or a stray character is refused rather
// than guessed at.
#pragma once

#include <tally/claim_set.hpp>

#include <string>
#include <string_view>

namespace tally::detail {

/// Calls visit(id) on every quantity id the document names: its quantities,
/// the wholes and parts of its relations, and what its claims count (with
/// repeats; the ids' dotted parents are the caller's).
template <class Visit>
void for_each_named_quantity(const claim_set& document, Visit&& visit) {
  for (const quantity& q : document.quantities) visit(q.id);
  for (const relation& r : document.relations) {
    visit(r.whole);
    for (const std::string& part : r.parts) visit(part);
  }
  for (const claim& c : document.claims)
    for (const std::string& id : c.quantities) visit(id);
}

inline bool is_quantity_id_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

/// True when `id` is non-empty segments of id characters joined by single dots.
inline bool is_valid_quantity_id(std::string_view id) {
  bool segment_open = false;
  for (const char c : id) {
    if (c == '.') {
      if (!segment_open) return false;
      segment_open = false;
    } else if (is_quantity_id_character(c)) {
      segment_open = true;
    } else {
      return false;
    }
  }
  return segment_open;
}

}  // namespace tally::detail
