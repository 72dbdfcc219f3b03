// Writing a generated claim_set as tally/1 JSON, so that the tally command
// can be run on a benchmark's documents. Shared by the benchmarks.
//
// The library reads JSON but has no writer. Every number is written exactly
// or not at all: integers as JSON integers, other values only when their
// shortest decimal survives a double (0.9 does); the text is read back with tally::parse_claims before it is
// printed, so a written document is one tally reads as it was built.
#pragma once

#include <tally/tally.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tally::bench {

using json = nlohmann::ordered_json;

inline json exact_number(const rational& v) {
  if (boost::multiprecision::denominator(v) == 1) {
    const integer n = tally::numerator_of(v);
    if (tally::fits_int64(n)) return json(n.convert_to<std::int64_t>());
  } else {
    const std::string text = tally::to_exact_string(v);
    if (text.find('/') == std::string::npos) {
      const json j = std::stod(text);
      if (j.dump() == text) return j;
    }
  }
  throw tally::error("cannot write " + tally::to_exact_string(v) + " exactly as a JSON number");
}

inline void put_extra(json& j, const std::string& extra) {
  if (!extra.empty()) j["x"] = json::parse(extra);
}

inline std::string to_json(const tally::claim_set& doc) {
  std::vector<std::pair<std::string, std::vector<json>>> sections;
  json event = json::object();
  if (!doc.event.id.empty()) event["id"] = doc.event.id;
  if (!doc.event.title.empty()) event["title"] = doc.event.title;
  if (doc.event.start) event["start"] = doc.event.start->to_string();
  if (doc.event.end) event["end"] = doc.event.end->to_string();
  put_extra(event, doc.event.extra);

  auto& quantities = sections.emplace_back("quantities", std::vector<json>{}).second;
  for (const auto& q : doc.quantities) {
    json j{{"id", q.id}};
    if (!q.label.empty()) j["label"] = q.label;
    if (!q.cumulative) j["cumulative"] = false;
    put_extra(j, q.extra);
    quantities.push_back(std::move(j));
  }
  auto& relations = sections.emplace_back("relations", std::vector<json>{}).second;
  for (const auto& r : doc.relations) {
    json j;
    if (r.kind == tally::relation::kind::subset) {
      j["subset"] = r.parts.at(0);
      j["of"] = r.whole;
    } else {
      j["whole"] = r.whole;
      j["parts"] = r.parts;
      if (!r.exhaustive) j["exhaustive"] = false;
    }
    put_extra(j, r.extra);
    relations.push_back(std::move(j));
  }
  auto& sources = sections.emplace_back("sources", std::vector<json>{}).second;
  for (const auto& s : doc.sources) {
    json j{{"id", s.id}};
    if (!s.name.empty()) j["name"] = s.name;
    j["reliability"] = exact_number(s.reliability);
    put_extra(j, s.extra);
    sources.push_back(std::move(j));
  }
  auto& claims = sections.emplace_back("claims", std::vector<json>{}).second;
  for (const auto& c : doc.claims) {
    json j{{"id", c.id}, {"source", c.source}};
    if (c.quantities.size() == 1) j["quantity"] = c.quantities[0];
    else j["quantity"] = c.quantities;
    j["qualifier"] = std::string(tally::to_string(c.qualifier));
    j["value"] = exact_number(c.value);
    if (c.upper) j["upper"] = exact_number(*c.upper);
    if (c.tolerance) j["tolerance"] = exact_number(*c.tolerance);
    if (c.weight) j["weight"] = exact_number(*c.weight);
    if (c.as_of) j["as_of"] = c.as_of->to_string();
    const std::pair<const char*, const std::string*> texts[] = {
        {"quote", &c.quote}, {"url", &c.url}, {"note", &c.note}, {"language", &c.language}};
    for (const auto& [key, text] : texts)
      if (!text->empty()) j[key] = *text;
    put_extra(j, c.extra);
    claims.push_back(std::move(j));
  }

  // One record per line: a 100,000-claim document stays readable and diffable.
  std::string out = "{\n  \"format\": " + json(doc.format).dump();
  if (!event.empty()) out += ",\n  \"event\": " + event.dump();
  for (const auto& [key, records] : sections) {
    if (records.empty() && key != "claims") continue;
    out += ",\n  \"" + key + "\": [";
    for (std::size_t i = 0; i < records.size(); ++i) out += (i ? ",\n    " : "\n    ") + records[i].dump();
    out += "\n  ]";
  }
  out += "\n}\n";

  const tally::parse_result back = tally::parse_claims(out);
  if (!back.ok())
    throw tally::error("the written document does not read back: " +
                       (back.diagnostics.empty() ? std::string("no document") : to_string(back.diagnostics.front())));
  if (back.document->claims.size() != doc.claims.size() || back.document->relations.size() != doc.relations.size())
    throw tally::error("the written document reads back with other claims or relations");
  return out;
}

}  // namespace tally::bench
