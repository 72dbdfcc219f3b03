// The spelling of a quantity id: dotted segments of ASCII letters, digits,
// '_' or '-' ("killed.isis.inmates"). The dots carry meaning (each prefix is a
// parent set), so an empty segment or a stray character is refused rather
// than guessed at.
#pragma once

#include <string_view>

namespace tally::detail {

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
