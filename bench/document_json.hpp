// Writing a generated claim_set as tally/1 JSON, so that the tally command
// can be run on a benchmark's documents. Shared by the benchmarks.
//
// The library reads JSON but has no writer. Every number is written exactly
// or not at all: integers as JSON integers, other values only when their
// shortest decimal survives a double (0.9 does). to_json reads its text back
// with tally::parse_claims before it returns it, so a written document is one
// tally reads as it was built; the corpus writer (corpus.hpp), which writes a
// million documents a run, reads back only some of them (check_reads_back).
//
// The text is appended straight to a string, as nlohmann's compact dump would
// write each record (nlohmann escapes the strings that need it): building a
// JSON tree per record cost more than generating the document.
#pragma once

#include <tally/tally.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tally::bench {

using json = nlohmann::ordered_json;

/// One record per line (a 100,000-claim document stays readable and
/// diffable), or the whole document on one line (one line of JSON Lines).
enum class json_layout { record_per_line, one_line };

namespace detail {

inline void append_string(std::string& out, const std::string& text) {
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
  if (!plain) {
    out += json(text).dump();
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

inline void append_number(std::string& out, const rational& v) {
  const mpq_srcptr q = v.backend().data();
  if (mpz_cmp_ui(mpq_denref(q), 1) == 0) {
    if (mpz_fits_slong_p(mpq_numref(q))) {
      char digits[24];
      out.append(digits, std::to_chars(digits, digits + sizeof digits, mpz_get_si(mpq_numref(q))).ptr);
      return;
    }
  } else {
    const std::string text = tally::to_exact_string(v);
    if (text.find('/') == std::string::npos && json(std::stod(text)).dump() == text) {
      out += text;
      return;
    }
  }
  throw tally::error("cannot write " + tally::to_exact_string(v) + " exactly as a JSON number");
}

// The members of one record, written as they are added: {"key":value,...}.
class record_writer {
 public:
  explicit record_writer(std::string& out) : out_(out) { out_ += '{'; }
  std::string& key(const char* name) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += name;
    out_ += "\":";
    return out_;
  }
  void text(const char* name, const std::string& value) { append_string(key(name), value); }
  void number(const char* name, const rational& value) { append_number(key(name), value); }
  void texts(const char* name, const std::vector<std::string>& values) {
    key(name) += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) out_ += ',';
      append_string(out_, values[i]);
    }
    out_ += ']';
  }
  // A document's free "x" member, kept as its JSON text; written as nlohmann reads and dumps it.
  void extra(const std::string& extra) {
    if (!extra.empty()) key("x") += json::parse(extra).dump();
  }
  ~record_writer() { out_ += '}'; }
  record_writer(const record_writer&) = delete;
  record_writer& operator=(const record_writer&) = delete;

 private:
  std::string& out_;
  bool first_ = true;
};

// A section's records: "key": [record, ...], each record written by `write`.
template <typename Records, typename Write>
void append_section(std::string& out, json_layout layout, const char* key, const Records& records, Write write) {
  const bool one_line = layout == json_layout::one_line;
  out += one_line ? ",\"" : ",\n  \"";
  out += key;
  out += one_line ? "\":[" : "\": [";
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (!one_line) out += i ? ",\n    " : "\n    ";
    else if (i) out += ',';
    record_writer record(out);
    write(record, records[i]);
  }
  out += one_line ? "]" : "\n  ]";
}

}  // namespace detail

/// Appends `doc` as tally/1 JSON, ending in a newline.
inline void append_json(std::string& out, const tally::claim_set& doc, json_layout layout) {
  using detail::record_writer;
  const bool one_line = layout == json_layout::one_line;
  out += one_line ? "{\"format\":" : "{\n  \"format\": ";
  detail::append_string(out, doc.format);
  const tally::event& e = doc.event;
  if (!e.id.empty() || !e.title.empty() || e.start || e.end || !e.extra.empty()) {
    out += one_line ? ",\"event\":" : ",\n  \"event\": ";
    record_writer event(out);
    if (!e.id.empty()) event.text("id", e.id);
    if (!e.title.empty()) event.text("title", e.title);
    if (e.start) event.text("start", e.start->to_string());
    if (e.end) event.text("end", e.end->to_string());
    event.extra(e.extra);
  }
  if (!doc.quantities.empty())
    detail::append_section(out, layout, "quantities", doc.quantities, [](record_writer& j, const tally::quantity& q) {
      j.text("id", q.id);
      if (!q.label.empty()) j.text("label", q.label);
      if (!q.cumulative) j.key("cumulative") += "false";
      j.extra(q.extra);
    });
  if (!doc.relations.empty())
    detail::append_section(out, layout, "relations", doc.relations, [](record_writer& j, const tally::relation& r) {
      if (r.kind == tally::relation::kind::subset) {
        j.text("subset", r.parts.at(0));
        j.text("of", r.whole);
      } else {
        j.text("whole", r.whole);
        j.texts("parts", r.parts);
        if (!r.exhaustive) j.key("exhaustive") += "false";
      }
      j.extra(r.extra);
    });
  if (!doc.sources.empty())
    detail::append_section(out, layout, "sources", doc.sources, [](record_writer& j, const tally::source& s) {
      j.text("id", s.id);
      if (!s.name.empty()) j.text("name", s.name);
      j.number("reliability", s.reliability);
      j.extra(s.extra);
    });
  detail::append_section(out, layout, "claims", doc.claims, [](record_writer& j, const tally::claim& c) {
    j.text("id", c.id);
    j.text("source", c.source);
    if (c.quantities.size() == 1) j.text("quantity", c.quantities[0]);
    else j.texts("quantity", c.quantities);
    j.text("qualifier", std::string(tally::to_string(c.qualifier)));
    j.number("value", c.value);
    if (c.upper) j.number("upper", *c.upper);
    if (c.tolerance) j.number("tolerance", *c.tolerance);
    if (c.weight) j.number("weight", *c.weight);
    if (c.as_of) j.text("as_of", c.as_of->to_string());
    const std::pair<const char*, const std::string*> texts[] = {
        {"quote", &c.quote}, {"url", &c.url}, {"note", &c.note}, {"language", &c.language}};
    for (const auto& [key, text] : texts)
      if (!text->empty()) j.text(key, *text);
    j.extra(c.extra);
  });
  out += one_line ? "}\n" : "\n}\n";
}

/// Throws unless `text` reads back with tally::parse_claims as `doc`'s claims and relations.
inline void check_reads_back(const std::string& text, const tally::claim_set& doc) {
  const tally::parse_result back = tally::parse_claims(text);
  if (!back.ok())
    throw tally::error("the written document does not read back: " +
                       (back.diagnostics.empty() ? std::string("no document") : to_string(back.diagnostics.front())));
  if (back.document->claims.size() != doc.claims.size() || back.document->relations.size() != doc.relations.size())
    throw tally::error("the written document reads back with other claims or relations");
}

/// `doc` with one record per line, read back before it is returned.
inline std::string to_json(const tally::claim_set& doc) {
  std::string out;
  append_json(out, doc, json_layout::record_per_line);
  check_reads_back(out, doc);
  return out;
}

}  // namespace tally::bench
