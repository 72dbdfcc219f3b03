#include <tally/diagnostic.hpp>

namespace tally {

std::string to_string(const diagnostic& d) {
  std::string text = d.path.empty() ? "document" : d.path;
  if (d.line > 0) {
    text += " (line " + std::to_string(d.line) + ", column " + std::to_string(d.column) + ")";
  }
  text += ": ";
  text += d.message;
  if (!d.fix.empty()) {
    text += " Fix: ";
    text += d.fix;
  }
  return text;
}

}  // namespace tally
