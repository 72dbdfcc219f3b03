#include "io/document_mapper.hpp"

#include "io/format_keys.hpp"
#include "io/json_pointer.hpp"
#include "io/number_limits.hpp"
#include "model/limits.hpp"
#include "model/wording.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

namespace tally::detail {
namespace {

using known_keys = std::span<const std::string_view>;

const std::string_view own_data_hint = " or move your own data into an \"x\" object.";


std::string_view type_fix(json_kind kind) {
  switch (kind) {
    case json_kind::number: return "Write it as a bare JSON number such as 200 or 0.8, without quotes.";
    case json_kind::string: return "Write it as a JSON string in double quotes.";
    case json_kind::boolean: return "Write true or false, without quotes.";
    case json_kind::object: return "Write it as a JSON object { … }.";
    case json_kind::array: return "Write it as a JSON array [ … ].";
    case json_kind::null: break;
  }
  return "Correct its type.";
}

class mapper {
 public:
  mapper(const json_document& json, const limits& caps) : json_(json), value_digits_(value_digits(caps)) {}

  mapped_document run() {
    const json_node& root = json_.root();
    if (root.kind != json_kind::object) {
      report("wrong-type", root.begin, lazy_pointer(),
             "The document must be a JSON object, not " + std::string(describe(root.kind)) + ".",
             "Write the document as { \"format\": \"tally/1\", \"claims\": [ … ], … }.");
      return std::move(out_);
    }
    claim_set& doc = out_.document;
    doc.format.clear();  // absent unless written
    members(root, lazy_pointer(), "the document", document_keys,
            [&](const json_node& value, const lazy_pointer& path) {
              const std::string_view key = value.key;
              if (key == "format") read_string(value, path, doc.format);
              else if (key == "event") map_event(value, path);
              else if (key == "quantities") map_array(value, path, doc.quantities, &mapper::map_quantity);
              else if (key == "relations") map_array(value, path, doc.relations, &mapper::map_relation);
              else if (key == "sources") map_array(value, path, doc.sources, &mapper::map_source);
              else if (key == "claims") map_array(value, path, doc.claims, &mapper::map_claim);
              else read_extra(value, path);  // kept nowhere: the document has no record of its own
            });
    return std::move(out_);
  }

 private:
  void report(std::string code, std::size_t offset, const lazy_pointer& path, std::string message, std::string fix) {
    located_diagnostic d;
    d.found.code = std::move(code);
    d.found.path = path.str();
    d.found.message = std::move(message);
    d.found.fix = std::move(fix);
    d.offset = offset;
    out_.diagnostics.push_back(std::move(d));
  }

  bool expect(const json_node& value, json_kind kind, const lazy_pointer& path) {
    if (value.kind == kind) return true;
    const std::string name = value.key.empty() ? "This value" : "\"" + value.key + "\"";
    report("wrong-type", value.begin, path,
           name + " must be " + std::string(describe(kind)) + ", not " + std::string(describe(value.kind)) + ".",
           std::string(type_fix(kind)));
    return false;
  }

  // Calls handle(value, path) for each member with a known key; reports the
  // unknown and repeated ones.
  template <typename Handler>
  void members(const json_node& object, const lazy_pointer& path, std::string_view record, known_keys known,
               Handler&& handle, std::string_view unknown_fix = {}) {
    std::uint32_t seen = 0;  // bit k: known key k met already (a record has fewer than 32)
    for (std::size_t i = 0; i < object.children.size(); ++i) {
      const json_node& value = json_.child(object, i);
      const lazy_pointer member_path(path, value.key);
      const auto found = std::find(known.begin(), known.end(), value.key);
      if (found == known.end()) {
        std::string fix = unknown_fix.empty()
                              ? "Remove it or correct its spelling" + did_you_mean(closest_match(value.key, known)) +
                                    "," + std::string(own_data_hint)
                              : std::string(unknown_fix);
        report("unknown-key", value.key_begin, member_path,
               "Unknown key " + in_quotes(value.key) + " in " + std::string(record) + ".", std::move(fix));
        continue;
      }
      const std::uint32_t bit = std::uint32_t{1} << (found - known.begin());
      if (seen & bit) {
        report("duplicate-key", value.key_begin, member_path,
               "Key " + in_quotes(value.key) + " appears more than once in " + std::string(record) + ".",
               "Keep only one of them: JSON readers silently drop all but one.");
        continue;
      }
      seen |= bit;
      handle(value, member_path);
    }
  }

  template <typename Record>
  void map_array(const json_node& array, const lazy_pointer& path, std::vector<Record>& into,
                 Record (mapper::*map_one)(const json_node&, const lazy_pointer&)) {
    if (!expect(array, json_kind::array, path)) return;
    into.reserve(array.children.size());
    for (std::size_t i = 0; i < array.children.size(); ++i) {
      const json_node& item = json_.child(array, i);
      const lazy_pointer item_path(path, i);
      // A broken record stays as an empty one, so that later indices hold.
      into.push_back(expect(item, json_kind::object, item_path) ? (this->*map_one)(item, item_path) : Record{});
    }
  }

