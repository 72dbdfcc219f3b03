// The contract's JSON, written by hand: nlohmann::json keeps integers in 64
// bits, and counts here have any size. nlohmann only escapes the strings.
#include "report/forms.hpp"

#include "model/utf8.hpp"

#include <tally/numbers.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

namespace tally::detail {
namespace {

using field = std::pair<std::string_view, std::string>;


std::string boolean_value(bool b) { return b ? "true" : "false"; }

std::string integer_value(const integer& i) { return i.str(); }

std::string optional_integer(const std::optional<integer>& i) { return i ? integer_value(*i) : "null"; }

std::string time_value(const time_point& t) { return t.is_final() ? "null" : json_string(t.to_string()); }

std::string array(const std::vector<std::string>& elements) {
  std::string out = "[";
  for (std::size_t i = 0; i < elements.size(); ++i) out += (i > 0 ? "," : "") + elements[i];
  return out + ']';
}

std::string object(const std::vector<field>& fields) {
  std::string out = "{";
  for (std::size_t i = 0; i < fields.size(); ++i)
    out += (i > 0 ? "," : "") + json_string(fields[i].first) + ':' + fields[i].second;
  return out + '}';
}

template <typename T, typename Render>
std::string array_of(const std::vector<T>& items, Render render) {
  std::vector<std::string> elements;
  for (const T& item : items) elements.push_back(render(item));
  return array(elements);
}

std::string string_array(const std::vector<std::string>& strings) { return array_of(strings, json_string); }

std::string range_value(const range& q) {
  return object({{"quantity", json_string(q.quantity)},
                 {"as_of", time_value(q.time)},
                 {"min", integer_value(q.min)},
                 {"max", optional_integer(q.max)},
                 {"estimate", optional_integer(q.estimate)}});
}

std::string conflict_value(const conflict& c) {
  return object({{"claims", string_array(c.claims)},
                 {"gap", integer_value(c.gap)},
                 {"explanation", json_string(c.explanation)},
                 {"steps", string_array(c.steps)}});
}

std::string correction_value(const correction& c) {
  return object({{"drop", string_array(c.drop)}, {"weight", json_string(to_exact_string(c.weight))}});
}

std::string adopted_value(const adopted_correction& a) {
  return object({{"drop", string_array(a.drop)},
                 {"weight", json_string(to_exact_string(a.weight))},
                 {"optimal", boolean_value(a.optimal)},
                 {"lower_bound", json_string(to_exact_string(a.lower_bound))},
                 {"tie", a.tie ? boolean_value(*a.tie) : "null"},
                 {"proof_conflicts", std::to_string(a.proof_conflicts)}});
}

std::string dispute_value(const dispute& d) {
  return object({{"claims", string_array(d.claims)},
                 {"corrections", array_of(d.corrections, correction_value)},
                 {"adopted", correction_value(d.adopted)},
                 {"complete", boolean_value(d.complete)}});
}

std::string claim_value(const claim_outcome& c, const claim* written) {
  std::vector<field> fields{{"id", json_string(c.id)},
                            {"source", json_string(c.source)},
                            {"quantity", string_array(c.quantities)},
                            {"as_of", time_value(c.time)},
                            {"min", integer_value(c.lower)},
                            {"max", optional_integer(c.upper)},
                            {"weight", json_string(to_exact_string(c.weight))},
                            {"in_force", boolean_value(c.in_force)},
                            {"in_conflict", boolean_value(c.in_conflict)},
                            {"constraint", json_string(c.constraint)}};
  if (written != nullptr) {
    for (const auto& [name, text] : {std::pair<std::string_view, const std::string&>{"quote", written->quote},
                                     {"url", written->url},
                                     {"note", written->note},
                                     {"language", written->language}})
      if (!text.empty()) fields.emplace_back(name, json_string(text));
  }
  return object(fields);
}

std::string diagnostic_value(const diagnostic& d) {
  return object({{"code", json_string(d.code)},
                 {"path", json_string(d.path)},
                 {"line", std::to_string(d.line)},
                 {"column", std::to_string(d.column)},
                 {"message", json_string(d.message)},
                 {"fix", json_string(d.fix)}});
}

std::string statistics_value(const statistics& s) {
  return object({{"variables", std::to_string(s.variables)},
                 {"constraints", std::to_string(s.constraints)},
                 {"components", std::to_string(s.components)},
                 {"exact_components", std::to_string(s.exact_components)},
                 {"lp_solves", std::to_string(s.lp_solves)},
                 {"pivots", std::to_string(s.pivots)},
                 {"branch_nodes", std::to_string(s.branch_nodes)},
                 {"feasibility_checks", std::to_string(s.feasibility_checks)}});
}

}  // namespace

std::string json_string(std::string_view text) {
  // Most strings (ids, labels, explanations, quotes) need no escape and are
  // valid UTF-8: they are copied as they are. The rest go through nlohmann,
  // which escapes '"', '\\' and control characters, keeps UTF-8 (ensure_ascii
  // off) and turns invalid bytes into U+FFFD.
  const bool plain = std::none_of(text.begin(), text.end(), [](char c) {
    return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
  });
  if (plain && !find_invalid_utf8(text)) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    out += text;
    out += '"';
    return out;
  }
  return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string json_report(const result& r, const claim_set& document) {
  std::map<std::string_view, const claim*> written;
  for (const claim& c : document.claims) written.emplace(c.id, &c);
  const auto claim_of = [&](const claim_outcome& c) {
    auto found = written.find(c.id);
    return claim_value(c, found == written.end() ? nullptr : found->second);
  };
  return object({{"format", json_string("tally-result/1")},
                 {"status", json_string(to_string(r.status))},
                 {"complete", boolean_value(r.complete)},
                 {"time_points", array_of(r.time_points, [](const time_point& t) { return json_string(t.to_string()); })},
                 {"ranges", array_of(r.ranges, range_value)},
                 {"conflicts", array_of(r.conflicts, conflict_value)},
                 {"corrections", array_of(r.corrections, correction_value)},
                 {"adopted", r.adopted ? adopted_value(*r.adopted) : "null"},
                 {"disputes", array_of(r.disputes, dispute_value)},
                 {"claims", array_of(r.claims, claim_of)},
                 {"diagnostics", array_of(r.diagnostics, diagnostic_value)},
                 {"statistics", statistics_value(r.stats)}});
}

std::string json_diagnostics(const std::vector<diagnostic>& diagnostics) {
  return object({{"status", json_string(diagnostics.empty() ? "valid" : "invalid")},
                 {"diagnostics", array_of(diagnostics, diagnostic_value)}});
}

}  // namespace tally::detail
