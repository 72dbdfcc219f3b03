#include "io/text_positions.hpp"

#include <algorithm>
#include <numeric>

namespace tally::detail {

std::vector<std::pair<int, int>> locate_offsets(std::string_view text, const std::vector<std::size_t>& offsets) {
  std::vector<std::size_t> order(offsets.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return offsets[a] < offsets[b]; });

  std::vector<std::pair<int, int>> located(offsets.size());
  std::size_t position = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // a BOM is invisible
  int line = 1, column = 1;
  for (const std::size_t index : order) {
    const std::size_t target = std::min(offsets[index], text.size());
    for (; position < target; ++position) {
      const auto byte = static_cast<unsigned char>(text[position]);
      if (byte == '\n') {
        ++line;
        column = 1;
      } else if ((byte & 0xC0) != 0x80) {  // continuation bytes do not start a character
        ++column;
      }
    }
    located[index] = {line, column};
  }
  return located;
}

}  // namespace tally::detail
