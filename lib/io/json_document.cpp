#include "io/json_document.hpp"

#include "model/utf8.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <utility>

namespace tally::detail {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// nlohmann's SAX callbacks carry no positions. They do fire right after the
// reader has scanned each token, in document order, and only whitespace, ','
// and ':' lie between two tokens. So a cursor that follows along, skipping
// those and stepping over each reported token, always knows where the current
// token starts. The reader has already checked the syntax of every token the
// cursor steps over.
class token_cursor {
 public:
  explicit token_cursor(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") position_ = 3;  // the reader skips a BOM too
  }

  std::size_t position() const { return position_; }

  // Skips to the next token and returns where it starts.
  std::size_t next_token() {
    while (position_ < text_.size() && (is_blank(text_[position_]) || text_[position_] == ',' ||
                                        text_[position_] == ':')) {
      ++position_;
    }
    return position_;
  }

  void step(std::size_t length) { position_ += length; }

  void step_over_string() {
    std::size_t i = position_ + 1;
    while (i < text_.size() && text_[i] != '"') i += text_[i] == '\\' ? 2 : 1;
    position_ = i + 1;
  }

  void step_over_number() {
    while (position_ < text_.size() && is_number_character(text_[position_])) ++position_;
  }

 private:
  static bool is_number_character(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  }

  std::string_view text_;
  std::size_t position_ = 0;
};

// Builds the DOM from SAX events with an explicit stack of open containers.
class dom_builder {
 public:
  dom_builder(std::string_view text, json_read_result& out) : text_(text), cursor_(text), out_(out) {}

  bool null() {
    add(json_kind::null, 4);
    return true;
  }
  bool boolean(bool value) {
    add(json_kind::boolean, value ? 4 : 5).boolean = value;
    return true;
  }
  bool number_integer(std::int64_t) { return number(); }
  bool number_unsigned(std::uint64_t) { return number(); }
  bool number_float(double, const std::string&) { return number(); }
  bool string(std::string& value) {
    json_node& node = add(json_kind::string, 0);
    cursor_.step_over_string();
    node.end = cursor_.position();
    node.text = std::move(value);
    return true;
  }
  bool binary(nlohmann::json::binary_t&) { return false; }  // never produced from JSON text

  bool key(std::string& name) {
    pending_key_begin_ = cursor_.next_token();
    cursor_.step_over_string();
    pending_key_ = std::move(name);
    return true;
  }

  bool start_object(std::size_t) { return open(json_kind::object); }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(json_kind::array); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    // `position` counts the bytes read: the last one read is where the reader
    // gave up, often at the end of the offending token. Point at the token's
    // start instead (the cursor knows it), except inside a string, where the
    // bad byte itself is the clearer place.
    const std::size_t last_read = std::min(position > 0 ? position - 1 : 0, text_.size());
    const bool in_string = std::string_view(e.what()).find("invalid string") != std::string_view::npos;
    const std::size_t offset = in_string ? last_read : std::min(cursor_.next_token(), last_read);
    if (e.id == 406) {  // a number beyond the range of a double
      out_.problem = json_problem{"number-too-large", cursor_.next_token(),
                                  "A number in the document is far too large for any count (beyond a double's "
                                  "range, about 10^308).",
                                  "Give counts as whole numbers below 10^30 (max_value_digits)."};
      return false;
    }
    std::string detail = e.what();
    const std::size_t dash = detail.find(" - ");
    detail = dash == std::string::npos ? detail.substr(detail.find(": ") + 2) : detail.substr(dash + 3);
    if (detail.size() > 160) {
      std::size_t cut = 160;
      while (cut > 0 && (static_cast<unsigned char>(detail[cut]) & 0xC0) == 0x80) --cut;  // whole characters
      detail = detail.substr(0, cut) + "…";
    }
    const bool truncated = position > text_.size() || detail.find("end of input") != std::string::npos;
    out_.problem = json_problem{
        "syntax", offset, "The JSON text is malformed: " + detail + ".",
        truncated ? "The text ends before the document is complete (is the file truncated?): close every "
                    "open string, array and object."
                  : "Correct the JSON at this place: look for a missing comma, quote, colon or bracket."};
    return false;
  }

 private:
  json_node& add(json_kind kind, std::size_t length) {
    const std::size_t begin = cursor_.next_token();
    const auto index = static_cast<std::uint32_t>(out_.document.nodes.size());
    json_node& node = out_.document.nodes.emplace_back();
    node.kind = kind;
    node.begin = begin;
    cursor_.step(length);
    node.end = cursor_.position();
    if (!open_.empty()) {
      json_node& parent = out_.document.nodes[open_.back()];
      parent.children.push_back(index);
      if (parent.kind == json_kind::object) {
        node.key = std::move(pending_key_);
        node.key_begin = pending_key_begin_;
      }
    }
    return out_.document.nodes.back();  // the parent's push_back did not move nodes
  }

