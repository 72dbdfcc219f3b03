#include "io/parse_paths.hpp"

#include "io/format_keys.hpp"
#include "io/json_document.hpp"
#include "io/number_limits.hpp"
#include "model/limits.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace tally::detail {
namespace {

namespace ondemand = simdjson::ondemand;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 8259's number grammar, which the exact path's reader enforces: simdjson
// hands over a number token unchecked.
bool is_json_number(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (i < n && text[i] == '-') ++i;
  if (i < n && text[i] == '0') {
    ++i;
  } else if (i < n && is_digit(text[i])) {
    while (i < n && is_digit(text[i])) ++i;
  } else {
    return false;
  }
  if (i < n && text[i] == '.') {
    const std::size_t fraction = ++i;
    while (i < n && is_digit(text[i])) ++i;
    if (i == fraction) return false;
  }
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    const std::size_t exponent = i;
    while (i < n && is_digit(text[i])) ++i;
    if (i == exponent) return false;
  }
  return i == n;
}

// Any key the format knows is plain ASCII, so a key written with an escape
// is one for the exact path to judge, and the raw text is the key.
bool plain_key(ondemand::field& field, std::string_view& key) {
  const char* begin = field.key().raw();
  const char* end = begin;
  while (*end != '"') {
    if (*end == '\\') return false;
    ++end;
  }
  key = std::string_view(begin, static_cast<std::size_t>(end - begin));
  return true;
}

// Every reader below returns false where the exact path would report
// something, or might: the caller then gives up on the whole document.
class well_formed_reader {
 public:
  explicit well_formed_reader(long value_digits) : value_digits_(value_digits) {}

  std::optional<claim_set> read(ondemand::document& json) {
    claim_set& doc = document_;
    doc.format.clear();  // absent unless written
    std::string ignored_extra;
    const bool read = members(json, document_keys, [&](std::string_view key, ondemand::value& value) {
      if (key == "format") return read_string(value, doc.format);
      if (key == "event") return read_event(value);
      if (key == "quantities") return read_records(value, doc.quantities, &well_formed_reader::read_quantity);
      if (key == "relations") return read_records(value, doc.relations, &well_formed_reader::read_relation);
      if (key == "sources") return read_records(value, doc.sources, &well_formed_reader::read_source);
      if (key == "claims") return read_records(value, doc.claims, &well_formed_reader::read_claim);
      return read_extra(value, ignored_extra, 1);
    });
    // Anything after the root object is a syntax error.
    if (!read || json.current_location().error() != simdjson::OUT_OF_BOUNDS) return std::nullopt;
    return std::move(document_);
  }

 private:
  // Calls handle(key, value) for each member of the object `json`; false on
  // an unknown or repeated key.
  template <typename Json, std::size_t key_count, typename Handler>
  bool members(Json& json, const std::array<std::string_view, key_count>& known, Handler&& handle) {
    ondemand::object object;
    if (json.get_object().get(object)) return false;
    std::uint32_t seen = 0;  // bit k: known key k met already
    for (auto member : object) {
      ondemand::field field;
      std::string_view key;
      if (std::move(member).get(field) || !plain_key(field, key)) return false;
      const auto found = std::find(known.begin(), known.end(), key);
      if (found == known.end()) return false;
      const std::uint32_t bit = std::uint32_t{1} << (found - known.begin());
      if (seen & bit) return false;
      seen |= bit;
      if (!handle(key, field.value())) return false;
    }
    return true;
  }

  template <typename Record>
  bool read_records(ondemand::value& value, std::vector<Record>& into,
                    bool (well_formed_reader::*read_one)(ondemand::value&, Record&)) {
    ondemand::array array;
    if (value.get_array().get(array)) return false;
    for (auto item : array) {
      ondemand::value record;
      if (std::move(item).get(record) || !(this->*read_one)(record, into.emplace_back())) return false;
    }
    return true;
  }

  bool read_string(ondemand::value& value, std::string& into) {
    std::string_view text;
    if (value.get_string().get(text)) return false;
    into.assign(text);
    return true;
  }

  bool read_bool(ondemand::value& value, bool& into) { return !value.get_bool().get(into); }

  // A number's text as written, within the format's limits. Those keep it
  // far inside a double's range, as the exact path's reader requires of
  // every number, even inside "x".
  bool read_number_text(ondemand::value& value, std::string_view& text) {
    ondemand::json_type type;
    if (value.type().get(type) || type != ondemand::json_type::number) return false;
    text = value.raw_json_token();
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return is_json_number(text) && check_number_limits(text, value_digits_) == number_verdict::ok;
  }

  bool read_number(ondemand::value& value, rational& into) {
    std::string_view text;
    return read_number_text(value, text) && parse_exact_number(std::string(text), into);
  }

