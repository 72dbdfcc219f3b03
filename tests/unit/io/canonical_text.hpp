// canonical_text: every field of a claim_set or a parse_result as text, for
// holding the two readers of parse_claims to the same answer (the unit tests
// of tests/unit/io and the fuzz target fuzz/parse_fuzzer.cpp).
#pragma once

#include <tally/parse.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace tally::test {

// Every field of a claim_set, one per line, so that two compare as text and
// a difference shows where it is.
class canonical_text {
 public:
  std::string of(const tally::claim_set& d) {
    field("format", d.format);
    field("event.id", d.event.id);
    field("event.title", d.event.title);
    field("event.start", d.event.start);
    field("event.end", d.event.end);
    field("event.x", d.event.extra);
    for (const tally::quantity& q : d.quantities) {
      field("quantity.id", q.id);
      field("quantity.label", q.label);
      field("quantity.cumulative", q.cumulative ? "true" : "false");
      field("quantity.x", q.extra);
    }
    for (const tally::relation& r : d.relations) {
      field("relation.kind", r.kind == tally::relation::kind::subset ? "subset" : "parts");
      field("relation.whole", r.whole);
      for (const std::string& part : r.parts) field("relation.part", part);
      field("relation.exhaustive", r.exhaustive ? "true" : "false");
      field("relation.x", r.extra);
    }
    for (const tally::source& s : d.sources) {
      field("source.id", s.id);
      field("source.name", s.name);
      field("source.reliability", tally::to_exact_string(s.reliability));
      field("source.x", s.extra);
    }
    for (const tally::claim& c : d.claims) {
      field("claim.id", c.id);
      field("claim.source", c.source);
      for (const std::string& q : c.quantities) field("claim.quantity", q);
      field("claim.qualifier", std::to_string(static_cast<int>(c.qualifier)));
      field("claim.value", tally::to_exact_string(c.value));
      field("claim.upper", c.upper);
      field("claim.tolerance", c.tolerance);
      field("claim.weight", c.weight);
      field("claim.as_of", c.as_of);
      field("claim.quote", c.quote);
      field("claim.url", c.url);
      field("claim.note", c.note);
      field("claim.language", c.language);
      field("claim.x", c.extra);
    }
    return std::move(text_);
  }

  std::string of(const tally::parse_result& r) {
    if (r.document) of(*r.document);
    field("document", r.document ? "present" : "none");
    for (const tally::diagnostic& d : r.diagnostics) {
      field("diagnostic", d.code + " " + d.path + " " + std::to_string(d.line) + ":" + std::to_string(d.column));
      field("message", d.message);
      field("fix", d.fix);
    }
    return std::move(text_);
  }

 private:
  void field(std::string_view name, std::string_view value) {
    text_ += name;
    text_ += ": ";
    text_ += value;
    text_ += '\n';
  }
  void field(std::string_view name, const std::optional<tally::rational>& value) {
    field(name, value ? tally::to_exact_string(*value) : "(none)");
  }
  void field(std::string_view name, const std::optional<tally::timestamp>& value) {
    field(name, value ? value->to_string() : "(none)");
  }

  std::string text_;
};

}  // namespace tally::test
