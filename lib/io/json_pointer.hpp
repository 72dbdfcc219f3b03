// JSON Pointers (RFC 6901) built only when a diagnostic needs one: the mapper
// visits millions of values in a large document and reports few, so a path
// is a chain of references on the stack until it is spelt out.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tally::detail {

/// `key` escaped as one JSON Pointer token ("~" → "~0", "/" → "~1").
inline std::string pointer_token(std::string_view key) {
  std::string token;
  token.reserve(key.size());
  for (const char c : key) {
    if (c == '~') token += "~0";
    else if (c == '/') token += "~1";
    else token += c;
  }
  return token;
}

/// The place of a value: its parent's place plus a member key or an index.
/// The parent must outlive it (they live on the caller's stack).
class lazy_pointer {
 public:
  lazy_pointer() = default;  // the document itself: ""
  lazy_pointer(const lazy_pointer& parent, std::string_view key) : parent_(&parent), key_(key) {}
  lazy_pointer(const lazy_pointer& parent, std::size_t index) : parent_(&parent), index_(index), is_index_(true) {}

  std::string str() const {
    if (!parent_) return {};
    std::string text = parent_->str();
    text += '/';
    text += is_index_ ? std::to_string(index_) : pointer_token(key_);
    return text;
  }

 private:
  const lazy_pointer* parent_ = nullptr;
  std::string_view key_;
  std::size_t index_ = 0;
  bool is_index_ = false;
};

}  // namespace tally::detail