  void read_string(const json_node& value, const lazy_pointer& path, std::string& into) {
    if (expect(value, json_kind::string, path)) into = value.text;
  }

  void read_bool(const json_node& value, const lazy_pointer& path, bool& into) {
    if (expect(value, json_kind::boolean, path)) into = value.boolean;
  }

  std::optional<rational> read_number(const json_node& value, const lazy_pointer& path) {
    if (!expect(value, json_kind::number, path)) return std::nullopt;
    const std::string field = in_quotes(value.key);
    switch (check_number_limits(value.text, value_digits_)) {
      case number_verdict::ok: break;
      case number_verdict::too_long:
      case number_verdict::too_large:
        report("number-too-large", value.begin, path,
               "The number " + in_quotes(value.text, 40) + " in " + field + " is too large: a figure must be below 10^" +
                   std::to_string(value_digits_) + " (max_value_digits), written in at most " +
                   std::to_string(max_number_text(value_digits_)) + " characters.",
               raise_limit_fix("Give the figure as reported: no count of people is this large.", "max_value_digits"));
        return std::nullopt;
      case number_verdict::too_precise:
        report("number-too-precise", value.begin, path,
               "The number " + in_quotes(value.text, 40) + " in " + field + " has more than " +
                   std::to_string(max_fraction_digits) + " digits after the decimal point.",
               "Round it to at most " + std::to_string(max_fraction_digits) + " decimal places.");
        return std::nullopt;
    }
    rational number;
    if (!parse_exact_number(value.text, number)) {  // cannot happen within the limits
      report("number-too-large", value.begin, path, "The number " + in_quotes(value.text, 40) + " cannot be read.",
             "Write an ordinary decimal number.");
      return std::nullopt;
    }
    return number;
  }

  std::optional<timestamp> read_timestamp(const json_node& value, const lazy_pointer& path) {
    if (!expect(value, json_kind::string, path)) return std::nullopt;
    auto parsed = parse_timestamp(value.text);
    if (!parsed) {
      report("invalid-timestamp", value.begin, path,
             in_quotes(value.key) + " is " + in_quotes(value.text) +
                 ", which is not a real date written YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS].",
             "Write a calendar date such as \"2022-01-26\" or \"2022-01-26T18:30\" (years 1 to 9999).");
    }
    return parsed;
  }

  std::string read_extra(const json_node& value, const lazy_pointer& path) {
    if (!expect(value, json_kind::object, path)) return std::string();
    report_repeated_keys(value, path);
    return compact_json(json_, value);
  }

  // Users' own data is kept as written, but a key written twice in one
  // object of it would keep one value and silently lose the other.
  void report_repeated_keys(const json_node& node, const lazy_pointer& path) {
    const bool is_object = node.kind == json_kind::object;
    if (!is_object && node.kind != json_kind::array) return;
    std::unordered_set<std::string_view> keys;
    for (std::size_t i = 0; i < node.children.size(); ++i) {
      const json_node& child = json_.child(node, i);
      const lazy_pointer child_path = is_object ? lazy_pointer(path, child.key) : lazy_pointer(path, i);
      if (is_object && !keys.insert(child.key).second) {
        report("duplicate-key", child.key_begin, child_path,
               "Key " + in_quotes(child.key) + " appears more than once in the same object of \"x\".",
               "Keep only one of them: JSON readers silently drop all but one.");
      }
      report_repeated_keys(child, child_path);  // depth is bounded by max_nesting_depth
    }
  }

  void map_event(const json_node& object, const lazy_pointer& path) {
    if (!expect(object, json_kind::object, path)) return;
    event& e = out_.document.event;
    members(object, path, "the event", event_keys,
            [&](const json_node& value, const lazy_pointer& member_path) {
              const std::string_view key = value.key;
              if (key == "id") read_string(value, member_path, e.id);
              else if (key == "title") read_string(value, member_path, e.title);
              else if (key == "start") e.start = read_timestamp(value, member_path);
              else if (key == "end") e.end = read_timestamp(value, member_path);
              else e.extra = read_extra(value, member_path);
            });
  }

  quantity map_quantity(const json_node& object, const lazy_pointer& path) {
    quantity q;
    members(object, path, "a quantity", quantity_keys,
            [&](const json_node& value, const lazy_pointer& member_path) {
              const std::string_view key = value.key;
              if (key == "id") read_string(value, member_path, q.id);
              else if (key == "label") read_string(value, member_path, q.label);
              else if (key == "cumulative") read_bool(value, member_path, q.cumulative);
              else q.extra = read_extra(value, member_path);
            });
    return q;
  }

