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

}  // namespace tally
