// Plain-text layout for the text and markdown reports: terminal width of
// UTF-8 text, making free text safe to print, wrapping and aligned columns.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tally::detail {

/// The columns a terminal gives `text` (UTF-8): one per code point, none for
/// combining marks and zero-width characters, two for East Asian wide ones.
/// Invalid bytes count one each (they print as U+FFFD).
std::size_t display_width(std::string_view text);

/// `text` safe to print on one line: invalid UTF-8 becomes U+FFFD, line
/// breaks and tabs become spaces, other control characters (terminal escape
/// sequences included) become U+FFFD.
std::string printable(std::string_view text);

/// `text` wrapped at spaces into lines of at most `width` columns (a longer
/// word stays whole), each line starting with `indent` and ending in '\n'.
std::string wrap(std::string_view text, std::size_t width, std::string_view indent);

enum class alignment { left, right };

struct text_column {
  std::string header;
  tally::detail::alignment alignment = alignment::left;
};

/// Rows aligned in columns two spaces apart, one line per row (no '\n'),
/// the header line first when any column has one; every line starts with
/// `indent` and has no trailing spaces. Cells must already be printable.
std::vector<std::string> layout_columns(const std::vector<text_column>& columns,
                           const std::vector<std::vector<std::string>>& rows, std::string_view indent);

}  // namespace tally::detail