  bool read_optional_number(ondemand::value& value, std::optional<rational>& into) {
    return read_number(value, into.emplace());
  }

  bool read_timestamp(ondemand::value& value, std::optional<timestamp>& into) {
    std::string_view text;
    if (value.get_string().get(text)) return false;
    into = parse_timestamp(text);
    return into.has_value();
  }

  // An "x" object as compact JSON text, as compact_json writes it; `depth`
  // is the number of containers around it.
  bool read_extra(ondemand::value& value, std::string& into, std::size_t depth) {
    ondemand::json_type type;
    if (value.type().get(type) || type != ondemand::json_type::object) return false;
    into.clear();
    return write_compact(value, into, depth);
  }

  bool write_compact(ondemand::value& value, std::string& out, std::size_t depth) {
    ondemand::json_type type;
    if (value.type().get(type)) return false;
    switch (type) {
      case ondemand::json_type::null: {
        bool is_null = false;
        if (value.is_null().get(is_null) || !is_null) return false;
        out += "null";
        return true;
      }
      case ondemand::json_type::boolean: {
        bool boolean = false;
        if (value.get_bool().get(boolean)) return false;
        out += boolean ? "true" : "false";
        return true;
      }
      case ondemand::json_type::number: {
        std::string_view text;
        if (!read_number_text(value, text)) return false;
        out += text;
        return true;
      }
      case ondemand::json_type::string: {
        std::string_view text;
        if (value.get_string().get(text)) return false;
        append_json_string(out, text);
        return true;
      }
      case ondemand::json_type::array: return write_compact_array(value, out, depth + 1);
      case ondemand::json_type::object: return write_compact_object(value, out, depth + 1);
    }
    return false;
  }

  // `depth` counts the container itself; the exact path's reader refuses
  // more than max_nesting_depth.
  bool write_compact_array(ondemand::value& value, std::string& out, std::size_t depth) {
    ondemand::array array;
    if (depth > max_nesting_depth || value.get_array().get(array)) return false;
    out += '[';
    bool first = true;
    for (auto item : array) {
      ondemand::value element;
      if (std::move(item).get(element)) return false;
      if (!first) out += ',';
      first = false;
      if (!write_compact(element, out, depth)) return false;
    }
    out += ']';
    return true;
  }

  bool write_compact_object(ondemand::value& value, std::string& out, std::size_t depth) {
    ondemand::object object;
    if (depth > max_nesting_depth || value.get_object().get(object)) return false;
    out += '{';
    bool first = true;
    // A repeated key is the exact path's to report. The keys stay valid in
    // the parser's string buffer until the next document.
    std::vector<std::string_view> keys;
    std::unordered_set<std::string_view> many_keys;  // past a few, compared through a hash set
    for (auto member : object) {
      ondemand::field field;
      std::string_view key;
      if (std::move(member).get(field) || field.unescaped_key().get(key)) return false;
      if (!is_new_key(key, keys, many_keys)) return false;
      if (!first) out += ',';
      first = false;
      append_json_string(out, key);
      out += ':';
      if (!write_compact(field.value(), out, depth)) return false;
    }
    out += '}';
    return true;
  }

