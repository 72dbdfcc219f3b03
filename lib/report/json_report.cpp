// The contract's JSON, written by hand: nlohmann::json keeps integers in 64
// bits, and counts here have any size. nlohmann only escapes the strings.
#include "report/forms.hpp"

#include "model/utf8.hpp"

#include <tally/numbers.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace tally::detail {
namespace {

// The report is appended to one string as it is walked: no string per
// value, no list of fields per object (a batch writes millions of them).
void put_string(std::string& out, std::string_view text);

// Keys are the format's own identifiers, plain ASCII: written as they are.
class object_writer {
 public:
  explicit object_writer(std::string& out) : out_(out) { out_ += '{'; }
  ~object_writer() { out_ += '}'; }
  object_writer(const object_writer&) = delete;
  object_writer& operator=(const object_writer&) = delete;

  /// Members already rendered as `"key":value,…`, written as they are.
  void rendered(std::string_view members) {
    if (members.empty()) return;
    if (any_) out_ += ',';
    out_ += members;
    any_ = true;
  }

  /// Starts the member `name`; the caller writes its value to the result.
  std::string& key(std::string_view name) {
    out_ += any_ ? ",\"" : "\"";
    any_ = true;
    out_ += name;
    out_ += "\":";
    return out_;
  }

 private:
  std::string& out_;
  bool any_ = false;
};

void put_boolean(std::string& out, bool b) { out += b ? "true" : "false"; }

void put_integer(std::string& out, const integer& i) {
  if (i >= std::numeric_limits<long long>::min() && i <= std::numeric_limits<long long>::max()) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, static_cast<long long>(i)).ptr;
    out.append(digits, end);
  } else {
    out += i.str();
  }
}

void put_count(std::string& out, std::size_t n) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
}

void put_optional_integer(std::string& out, const std::optional<integer>& i) {
  if (i)
    put_integer(out, *i);
  else
    out += "null";
}

void put_time(std::string& out, const time_point& t) {
  if (t.is_final())
    out += "null";
  else
    put_string(out, t.to_string());
}

void put_weight(std::string& out, const rational& w) { put_string(out, to_exact_string(w)); }

template <typename T, typename Put>
void put_array(std::string& out, const std::vector<T>& items, Put put) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    put(out, items[i]);
  }
  out += ']';
}

void put_strings(std::string& out, const std::vector<std::string>& strings) {
  put_array(out, strings, [](std::string& o, const std::string& text) { put_string(o, text); });
}

void put_range(std::string& out, const range& q) {
  object_writer o(out);
  put_string(o.key("quantity"), q.quantity);
  put_time(o.key("as_of"), q.time);
  put_integer(o.key("min"), q.min);
  put_optional_integer(o.key("max"), q.max);
  put_optional_integer(o.key("estimate"), q.estimate);
  if (q.no_estimate == range::missing_estimate::none) o.key("no_estimate") += "null";
  else put_string(o.key("no_estimate"), to_string(q.no_estimate));
}

void put_conflict(std::string& out, const conflict& c) {
  object_writer o(out);
  put_strings(o.key("claims"), c.claims);
  put_integer(o.key("gap"), c.gap);
  put_string(o.key("explanation"), c.explanation);
  put_strings(o.key("steps"), c.steps);
}

void put_correction(std::string& out, const correction& c) {
  object_writer o(out);
  put_strings(o.key("drop"), c.drop);
  put_weight(o.key("weight"), c.weight);
}

void put_adopted(std::string& out, const adopted_correction& a) {
  object_writer o(out);
  put_strings(o.key("drop"), a.drop);
  put_weight(o.key("weight"), a.weight);
  put_boolean(o.key("optimal"), a.optimal);
  put_weight(o.key("lower_bound"), a.lower_bound);
  if (a.tie)
    put_boolean(o.key("tie"), *a.tie);
  else
    o.key("tie") += "null";
  put_count(o.key("proof_conflicts"), a.proof_conflicts);
}

void put_dispute(std::string& out, const dispute& d) {
  object_writer o(out);
  put_strings(o.key("claims"), d.claims);
  put_array(o.key("corrections"), d.corrections, put_correction);
  put_correction(o.key("adopted"), d.adopted);
  put_boolean(o.key("complete"), d.complete);
}

