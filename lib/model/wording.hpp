// Small helpers for the sentences of diagnostics: quoting a user's text so
// that it stays on one line, and "did you mean …?" suggestions.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tally::detail {

/// `text` in double quotes, control characters escaped and long text cut, so
/// that a diagnostic is always one readable line.
inline std::string in_quotes(std::string_view text, std::size_t max_bytes = 80) {
  std::string out = "\"";
  std::size_t i = 0;
  for (; i < text.size() && i < max_bytes; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (i < text.size()) {
    // Do not cut a UTF-8 sequence in half.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
    out += "…";
  }
  out += '"';
  return out;
}

/// "1,234,567": counts and limits read at a glance.
inline std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n);
  for (std::size_t k = digits.size(); k > 3; k -= 3) digits.insert(k - 3, ",");
  return digits;
}

/// Levenshtein distance, ASCII case folded; stops early past `limit`.
inline std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    std::size_t row_best = current[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      row_best = std::min(row_best, current[j]);
    }
    if (row_best > limit) return limit + 1;
    std::swap(previous, current);
  }
  return previous[b.size()];
}

/// The candidate closest to `word` when it is close enough to be a likely
/// typo, else "". Ties go to the earliest candidate (deterministic output).
template <typename Range>
std::string closest_match(std::string_view word, const Range& candidates) {
  const std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(3, word.size() / 3));
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    const std::string_view text(candidate);
    if (text == word) continue;
    const std::size_t distance = edit_distance(word, text, limit);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(text);
    }
  }
  return best;
}

/// " (did you mean "x"?)" or "" when nothing is close.
inline std::string did_you_mean(const std::string& suggestion) {
  return suggestion.empty() ? std::string() : " (did you mean " + in_quotes(suggestion) + "?)";
}

}  // namespace tally::detail