  static bool is_new_key(std::string_view key, std::vector<std::string_view>& keys,
                         std::unordered_set<std::string_view>& many_keys) {
    constexpr std::size_t max_compared = 16;
    if (keys.size() < max_compared) {
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) return false;
      keys.push_back(key);
      if (keys.size() == max_compared) many_keys.insert(keys.begin(), keys.end());
      return true;
    }
    return many_keys.insert(key).second;
  }

  bool read_event(ondemand::value& value) {
    event& e = document_.event;
    return members(value, event_keys, [&](std::string_view key, ondemand::value& member) {
      if (key == "id") return read_string(member, e.id);
      if (key == "title") return read_string(member, e.title);
      if (key == "start") return read_timestamp(member, e.start);
      if (key == "end") return read_timestamp(member, e.end);
      return read_extra(member, e.extra, 2);
    });
  }

  bool read_quantity(ondemand::value& value, quantity& q) {
    return members(value, quantity_keys, [&](std::string_view key, ondemand::value& member) {
      if (key == "id") return read_string(member, q.id);
      if (key == "label") return read_string(member, q.label);
      if (key == "cumulative") return read_bool(member, q.cumulative);
      return read_extra(member, q.extra, 3);
    });
  }

  // A relation's shape depends on all of its keys and the reader goes
  // forward only, so both shapes' keys are read and the shape decided after.
  bool read_relation(ondemand::value& value, relation& r) {
    static constexpr std::array<std::string_view, 6> both_shapes_keys{"whole", "parts", "exhaustive",
                                                                      "subset", "of", "x"};
    bool parts_shape = false, subset_shape = false;
    std::optional<std::string> subset;
    const bool read = members(value, both_shapes_keys, [&](std::string_view key, ondemand::value& member) {
      if (key == "x") return read_extra(member, r.extra, 3);
      const bool is_subset_key = key == "subset" || key == "of";
      (is_subset_key ? subset_shape : parts_shape) = true;
      if (key == "whole") return read_string(member, r.whole);
      if (key == "parts") return read_quantity_list(member, r.parts);
      if (key == "exhaustive") return read_bool(member, r.exhaustive);
      if (key == "subset") return read_string(member, subset.emplace());
      return read_string(member, r.whole);  // "of"
    });
    if (!read || (parts_shape && subset_shape)) return false;
    if (subset_shape) {
      r.kind = relation::kind::subset;
      if (subset) r.parts.push_back(std::move(*subset));
    }
    return true;
  }

  bool read_quantity_list(ondemand::value& value, std::vector<std::string>& ids) {
    ondemand::array array;
    if (value.get_array().get(array)) return false;
    for (auto item : array) {
      ondemand::value id;
      if (std::move(item).get(id) || !read_string(id, ids.emplace_back())) return false;
    }
    return true;
  }

  bool read_source(ondemand::value& value, source& s) {
    return members(value, source_keys, [&](std::string_view key, ondemand::value& member) {
      if (key == "id") return read_string(member, s.id);
      if (key == "name") return read_string(member, s.name);
      if (key == "reliability") return read_number(member, s.reliability);
      return read_extra(member, s.extra, 3);
    });
  }

  bool read_qualifier(ondemand::value& value, qualifier& into) {
    std::string_view text;
    if (value.get_string().get(text)) return false;
    const std::optional<qualifier> known = qualifier_from_string(text);
    if (known) into = *known;
    return known.has_value();
  }

  bool read_claim_quantity(ondemand::value& value, std::vector<std::string>& ids) {
    ondemand::json_type type;
    if (value.type().get(type)) return false;
    if (type == ondemand::json_type::array) return read_quantity_list(value, ids);
    return read_string(value, ids.emplace_back());
  }

  bool read_claim(ondemand::value& value, claim& c) {
    bool has_value = false;
    const bool read = members(value, claim_keys, [&](std::string_view key, ondemand::value& member) {
      if (key == "id") return read_string(member, c.id);
      if (key == "source") return read_string(member, c.source);
      if (key == "quantity") return read_claim_quantity(member, c.quantities);
      if (key == "qualifier") return read_qualifier(member, c.qualifier);
      if (key == "value") {
        has_value = true;
        return read_number(member, c.value);
      }
      if (key == "upper") return read_optional_number(member, c.upper);
      if (key == "tolerance") return read_optional_number(member, c.tolerance);
      if (key == "weight") return read_optional_number(member, c.weight);
      if (key == "as_of") return read_timestamp(member, c.as_of);
      if (key == "since") return read_timestamp(member, c.since);
      if (key == "quote") return read_string(member, c.quote);
      if (key == "url") return read_string(member, c.url);
      if (key == "note") return read_string(member, c.note);
      if (key == "language") return read_string(member, c.language);
      return read_extra(member, c.extra, 3);
    });
    return read && has_value;
  }

  claim_set document_;
  long value_digits_;
};

// simdjson reads up to SIMDJSON_PADDING bytes past the text, so the text is
// copied into a padded buffer. Each thread reuses its buffer and its parser
// from call to call, so that a small document costs no allocation; a larger
// one than this gets buffers of its own, so that no thread keeps a big one.
constexpr std::size_t max_reused_buffer = std::size_t{1} << 20;

struct reusable_reader {
  ondemand::parser parser;
  std::string padded_text;
};

std::optional<claim_set> read_padded(ondemand::parser& parser, std::string& padded_text, std::string_view text,
                                     long value_digits) {
  padded_text.assign(text);
  padded_text.append(simdjson::SIMDJSON_PADDING, '\0');
  ondemand::document json;
  if (parser.iterate(padded_text.data(), text.size(), padded_text.size()).get(json)) return std::nullopt;
  return well_formed_reader(value_digits).read(json);
}

}  // namespace

std::optional<claim_set> read_well_formed_document(std::string_view json_text, const limits& caps) {
  // The exact path's reader skips a byte order mark; simdjson does not.
  if (json_text.substr(0, 3) == "\xEF\xBB\xBF") json_text.remove_prefix(3);
  // simdjson stops at a NUL after the document; the exact path reports it.
  if (json_text.find('\0') != std::string_view::npos) return std::nullopt;
  if (json_text.size() > max_reused_buffer) {
    ondemand::parser parser;
    std::string padded_text;
    return read_padded(parser, padded_text, json_text, value_digits(caps));
  }
  thread_local reusable_reader reused;
  return read_padded(reused.parser, reused.padded_text, json_text, value_digits(caps));
}

}  // namespace tally::detail
