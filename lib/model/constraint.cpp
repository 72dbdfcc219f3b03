#include <tally/constraint.hpp>

#include "model/rounding.hpp"

namespace tally {

integer_bounds claim_bounds(const claim& c, const rational& default_tolerance) {
  const rational& v = c.value;
  const rational tolerance = c.tolerance.value_or(default_tolerance);
  integer_bounds b;
  switch (c.qualifier) {
    case qualifier::exactly:
      b.lower = detail::ceil(v);
      b.upper = detail::floor(v);
      break;
    case qualifier::at_least:
      b.lower = detail::ceil(v);
      break;
    case qualifier::more_than:
      b.lower = detail::floor(v) + 1;
      break;
    case qualifier::at_most:
      b.upper = detail::floor(v);
      break;
    case qualifier::fewer_than:
      b.upper = detail::ceil(v) - 1;
      break;
    case qualifier::between:
      b.lower = detail::ceil(v);
      b.upper = detail::floor(c.upper.value_or(v));
      break;
    case qualifier::about:
      b.lower = detail::ceil(v * (1 - tolerance));
      b.upper = detail::floor(v * (1 + tolerance));
      break;
    case qualifier::nearly:
      b.lower = detail::ceil(v * (1 - tolerance));
      b.upper = detail::floor(v);
      break;
  }
  if (b.lower < 0) b.lower = 0;
  return b;
}

rational claim_weight(const claim& c, const claim_set& document) {
  if (c.weight) return *c.weight;
  for (const source& s : document.sources)
    if (s.id == c.source) return s.reliability;
  return rational{1, 2};
}

namespace {

time_point point_of(const timestamp& t, const claim_set& document) {
  const auto& end = document.event.end;
  if (end && t.order_key() >= end->order_key()) return {};
  return time_point{t};
}

}  // namespace

time_point claim_time_point(const claim& c, const claim_set& document) {
  return c.as_of ? point_of(*c.as_of, document) : time_point{};
}

std::optional<time_point> claim_since_point(const claim& c, const claim_set& document) {
  if (!c.since) return std::nullopt;
  return point_of(*c.since, document);
}

}  // namespace tally
