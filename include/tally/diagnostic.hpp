// tally/diagnostic.hpp — what is wrong with a document, where, and how to fix it.
//
// Parsing and validation collect every diagnostic they find instead of
// stopping at the first, so a user fixes a document in one pass:
//
//   /claims/3/source (line 41, column 17): claim "sohr-isis" names source
//   "sohrr", which is not declared. Fix: declare it under "sources" or
//   correct the id (did you mean "sohr"?).
#pragma once

#include <string>
#include <vector>

namespace tally {

/// One finding about a claims document.
struct diagnostic {
  /// A short stable kind for programs and tests, e.g. "unknown-key",
  /// "dangling-reference", "cycle", "syntax".
  std::string code;
  /// JSON Pointer (RFC 6901) to the offending value, "" for the whole document.
  std::string path;
  /// 1-based line and column in the document text; 0 when not known.
  int line = 0;
  int column = 0;
  /// What is wrong, in a full sentence naming the values involved.
  std::string message;
  /// How to fix it, in a full sentence.
  std::string fix;
};

/// "path (line L, column C): message Fix: fix" on one line.
std::string to_string(const diagnostic& d);

}  // namespace tally
