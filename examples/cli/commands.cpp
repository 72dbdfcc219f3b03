#include "commands.hpp"
#include "interrupts.hpp"

#include <tally/tally.hpp>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <set>
#include <string_view>

namespace tally::cli {
namespace {

std::string display_name(const std::string& file) { return file == "-" ? "<stdin>" : file; }

// Every quantity the document speaks of: declared, named, and the dotted
// parents of those.
std::size_t count_quantities(const claim_set& document) {
  std::set<std::string_view> ids;
  const auto add = [&](std::string_view id) {
    for (std::size_t dot = id.size(); dot != std::string_view::npos; dot = id.rfind('.', dot - 1)) {
      ids.insert(id.substr(0, dot));
      if (dot == 0) break;
    }
  };
  for (const quantity& q : document.quantities) add(q.id);
  for (const relation& r : document.relations) {
    add(r.whole);
    for (const std::string& part : r.parts) add(part);
  }
  for (const claim& c : document.claims) {
    for (const std::string& id : c.quantities) add(id);
  }
  return ids.size();
}

std::string summary(const claim_set& document) {
  return "valid: " + std::to_string(document.claims.size()) + " claims, " +
         std::to_string(count_quantities(document)) + " quantities, " +
         std::to_string(document.sources.size()) + " sources";
}

void print_check_text(const std::string& file, const parse_result& parsed) {
  for (const diagnostic& d : parsed.diagnostics) {
    std::cout << display_name(file);
    if (d.line > 0) std::cout << ':' << d.line << ':' << d.column;
    std::cout << ": ";
    if (!d.path.empty()) std::cout << d.path << ": ";
    std::cout << d.message;
    if (!d.fix.empty()) std::cout << " Fix: " << d.fix;
    std::cout << '\n';
  }
  if (parsed.ok()) {
    std::cout << summary(*parsed.document) << '\n';
  } else {
    const std::size_t n = parsed.diagnostics.size();
    std::cout << n << (n == 1 ? " problem" : " problems") << '\n';
  }
}

void print_check_json(const std::string& file, const parse_result& parsed) {
  nlohmann::ordered_json out;
  out["file"] = display_name(file);
  out["valid"] = parsed.ok();
  out["diagnostics"] = nlohmann::ordered_json::array();
  for (const diagnostic& d : parsed.diagnostics) {
    out["diagnostics"].push_back({{"code", d.code}, {"path", d.path}, {"line", d.line}, {"column", d.column},
                                  {"message", d.message}, {"fix", d.fix}});
  }
  if (parsed.ok()) {
    out["claims"] = parsed.document->claims.size();
    out["quantities"] = count_quantities(*parsed.document);
    out["sources"] = parsed.document->sources.size();
  }
  std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

void print(const std::string& text) {
  std::cout << text;
  if (!text.empty() && text.back() != '\n') std::cout << '\n';
}

// A report that did not reach its file (a full disk, a closed pipe) is a
// failure of its own, never a silent success.
int written(int status) {
  std::cout.flush();
  if (std::cout) return status;
  std::cerr << "tally: cannot write the report: " << std::strerror(errno) << '\n';
  return exit_io;
}

}  // namespace

int run_check(const std::string& file, const std::string& format, const limits& caps) {
  const parse_result parsed = parse_claims_file(file, caps);
  if (interrupt_signal() != 0) return report_interrupt("; nothing checked.");
  if (format == "json") {
    print_check_json(file, parsed);
  } else {
    print_check_text(file, parsed);
  }
  return written(parsed.ok() ? exit_consistent : exit_invalid);
}

int run_reconcile(const std::string& file, const reconcile_settings& settings) {
  const parse_result parsed = parse_claims_file(file, settings.solver.document_limits);
  if (interrupt_signal() != 0) return report_interrupt("; no report.");
  if (!parsed.ok()) {
    print(render_diagnostics(parsed.diagnostics, settings.format));
    return written(exit_invalid);
  }
  result outcome;
  try {
    outcome = reconcile(*parsed.document, settings.solver);
  } catch (const stopped& e) {
    if (e.why() == stopped::reason::requested) return report_interrupt("; no report.");
    std::cerr << "tally: " << e.what() << "; no report. Raise --time-limit (0: no limit).\n";
    return exit_time_limit;
  }
  print(render_report(outcome, *parsed.document, settings.format));
  switch (outcome.status) {
    case status::consistent: return written(exit_consistent);
    case status::conflicting: return written(exit_conflicting);
    case status::invalid: return written(exit_invalid);
  }
  return exit_internal;
}

}  // namespace tally::cli
