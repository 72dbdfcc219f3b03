#include <tally/report.hpp>

#include "report/forms.hpp"
#include "report/outline.hpp"

#include <tally/error.hpp>

namespace tally {

report_format report_format_from_string(std::string_view name) {
  if (name == "text") return report_format::text;
  if (name == "markdown") return report_format::markdown;
  if (name == "json") return report_format::json;
  throw error("unknown report format \"" + std::string(name) + "\" (expected text, markdown or json)");
}

std::string render_report(const result& r, const claim_set& document, report_format format) {
  switch (format) {
    case report_format::json:
      return detail::json_report(r, document);
    case report_format::markdown:
      return detail::markdown_report(detail::outline_report(r, document));
    case report_format::text:
      break;
  }
  return detail::text_report(detail::outline_report(r, document));
}

std::string render_diagnostics(const std::vector<diagnostic>& diagnostics, report_format format) {
  switch (format) {
    case report_format::json:
      return detail::json_diagnostics(diagnostics);
    case report_format::markdown:
      return detail::markdown_diagnostics(diagnostics);
    case report_format::text:
      break;
  }
  return detail::text_diagnostics(diagnostics);
}

}  // namespace tally
