#include "report/text_layout.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace tally::detail {
namespace {

constexpr char32_t replacement_character = 0xFFFD;

// Decodes the code point at `pos` and advances past it. Invalid sequences
// (overlong forms, surrogates, truncation, values past U+10FFFF) yield U+FFFD
// and advance one byte, so that every byte is accounted for exactly once.
char32_t next_code_point(std::string_view text, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  std::size_t length = 0;
  char32_t value = 0;
  char32_t smallest = 0;
  if (lead < 0x80) {
    ++pos;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1Fu, smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0Fu, smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07u, smallest = 0x10000;
  } else {
    ++pos;
    return replacement_character;
  }
  if (pos + length > text.size()) {
    ++pos;
    return replacement_character;
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) {
      ++pos;
      return replacement_character;
    }
    value = (value << 6) | (byte(pos + i) & 0x3Fu);
  }
  if (value < smallest || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    ++pos;
    return replacement_character;
  }
  pos += length;
  return value;
}

bool in_ranges(char32_t c, const auto& ranges) {
  return std::any_of(std::begin(ranges), std::end(ranges),
                     [c](const auto& r) { return c >= r.first && c <= r.second; });
}

// Combining marks (Latin, Hebrew, Arabic, Devanagari's commonest, the
// combining blocks) and zero-width format characters take no column.
constexpr std::array<std::pair<char32_t, char32_t>, 17> zero_width{{
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05C7}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06ED}, {0x0900, 0x0903}, {0x093A, 0x094F},
    {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2069},
    {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
}};

// East Asian wide and fullwidth characters, and emoji, take two columns.
constexpr std::array<std::pair<char32_t, char32_t>, 11> double_width{{
    {0x1100, 0x115F}, {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF},
    {0xA000, 0xA4CF}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFF00, 0xFF60}, {0x1F300, 0x1FAFF},
    {0x20000, 0x3FFFD},
}};

std::size_t code_point_width(char32_t c) {
  if (c == 0 || in_ranges(c, zero_width)) return 0;
  if (in_ranges(c, double_width)) return 2;
  return 1;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

void pad(std::string& out, std::size_t columns) { out.append(columns, ' '); }

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t pos = 0; pos < text.size();) width += code_point_width(next_code_point(text, pos));
  return width;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t c = next_code_point(text, pos);
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
      append_utf8(out, replacement_character);
    } else {
      append_utf8(out, c);
    }
  }
  return out;
}

std::string wrap(std::string_view text, std::size_t width, std::string_view indent) {
  std::string out;
  std::string line;
  std::size_t line_width = 0;
  const auto flush = [&] {
    out.append(indent).append(line) += '\n';
    line.clear();
    line_width = 0;
  };
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(' ', start), text.size());
    const std::string_view word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    const std::size_t word_width = display_width(word);
    if (!line.empty() && indent.size() + line_width + 1 + word_width > width) flush();
    if (!line.empty()) {
      line += ' ';
      ++line_width;
    }
    line.append(word);
    line_width += word_width;
  }
  if (!line.empty()) flush();
  return out;
}

std::vector<std::string> layout_columns(const std::vector<text_column>& columns,
                           const std::vector<std::vector<std::string>>& rows, std::string_view indent) {
  const bool with_header = std::any_of(columns.begin(), columns.end(),
                                       [](const text_column& c) { return !c.header.empty(); });
  std::vector<std::string> headers;
  for (const text_column& c : columns) headers.push_back(c.header);
  std::vector<std::size_t> widths(columns.size(), 0);
  const auto measure = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], display_width(cells[i]));
  };
  if (with_header) measure(headers);
  for (const auto& row : rows) measure(row);

  std::vector<std::string> lines;
  const auto emit = [&](const std::vector<std::string>& cells) {
    std::string line(indent);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const std::string empty;
      const std::string& cell = i < cells.size() ? cells[i] : empty;
      const std::size_t gap = widths[i] - display_width(cell);
      if (i > 0) line += "  ";
      if (columns[i].alignment == alignment::right) pad(line, gap);
      line += cell;
      if (columns[i].alignment == alignment::left) pad(line, gap);
    }
    line.erase(line.find_last_not_of(' ') + 1);
    lines.push_back(std::move(line));
  };
  if (with_header) emit(headers);
  for (const auto& row : rows) emit(row);
  return lines;
}

}  // namespace tally::detail
