#include <tally/result.hpp>

namespace tally {

std::string_view to_string(status s) {
  switch (s) {
    case status::consistent: return "consistent";
    case status::conflicting: return "conflicting";
    case status::invalid: return "invalid";
  }
  return "unknown";
}

std::string_view to_string(range::missing_estimate why) {
  switch (why) {
    case range::missing_estimate::none: return "";
    case range::missing_estimate::no_figure: return "no-figure";
    case range::missing_estimate::tie: return "tie";
    case range::missing_estimate::search_limit: return "search-limit";
    case range::missing_estimate::not_computed: return "not-computed";
  }
  return "unknown";
}

}  // namespace tally
