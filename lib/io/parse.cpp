#include <tally/parse.hpp>
#include <tally/validate.hpp>

#include "io/document_mapper.hpp"
#include "io/json_document.hpp"
#include "io/json_pointer.hpp"
#include "io/parse_paths.hpp"
#include "io/text_positions.hpp"
#include "model/limits.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <unordered_set>
#include <utility>

namespace tally {
namespace {

using detail::located_diagnostic;

// The value a JSON Pointer names, or the deepest existing value on its way
// (a missing "/claims/3/id" points at the claim itself).
std::size_t resolve_offset(const detail::json_document& json, std::string_view pointer) {
  const detail::json_node* node = &json.root();
  while (!pointer.empty() && pointer.front() == '/') {
    pointer.remove_prefix(1);
    const std::size_t slash = pointer.find('/');
    const std::string_view token = pointer.substr(0, slash);
    pointer = slash == std::string_view::npos ? std::string_view() : pointer.substr(slash);
    const detail::json_node* next = nullptr;
    if (node->kind == detail::json_kind::object) {
      for (const std::uint32_t i : node->children) {
        if (detail::pointer_token(json.nodes[i].key) == token) {
          next = &json.nodes[i];
          break;
        }
      }
    } else if (node->kind == detail::json_kind::array) {
      std::size_t index = 0;
      bool digits = !token.empty();
      for (const char c : token) {
        digits = digits && c >= '0' && c <= '9';
        if (digits) index = index * 10 + static_cast<std::size_t>(c - '0');
      }
      if (digits && index < node->children.size()) next = &json.child(*node, index);
    }
    if (!next) break;
    node = next;
  }
  return node->begin;
}

// A rule validate() finds again where the mapper already reported a fault
// (the same value or one inside it) says nothing new.
bool is_already_reported(const std::string& path, const std::unordered_set<std::string>& reported) {
  for (std::size_t end = path.size();; end = path.rfind('/', end - 1)) {
    if (reported.count(path.substr(0, end))) return true;
    if (end == 0 || end == std::string::npos) return false;
  }
}

parse_result finish(std::string_view text, std::vector<located_diagnostic> found, std::optional<claim_set> document) {
  std::stable_sort(found.begin(), found.end(),
                   [](const located_diagnostic& a, const located_diagnostic& b) { return a.offset < b.offset; });
  std::vector<std::size_t> offsets;
  offsets.reserve(found.size());
  for (const located_diagnostic& d : found) offsets.push_back(d.offset);
  const auto positions = detail::locate_offsets(text, offsets);

  parse_result result;
  if (document) result.event_id = document->event.id;
  for (std::size_t i = 0; i < found.size(); ++i) {
    result.diagnostics.push_back(std::move(found[i].found));
    result.diagnostics.back().line = positions[i].first;
    result.diagnostics.back().column = positions[i].second;
  }
  if (result.diagnostics.empty()) result.document = std::move(document);
  return result;
}

}  // namespace

namespace detail {

parse_result parse_claims_exact(std::string_view json_text, const limits& caps) {
  json_read_result read = read_json(json_text);
  if (read.problem) {
    located_diagnostic d;
    d.found.code = std::move(read.problem->code);
    d.found.message = std::move(read.problem->message);
    d.found.fix = std::move(read.problem->fix);
    d.offset = read.problem->offset;
    return finish(json_text, {std::move(d)}, std::nullopt);
  }

  mapped_document mapped = map_document(read.document, caps);
  if (read.document.root().kind != json_kind::object) {
    return finish(json_text, std::move(mapped.diagnostics), std::nullopt);
  }
  std::unordered_set<std::string> reported;
  for (const located_diagnostic& d : mapped.diagnostics) reported.insert(d.found.path);
  for (diagnostic& d : validate(mapped.document, caps)) {
    if (is_already_reported(d.path, reported)) continue;
    const std::size_t offset = resolve_offset(read.document, d.path);
    mapped.diagnostics.push_back({std::move(d), offset});
  }
  return finish(json_text, std::move(mapped.diagnostics), std::move(mapped.document));
}

}  // namespace detail

parse_result parse_claims(std::string_view json_text, const limits& caps) {
  if (json_text.size() > caps.max_input_bytes) {
    parse_result result;
    result.diagnostics.push_back(detail::input_too_large("The document", caps));
    return result;
  }
  if (std::optional<claim_set> document = detail::read_well_formed_document(json_text, caps)) {
    if (validate(*document, caps).empty()) {
      parse_result result;
      result.event_id = document->event.id;
      result.document = std::move(document);
      return result;
    }
  }
  return detail::parse_claims_exact(json_text, caps);
}

namespace {

// Reads all of `fd` into `text`, but no more than `max_bytes` + 1 bytes (so
// that a larger input is known as such without being held): "" on success,
// else what went wrong.
std::string read_all(int fd, std::size_t max_bytes, std::string& text) {
  std::size_t filled = 0;
  text.resize(std::min<std::size_t>(max_bytes + 1, std::size_t{1} << 16));
  for (;;) {
    if (filled == text.size()) {
      if (text.size() > max_bytes) return {};
      text.resize(std::min(max_bytes + 1, 2 * text.size()));
    }
    const ssize_t n = ::read(fd, text.data() + filled, text.size() - filled);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::strerror(errno);
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
  }
  text.resize(filled);
  return {};
}

parse_result unreadable(const std::string& what, const std::string& failure) {
  parse_result result;
  diagnostic d;
  d.code = "io";
  d.message = "Cannot read " + what + ": " + failure + ".";
  d.fix = "Check the file name and that the file is readable.";
  result.diagnostics.push_back(std::move(d));
  return result;
}

}  // namespace

parse_result parse_claims_file(const std::filesystem::path& path, const limits& caps) {
  const bool is_stdin = path == "-";
  const std::string what = is_stdin ? std::string("standard input") : path.string();
  int fd = STDIN_FILENO;
  if (!is_stdin) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return unreadable(what, "it is a directory");
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return unreadable(what, std::strerror(errno));
  }
  std::string text;
  const std::string failure = read_all(fd, caps.max_input_bytes, text);
  if (!is_stdin) ::close(fd);
  if (!failure.empty()) return unreadable(what, failure);
  if (text.size() > caps.max_input_bytes) {
    parse_result result;
    result.diagnostics.push_back(detail::input_too_large(is_stdin ? "Standard input" : "File " + what, caps));
    return result;
  }
  return parse_claims(text, caps);
}

}  // namespace tally
