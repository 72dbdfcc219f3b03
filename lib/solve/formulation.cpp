#include "solve/formulation.hpp"

#include "model/quantity_id.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <string_view>
#include <unordered_map>

namespace tally::solve {
namespace {

constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

std::string parent_id(const std::string& id) {
  const auto dot = id.rfind('.');
  return dot == std::string::npos ? std::string{} : id.substr(0, dot);
}

std::vector<std::string> every_quantity(const claim_set& document) {
  std::set<std::string> ids;
  auto add = [&](const std::string& id) {
    for (std::string q = id; !q.empty(); q = parent_id(q)) ids.insert(q);
  };
  detail::for_each_named_quantity(document, add);
  std::vector<std::string> ordered(ids.begin(), ids.end());
  std::sort(ordered.begin(), ordered.end(), tree_order_less);
  return ordered;
}

std::vector<time_point> timeline(const claim_set& document) {
  std::map<std::int64_t, time_point> dated;
  bool any_final = false;
  const auto add = [&](const time_point& t) {
    if (t.is_final())
      any_final = true;
    else
      dated.emplace(t.at->order_key(), t);
  };
  for (const claim& c : document.claims) {
    add(claim_time_point(c, document));
    if (const std::optional<time_point> since = claim_since_point(c, document)) add(*since);
  }
  std::vector<time_point> points;
  for (auto& [key, t] : dated) points.push_back(t);
  if (any_final) points.push_back(time_point{});
  return points;
}

}  // namespace

bool tree_order_less(const std::string& a, const std::string& b) {
  std::string_view x = a, y = b;
  while (true) {
    const std::string_view xs = x.substr(0, x.find('.'));
    const std::string_view ys = y.substr(0, y.find('.'));
    if (xs != ys) return xs < ys;
    if (xs.size() == x.size() || ys.size() == y.size()) return x.size() < y.size();
    x.remove_prefix(xs.size() + 1);
    y.remove_prefix(ys.size() + 1);
  }
}

std::string formulation::variable_name(std::size_t v) const {
  const std::string& q = quantities[quantity_of(v)];
  if (time_points.size() <= 1) return q;
  return q + " (" + time_points[time_of(v)].to_string() + ")";
}

row_mask formulation::mask_keeping(const std::vector<char>& keep_claim) const {
  row_mask mask(system.rows.size(), 1);
  for (std::size_t c = 0; c < claim_row.size(); ++c) mask[claim_row[c]] = keep_claim[c];
  return mask;
}

std::size_t formulation::index_of(const std::string& quantity) const {
  const auto it = std::lower_bound(quantities_by_name.begin(), quantities_by_name.end(), quantity,
                                   [this](std::size_t q, const std::string& name) { return quantities[q] < name; });
  return it != quantities_by_name.end() && quantities[*it] == quantity ? *it : npos;
}

formulation formulate(const claim_set& document, const options& opts) {
  formulation f;
  f.quantities = every_quantity(document);
  f.quantities_by_name.resize(f.quantities.size());
  std::iota(f.quantities_by_name.begin(), f.quantities_by_name.end(), std::size_t{0});
  std::sort(f.quantities_by_name.begin(), f.quantities_by_name.end(),
            [&f](std::size_t a, std::size_t b) { return f.quantities[a] < f.quantities[b]; });
  f.time_points = timeline(document);
  const std::size_t times = f.time_points.size();
  f.system.variables = f.quantities.size() * times;

  f.parent.assign(f.quantities.size(), npos);
  for (std::size_t q = 0; q < f.quantities.size(); ++q) {
    const std::string p = parent_id(f.quantities[q]);
    if (!p.empty()) f.parent[q] = f.index_of(p);
  }

  auto add_row = [&](row r, row_origin origin) {
    f.system.rows.push_back(std::move(r));
    f.origins.push_back(origin);
  };
  auto time_of_point = [&](const time_point& t) {
    return static_cast<std::size_t>(std::lower_bound(f.time_points.begin(), f.time_points.end(), t) -
                                    f.time_points.begin());
  };

  // A child stated as a part or subset of its parent needs no implied row.
  // Each relation's quantities are looked up once, not once per time point.
  std::set<std::pair<std::size_t, std::size_t>> stated;  // (whole, part)
  std::vector<std::vector<std::size_t>> relation_quantities(document.relations.size());  // whole, then parts
  for (std::size_t r = 0; r < document.relations.size(); ++r) {
    const relation& rel = document.relations[r];
    std::vector<std::size_t>& indices = relation_quantities[r];
    indices.push_back(f.index_of(rel.whole));
    for (const std::string& p : rel.parts) {
      indices.push_back(f.index_of(p));
      stated.emplace(indices.front(), indices.back());
    }
  }

  for (std::size_t t = 0; t < times; ++t) {
    for (std::size_t q = 0; q < f.quantities.size(); ++q) {
      if (f.parent[q] == npos || stated.count({f.parent[q], q})) continue;
      add_row(row{{{f.variable(f.parent[q], t), 1}, {f.variable(q, t), -1}}, integer{0}, std::nullopt},
              {row_origin::origin_kind::parent, q, t});
    }
    for (std::size_t r = 0; r < document.relations.size(); ++r) {
      const relation& rel = document.relations[r];
      const std::vector<std::size_t>& indices = relation_quantities[r];
      row whole_minus_parts;
      whole_minus_parts.terms.reserve(indices.size());
      for (std::size_t k = 0; k < indices.size(); ++k)
        whole_minus_parts.terms.push_back({f.variable(indices[k], t), k == 0 ? 1 : -1});
      whole_minus_parts.lower = integer{0};
      if (rel.kind == relation::kind::parts && rel.exhaustive) whole_minus_parts.upper = integer{0};
      add_row(std::move(whole_minus_parts), {row_origin::origin_kind::relation, r, t});
    }
  }

  std::unordered_map<std::string, bool> cumulative;
  for (const quantity& q : document.quantities) cumulative[q.id] = q.cumulative;
  for (std::size_t q = 0; q < f.quantities.size(); ++q) {
    const auto it = cumulative.find(f.quantities[q]);
    if (it != cumulative.end() && !it->second) continue;
    for (std::size_t t = 0; t + 1 < times; ++t)
      add_row(row{{{f.variable(q, t), 1}, {f.variable(q, t + 1), -1}}, std::nullopt, integer{0}},
              {row_origin::origin_kind::running, q, t});
  }

  for (std::size_t c = 0; c < document.claims.size(); ++c) {
    const claim& cl = document.claims[c];
    const std::size_t t = time_of_point(claim_time_point(cl, document));
    const integer_bounds bounds = tally::claim_bounds(cl, opts.default_tolerance);
    row r;
    for (const std::string& q : cl.quantities) r.terms.push_back({f.variable(f.index_of(q), t), 1});
    std::optional<std::size_t> from;
    if (const std::optional<time_point> since = claim_since_point(cl, document)) {
      from = time_of_point(*since);
      for (const std::string& q : cl.quantities) r.terms.push_back({f.variable(f.index_of(q), *from), -1});
    }
    r.lower = bounds.lower;
    r.upper = bounds.upper;
    f.claim_id.push_back(cl.id);
    f.claim_row.push_back(f.system.rows.size());
    f.claim_bounds.push_back(bounds);
    f.claim_time.push_back(t);
    f.claim_since.push_back(from);
    f.claim_weight.push_back(tally::claim_weight(cl, document));
    const bool states_figure =
        cl.qualifier == qualifier::exactly || cl.qualifier == qualifier::about || cl.qualifier == qualifier::nearly;
    f.claim_figure.push_back(states_figure ? std::optional<rational>(cl.value) : std::nullopt);
    add_row(std::move(r), {row_origin::origin_kind::claim, c, t});
  }
  return f;
}

}  // namespace tally::solve
