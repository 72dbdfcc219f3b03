// tally/claim_set.hpp — a claims document (tally/1) as C++ values.
//
// A claim_set is what a user writes: the event, the quantities (counts of
// people), the structure the analyst declares between them (relations), the
// sources and every figure each source gave (claims). It holds the document
// as written: nothing is rounded, merged or dropped. `parse_claims` (parse.hpp)
// builds one from JSON; a program may also fill one in directly and call
// `validate` (validate.hpp) or `reconcile` (reconcile.hpp), which validates.
//
//   tally::claim c;
//   c.id = "officials-inmates";
//   c.source = "officials";
//   c.quantities = {"killed.isis.inmates"};
//   c.qualifier = tally::qualifier::at_least;
//   c.value = 200;
#pragma once

#include <tally/numbers.hpp>
#include <tally/time_point.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

/// How a claimed figure constrains the count E it speaks of (spec table,
/// section 2): the integer bounds are given by `claim_bounds` (constraint.hpp).
enum class qualifier {
  exactly,     ///< E = v (v a whole number)
  at_least,    ///< E ≥ ⌈v⌉
  more_than,   ///< E ≥ ⌊v⌋ + 1
  at_most,     ///< E ≤ ⌊v⌋
  fewer_than,  ///< E ≤ ⌈v⌉ − 1
  between,     ///< ⌈v⌉ ≤ E ≤ ⌊upper⌋
  about,       ///< ⌈v(1−τ)⌉ ≤ E ≤ ⌊v(1+τ)⌋
  nearly,      ///< ⌈v(1−τ)⌉ ≤ E ≤ ⌊v⌋
};

/// The document spelling: "exactly", "at_least", …
std::string_view to_string(qualifier q);
/// The qualifier spelt `text`, or empty when there is none.
std::optional<qualifier> qualifier_from_string(std::string_view text);

/// What the document says about the incident as a whole.
struct event {
  std::string id;
  std::string title;
  std::optional<timestamp> start;
  /// Claims dated on or after the end speak of the final toll.
  std::optional<timestamp> end;
  /// The record's "x" object (users' own metadata) as JSON text, or "".
  std::string extra;
};

/// A declared quantity. Undeclared ids used elsewhere exist too (running
/// counts, no label); every prefix of a dotted id is its parent.
struct quantity {
  /// Dotted path, e.g. "killed.isis.inmates" (a subset of "killed.isis").
  std::string id;
  std::string label;
  /// True for a running count that never decreases over time (the default);
  /// false for a stock that can go down (people held, missing).
  bool cumulative = true;
  std::string extra;
};

/// Hard structure that holds at every time point.
struct relation {
  enum class kind {
    parts,   ///< whole = Σ parts (exhaustive) or whole ≥ Σ parts (not)
    subset,  ///< parts[0] ≤ whole: "subset A of B" is whole B, parts {A}
  };
  relation::kind kind = kind::parts;
  std::string whole;
  std::vector<std::string> parts;
  /// For kind::parts: false when the disjoint parts need not cover the whole.
  bool exhaustive = true;
  std::string extra;
};

/// Who reported figures, and how far the analyst trusts them.
struct source {
  std::string id;
  std::string name;
  /// In (0, 1]; a claim's default weight. The format's default is 1/2.
  rational reliability{1, 2};
  std::string extra;
};

/// One figure reported by one source.
struct claim {
  std::string id;
  std::string source;
  /// The claimed count is the sum of these quantities (usually one).
  std::vector<std::string> quantities;
  tally::qualifier qualifier = qualifier::exactly;
  rational value;
  /// Only for `between`.
  std::optional<rational> upper;
  /// Only for `about` and `nearly`; the options' default applies when empty.
  std::optional<rational> tolerance;
  /// Overrides the source's reliability as this claim's weight.
  std::optional<rational> weight;
  /// Empty: the claim speaks of the final figure.
  std::optional<timestamp> as_of;
  /// Set: the claim is about the change of the count from this date to
  /// `as_of` (or to the final figure), E(as_of) − E(since), not the count
  /// itself: "41 killed on 27 August" is exactly 41 since 26 August, as of
  /// 27 August. Only running counts (cumulative quantities) have changes.
  std::optional<timestamp> since;
  /// Free text carried to every report unchanged.
  std::string quote, url, note, language;
  std::string extra;
};

/// A whole claims document.
struct claim_set {
  /// Always "tally/1" for this version of the format.
  std::string format = "tally/1";
  tally::event event;
  std::vector<quantity> quantities;
  std::vector<relation> relations;
  std::vector<source> sources;
  std::vector<claim> claims;
};

}  // namespace tally
