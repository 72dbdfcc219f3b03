// A small JSON DOM that keeps what nlohmann's own DOM loses: every number's
// exact text (0.1 stays "0.1", 20000000000000000000 keeps every digit) and
// where each value starts in the text, so that a diagnostic can say
// "line 41, column 17". Internal to the io module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally::detail {

enum class json_kind : std::uint8_t { null, boolean, number, string, array, object };

/// One value. Containers list their children in document order; a child of
/// an object also carries its key.
struct json_node {
  json_kind kind = json_kind::null;
  bool boolean = false;
  /// Byte offsets of the value's first byte and one past its last.
  std::size_t begin = 0, end = 0;
  /// The member's key and the offset of its opening quote (object children).
  std::string key;
  std::size_t key_begin = 0;
  /// A string's decoded text, or a number's text exactly as written.
  std::string text;
  std::vector<std::uint32_t> children;
};

/// Nodes in document order; nodes[0] is the root.
struct json_document {
  std::vector<json_node> nodes;

  const json_node& root() const { return nodes.front(); }
  const json_node& child(const json_node& parent, std::size_t i) const { return nodes[parent.children[i]]; }
  /// The first member named `key`, or null.
  const json_node* member(const json_node& object, std::string_view key) const;
};

/// Why the text could not be read as JSON, and where.
struct json_problem {
  std::string code;  ///< "empty-input", "encoding", "syntax", "nesting-too-deep", "number-too-large"
  std::size_t offset = 0;
  std::string message;
  std::string fix;
};

struct json_read_result {
  json_document document;
  std::optional<json_problem> problem;  ///< set when `document` is unusable
};

/// Deeper nesting is refused: no claims document needs more than a handful of
/// levels, and refusing keeps every later pass safe from stack exhaustion.
inline constexpr std::size_t max_nesting_depth = 64;

/// Reads one JSON value (the whole text) without recursion.
json_read_result read_json(std::string_view text);

/// Appends `text` as a JSON string: quoted, with `"`, `\` and control
/// characters escaped and everything else as it is.
void append_json_string(std::string& out, std::string_view text);

/// `node` as compact JSON text, numbers as written (for "x" objects).
std::string compact_json(const json_document& document, const json_node& node);

/// "a string", "a number", … for messages.
std::string_view describe(json_kind kind);

}  // namespace tally::detail