  relation map_relation(const json_node& object, const lazy_pointer& path) {
    relation r;
    const std::string_view shape_fix =
        "A relation is either {\"whole\", \"parts\", \"exhaustive\"} or {\"subset\", \"of\"}: remove this key,"
        " or move your own data into an \"x\" object.";
    if (json_.member(object, "subset") || json_.member(object, "of")) {
      r.kind = relation::kind::subset;
      members(object, path, "a subset relation", subset_relation_keys,
              [&](const json_node& value, const lazy_pointer& member_path) {
                const std::string_view key = value.key;
                if (key == "subset") read_string(value, member_path, r.parts.emplace_back());
                else if (key == "of") read_string(value, member_path, r.whole);
                else r.extra = read_extra(value, member_path);
              }, shape_fix);
      return r;
    }
    members(object, path, "a relation", parts_relation_keys,
            [&](const json_node& value, const lazy_pointer& member_path) {
              const std::string_view key = value.key;
              if (key == "whole") read_string(value, member_path, r.whole);
              else if (key == "parts") r.parts = read_quantity_list(value, member_path);
              else if (key == "exhaustive") read_bool(value, member_path, r.exhaustive);
              else r.extra = read_extra(value, member_path);
            }, shape_fix);
    return r;
  }

  std::vector<std::string> read_quantity_list(const json_node& array, const lazy_pointer& path) {
    std::vector<std::string> ids;
    if (!expect(array, json_kind::array, path)) return ids;
    for (std::size_t i = 0; i < array.children.size(); ++i) {
      read_string(json_.child(array, i), lazy_pointer(path, i), ids.emplace_back());
    }
    return ids;
  }

  source map_source(const json_node& object, const lazy_pointer& path) {
    source s;
    members(object, path, "a source", source_keys,
            [&](const json_node& value, const lazy_pointer& member_path) {
              const std::string_view key = value.key;
              if (key == "id") read_string(value, member_path, s.id);
              else if (key == "name") read_string(value, member_path, s.name);
              else if (key == "reliability") s.reliability = read_number(value, member_path).value_or(s.reliability);
              else s.extra = read_extra(value, member_path);
            });
    return s;
  }

  void read_qualifier(const json_node& value, const lazy_pointer& path, claim& c) {
    // An unreadable qualifier becomes a value outside the enum, so that
    // validate() skips the checks that depend on it instead of guessing.
    c.qualifier = static_cast<qualifier>(-1);
    if (!expect(value, json_kind::string, path)) return;
    if (const auto q = qualifier_from_string(value.text)) {
      c.qualifier = *q;
      return;
    }
    static constexpr std::array<std::string_view, 8> names{"exactly", "at_least", "more_than", "at_most",
                                                           "fewer_than", "between", "about", "nearly"};
    report("unknown-qualifier", value.begin, path, "Qualifier " + in_quotes(value.text) + " is not one tally knows.",
           "Use one of exactly, at_least, more_than, at_most, fewer_than, between, about, nearly" +
               did_you_mean(closest_match(value.text, names)) + ".");
  }

  claim map_claim(const json_node& object, const lazy_pointer& path) {
    claim c;
    bool has_value = false;
    members(object, path, "a claim", claim_keys,
            [&](const json_node& value, const lazy_pointer& member_path) {
              const std::string_view key = value.key;
              if (key == "id") read_string(value, member_path, c.id);
              else if (key == "source") read_string(value, member_path, c.source);
              else if (key == "quantity") c.quantities = read_claim_quantity(value, member_path);
              else if (key == "qualifier") read_qualifier(value, member_path, c);
              else if (key == "value") c.value = read_number(value, member_path).value_or(0), has_value = true;
              else if (key == "upper") c.upper = read_number(value, member_path);
              else if (key == "tolerance") c.tolerance = read_number(value, member_path);
              else if (key == "weight") c.weight = read_number(value, member_path);
              else if (key == "as_of") c.as_of = read_timestamp(value, member_path);
              else if (key == "since") c.since = read_timestamp(value, member_path);
              else if (key == "quote") read_string(value, member_path, c.quote);
              else if (key == "url") read_string(value, member_path, c.url);
              else if (key == "note") read_string(value, member_path, c.note);
              else if (key == "language") read_string(value, member_path, c.language);
              else c.extra = read_extra(value, member_path);
            });
    if (!has_value) {
      report("missing-key", object.begin, lazy_pointer(path, "value"),
             "Claim " + in_quotes(c.id) + " has no \"value\": the figure the source gave.",
             "Add \"value\", e.g. \"value\": 200 for \"at least 200\".");
    }
    return c;
  }

  std::vector<std::string> read_claim_quantity(const json_node& value, const lazy_pointer& path) {
    if (value.kind == json_kind::array) return read_quantity_list(value, path);
    std::vector<std::string> ids(1);
    if (value.kind == json_kind::string) {
      ids[0] = value.text;
    } else {
      report("wrong-type", value.begin, path,
             "\"quantity\" must be a quantity id or a list of them, not " + std::string(describe(value.kind)) + ".",
             "Write \"quantity\": \"killed.civilians\" or \"quantity\": [\"killed.isis\", \"killed.civilians\"].");
    }
    return ids;
  }

  const json_document& json_;
  long value_digits_;
  mapped_document out_;
};

}  // namespace

mapped_document map_document(const json_document& json, const limits& caps) { return mapper(json, caps).run(); }

}  // namespace tally::detail