  bool number() {
    json_node& node = add(json_kind::number, 0);
    cursor_.step_over_number();
    node.end = cursor_.position();
    node.text.assign(text_.substr(node.begin, node.end - node.begin));
    return true;
  }

  bool open(json_kind kind) {
    if (open_.size() >= max_nesting_depth) {
      out_.problem = json_problem{
          "nesting-too-deep", cursor_.next_token(),
          "The JSON nests arrays and objects deeper than " + std::to_string(max_nesting_depth) + " levels.",
          "A claims document needs only a few levels: remove the extra nesting."};
      return false;
    }
    add(kind, 1);
    open_.push_back(static_cast<std::uint32_t>(out_.document.nodes.size() - 1));
    return true;
  }

  bool close() {
    cursor_.next_token();
    cursor_.step(1);
    out_.document.nodes[open_.back()].end = cursor_.position();
    open_.pop_back();
    return true;
  }

  std::string_view text_;
  token_cursor cursor_;
  json_read_result& out_;
  std::vector<std::uint32_t> open_;
  std::string pending_key_;
  std::size_t pending_key_begin_ = 0;
};

bool is_blank_text(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  for (const char c : text) {
    if (!is_blank(c)) return false;
  }
  return true;
}

void write_compact(std::string& out, const json_document& document, const json_node& node) {
  switch (node.kind) {
    case json_kind::null: out += "null"; return;
    case json_kind::boolean: out += node.boolean ? "true" : "false"; return;
    case json_kind::number: out += node.text; return;
    case json_kind::string: append_json_string(out, node.text); return;
    case json_kind::array:
    case json_kind::object: break;
  }
  const bool object = node.kind == json_kind::object;
  out += object ? '{' : '[';
  for (std::size_t i = 0; i < node.children.size(); ++i) {
    if (i > 0) out += ',';
    const json_node& child = document.child(node, i);
    if (object) {
      append_json_string(out, child.key);
      out += ':';
    }
    write_compact(out, document, child);  // depth is bounded by max_nesting_depth
  }
  out += object ? '}' : ']';
}

}  // namespace

const json_node* json_document::member(const json_node& object, std::string_view key) const {
  for (const std::uint32_t i : object.children) {
    if (nodes[i].key == key) return &nodes[i];
  }
  return nullptr;
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t plain_from = 0;  // bytes that need no escape are copied a run at a time
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte != '"' && byte != '\\') continue;
    out.append(text, plain_from, i - plain_from);
    plain_from = i + 1;
    switch (byte) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += hex[byte >> 4];
        out += hex[byte & 15];
    }
  }
  out.append(text, plain_from);
  out += '"';
}

json_read_result read_json(std::string_view text) {
  json_read_result result;
  if (is_blank_text(text)) {
    result.problem = json_problem{"empty-input", 0, "The document is empty.",
                                  "Write a claims document: a JSON object with \"format\": \"tally/1\"."};
    return result;
  }
  if (const auto bad = find_invalid_utf8(text)) {
    result.problem = json_problem{"encoding", *bad, "The document is not valid UTF-8 text.",
                                  "Save the file as UTF-8 (it may be in a legacy encoding such as "
                                  "Windows-1256 or Latin-1)."};
    return result;
  }
  // JSON has no place for a NUL byte, but nlohmann's reader takes one for
  // the end of the text, so "{…}\0" would pass.
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    result.problem = json_problem{"syntax", nul, "The JSON text has a NUL byte (\\0) here; JSON allows none, not even "
                                  "after the document.", "Remove the NUL bytes (the file may be padded or truncated)."};
    return result;
  }
  result.document.nodes.reserve(text.size() / 32);  // typical documents spend 25–40 bytes per value
  dom_builder builder(text, result);
  const bool complete = nlohmann::json::sax_parse(text.begin(), text.end(), &builder);
  if (!complete && !result.problem) {
    result.problem = json_problem{"syntax", 0, "The JSON text could not be read.",
                                  "Correct the JSON syntax."};
  }
  return result;
}

std::string compact_json(const json_document& document, const json_node& node) {
  std::string out;
  write_compact(out, document, node);
  return out;
}

std::string_view describe(json_kind kind) {
  switch (kind) {
    case json_kind::null: return "null";
    case json_kind::boolean: return "true or false";
    case json_kind::number: return "a number";
    case json_kind::string: return "a string";
    case json_kind::array: return "an array";
    case json_kind::object: return "an object";
  }
  return "a value";
}

}  // namespace tally::detail