void put_claim(std::string& out, const claim_outcome& c, const claim* written) {
  object_writer o(out);
  put_string(o.key("id"), c.id);
  put_string(o.key("source"), c.source);
  put_strings(o.key("quantity"), c.quantities);
  put_time(o.key("as_of"), c.time);
  if (c.since) put_time(o.key("since"), *c.since);
  put_integer(o.key("min"), c.lower);
  put_optional_integer(o.key("max"), c.upper);
  put_weight(o.key("weight"), c.weight);
  put_boolean(o.key("in_force"), c.in_force);
  put_boolean(o.key("in_conflict"), c.in_conflict);
  put_string(o.key("constraint"), c.constraint);
  if (written == nullptr) return;
  for (const auto& [name, text] : {std::pair<std::string_view, const std::string&>{"quote", written->quote},
                                   {"url", written->url},
                                   {"note", written->note},
                                   {"language", written->language}})
    if (!text.empty()) put_string(o.key(name), text);
}

void put_diagnostic(std::string& out, const diagnostic& d) {
  object_writer o(out);
  put_string(o.key("code"), d.code);
  put_string(o.key("path"), d.path);
  put_count(o.key("line"), d.line);
  put_count(o.key("column"), d.column);
  put_string(o.key("message"), d.message);
  put_string(o.key("fix"), d.fix);
}

void put_statistics(std::string& out, const statistics& s) {
  object_writer o(out);
  put_count(o.key("variables"), s.variables);
  put_count(o.key("constraints"), s.constraints);
  put_count(o.key("components"), s.components);
  put_count(o.key("exact_components"), s.exact_components);
  put_count(o.key("lp_solves"), s.lp_solves);
  put_count(o.key("pivots"), s.pivots);
  put_count(o.key("branch_nodes"), s.branch_nodes);
  put_count(o.key("feasibility_checks"), s.feasibility_checks);
}

// Most strings (ids, labels, explanations, quotes) need no escape and are
// valid UTF-8: they are copied as they are. The rest go through nlohmann,
// which escapes '"', '\\' and control characters, keeps UTF-8 (ensure_ascii
// off) and turns invalid bytes into U+FFFD.
void put_string(std::string& out, std::string_view text) {
  const bool plain = std::none_of(text.begin(), text.end(), [](char c) {
    return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
  });
  if (plain && !find_invalid_utf8(text)) {
    out += '"';
    out += text;
    out += '"';
    return;
  }
  out += nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string json_string(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  put_string(out, text);
  return out;
}

std::string json_report(const result& r, const claim_set& document, std::string_view leading_members) {
  std::unordered_map<std::string_view, const claim*> written;
  written.reserve(document.claims.size());
  for (const claim& c : document.claims) written.emplace(c.id, &c);
  std::string out;
  out.reserve(512 + leading_members.size() + 96 * r.ranges.size() + 256 * r.claims.size() + 512 * r.conflicts.size());
  {
    object_writer o(out);
    o.rendered(leading_members);
    o.key("format") += "\"tally-result/1\"";
    put_string(o.key("status"), to_string(r.status));
    put_boolean(o.key("complete"), r.complete);
    put_array(o.key("time_points"), r.time_points,
              [](std::string& s, const time_point& t) { put_string(s, t.to_string()); });
    put_array(o.key("ranges"), r.ranges, put_range);
    put_array(o.key("conflicts"), r.conflicts, put_conflict);
    put_array(o.key("corrections"), r.corrections, put_correction);
    if (r.adopted)
      put_adopted(o.key("adopted"), *r.adopted);
    else
      o.key("adopted") += "null";
    put_array(o.key("disputes"), r.disputes, put_dispute);
    put_array(o.key("claims"), r.claims, [&written](std::string& s, const claim_outcome& c) {
      const auto found = written.find(c.id);
      put_claim(s, c, found == written.end() ? nullptr : found->second);
    });
    put_array(o.key("diagnostics"), r.diagnostics, put_diagnostic);
    put_statistics(o.key("statistics"), r.stats);
  }
  return out;
}

std::string json_diagnostics(const std::vector<diagnostic>& diagnostics) {
  std::string out;
  {
    object_writer o(out);
    put_string(o.key("status"), diagnostics.empty() ? "valid" : "invalid");
    put_array(o.key("diagnostics"), diagnostics, put_diagnostic);
  }
  return out;
}

}  // namespace tally::detail
