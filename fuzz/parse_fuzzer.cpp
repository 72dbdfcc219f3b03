// libFuzzer target: tally::parse_claims on raw bytes.
//
// Every input goes through both readers: the simdjson fast path
// (read_well_formed_document) and the exact path (read_json, map_document,
// validate). Beyond the sanitizers' own checks, the target requires what
// parse_claims promises: whatever the fast path reads, the exact path reads
// without a word and into the same claim_set; parse_claims gives what the
// exact path gives; a document it accepts is valid; every diagnostic renders.
#include "io/document_mapper.hpp"
#include "io/json_document.hpp"
#include "io/parse_paths.hpp"

#include "../tests/unit/io/canonical_text.hpp"

#include <tally/parse.hpp>
#include <tally/report.hpp>
#include <tally/validate.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "parse_fuzzer: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using tally::test::canonical_text;
  const std::string text(reinterpret_cast<const char*>(data), size);

  const std::optional<tally::claim_set> fast = tally::detail::read_well_formed_document(text);
  if (fast) {
    const tally::detail::json_read_result read = tally::detail::read_json(text);
    if (read.problem) fail("the fast path read a document the exact path finds malformed");
    const tally::detail::mapped_document mapped = tally::detail::map_document(read.document);
    if (!mapped.diagnostics.empty()) fail("the fast path read a document the exact path reports faults in");
    if (canonical_text().of(*fast) != canonical_text().of(mapped.document))
      fail("the two paths read different documents");
  }

  const tally::parse_result result = tally::parse_claims(text);
  const tally::parse_result exact = tally::detail::parse_claims_exact(text);
  if (canonical_text().of(result) != canonical_text().of(exact) || result.event_id != exact.event_id)
    fail("parse_claims and the exact path disagree");
  if (result.ok() && !tally::validate(*result.document).empty()) fail("an accepted document is invalid");
  if (!result.ok() && result.diagnostics.empty()) fail("a refused document has no diagnostic");

  for (const tally::report_format format :
       {tally::report_format::text, tally::report_format::markdown, tally::report_format::json})
    (void)tally::render_diagnostics(result.diagnostics, format);
  return 0;
}
