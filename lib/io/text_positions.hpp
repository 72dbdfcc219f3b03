// Byte offsets to the line and column a person sees in an editor: lines
// counted from 1, columns counted in characters (UTF-8 code points) from 1.
#pragma once

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace tally::detail {

/// {line, column} of each offset, in one pass over the text whatever the
/// number of offsets (a 50 MB one-line document with many diagnostics stays
/// linear). Offsets past the end map to the end of the text.
std::vector<std::pair<int, int>> locate_offsets(std::string_view text, const std::vector<std::size_t>& offsets);

}  // namespace tally::detail
