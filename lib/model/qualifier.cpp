#include <tally/claim_set.hpp>

#include <array>
#include <utility>

namespace tally {
namespace {

constexpr std::array<std::pair<qualifier, std::string_view>, 8> spellings{{
    {qualifier::exactly, "exactly"},
    {qualifier::at_least, "at_least"},
    {qualifier::more_than, "more_than"},
    {qualifier::at_most, "at_most"},
    {qualifier::fewer_than, "fewer_than"},
    {qualifier::between, "between"},
    {qualifier::about, "about"},
    {qualifier::nearly, "nearly"},
}};

}  // namespace

std::string_view to_string(qualifier q) {
  for (const auto& [value, text] : spellings) {
    if (value == q) return text;
  }
  return "unknown";
}

std::optional<qualifier> qualifier_from_string(std::string_view text) {
  for (const auto& [value, spelling] : spellings) {
    if (spelling == text) return value;
  }
  return std::nullopt;
}

}  // namespace tally
