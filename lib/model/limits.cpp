#include "model/limits.hpp"

#include "model/quantity_id.hpp"
#include "model/wording.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_set>

namespace tally::detail {

std::string raise_limit_fix(std::string_view advice, std::string_view name) {
  std::string flag(name);
  for (char& c : flag)
    if (c == '_') c = '-';
  return std::string(advice) + " If it really is this large, raise the limit: --" + flag + " on the command line, limits." +
         std::string(name) + " in C++, limits={\"" + std::string(name) + "\": …} in Python.";
}

long value_digits(const limits& caps) {
  return static_cast<long>(std::min<std::size_t>(caps.max_value_digits, 1'000'000'000));
}

namespace {

diagnostic past_limit(std::string code, std::string path, std::string message, std::string_view advice,
                      std::string_view name) {
  diagnostic d;
  d.code = std::move(code);
  d.path = std::move(path);
  d.message = std::move(message);
  d.fix = raise_limit_fix(advice, name);
  return d;
}

// The dotted segments of a quantity id: "killed.isis.inmates" has 3.
std::size_t segments(std::string_view id) { return 1 + static_cast<std::size_t>(std::count(id.begin(), id.end(), '.')); }

class limit_checker {
 public:
  limit_checker(const claim_set& document, const limits& caps) : document_(document), caps_(caps) {}

  std::vector<diagnostic> run() {
    check_ids();
    check_claims();
    if (found_.empty()) check_quantities();  // counting them needs ids within their limits
    check_time_points();
    return std::move(found_);
  }

 private:
  // At most this many ids are reported: a million long ids need one message, not a million.
  static constexpr std::size_t max_id_reports = 20;

  void check_id(const std::string& id, bool is_quantity, std::string_view kind, const std::string& path) {
    if (id_reports_ >= max_id_reports) return;
    if (id.size() > caps_.max_id_length) {
      ++id_reports_;
      found_.push_back(past_limit("id-too-long", path,
                                  "The " + std::string(kind) + " id " + in_quotes(id, 40) + " is " + grouped(id.size()) +
                                      " bytes long, over the limit of " + grouped(caps_.max_id_length) +
                                      " (max_id_length).",
                                  "Give it a shorter id.", "max_id_length"));
      return;
    }
    if (!is_quantity) return;
    const std::size_t depth = segments(id);
    if (depth <= caps_.max_id_depth) return;
    ++id_reports_;
    found_.push_back(past_limit("id-too-deep", path,
                                "The quantity id " + in_quotes(id, 40) + " has " + grouped(depth) +
                                    " dotted segments, over the limit of " + grouped(caps_.max_id_depth) +
                                    " (max_id_depth).",
                                "Name the quantity with fewer levels of categories.", "max_id_depth"));
  }

  void check_ids() {
    check_id(document_.event.id, false, "event", "/event/id");
    for (std::size_t i = 0; i < document_.quantities.size(); ++i)
      check_id(document_.quantities[i].id, true, "quantity", "/quantities/" + std::to_string(i) + "/id");
    for (std::size_t i = 0; i < document_.relations.size(); ++i) {
      const relation& r = document_.relations[i];
      const std::string base = "/relations/" + std::to_string(i);
      const bool subset = r.kind == relation::kind::subset;
      check_id(r.whole, true, "quantity", base + (subset ? "/of" : "/whole"));
      for (std::size_t j = 0; j < r.parts.size(); ++j)
        check_id(r.parts[j], true, "quantity", base + (subset ? "/subset" : "/parts/" + std::to_string(j)));
    }
    for (std::size_t i = 0; i < document_.sources.size(); ++i)
      check_id(document_.sources[i].id, false, "source", "/sources/" + std::to_string(i) + "/id");
    for (std::size_t i = 0; i < document_.claims.size(); ++i) {
      const claim& c = document_.claims[i];
      const std::string base = "/claims/" + std::to_string(i);
      check_id(c.id, false, "claim", base + "/id");
      check_id(c.source, false, "source", base + "/source");
      for (std::size_t j = 0; j < c.quantities.size(); ++j)
        check_id(c.quantities[j], true, "quantity",
                 base + (c.quantities.size() > 1 ? "/quantity/" + std::to_string(j) : "/quantity"));
    }
  }

  void check_claims() {
    const std::size_t n = document_.claims.size();
    if (n <= caps_.max_claims) return;
    found_.push_back(past_limit("too-many-claims", "/claims",
                                "The document has " + grouped(n) + " claims, over the limit of " +
                                    grouped(caps_.max_claims) + " (max_claims).",
                                "Split it into several documents, one per incident.", "max_claims"));
  }

  // Every quantity named and each of its dotted parents, counted only when
  // there could be more than the limit.
  void check_quantities() {
    std::size_t named = 0;
    const auto for_each_id = [&](auto&& visit) { detail::for_each_named_quantity(document_, visit); };
    for_each_id([&](const std::string& id) { named += segments(id); });
    if (named <= caps_.max_quantities) return;
    std::unordered_set<std::string_view> ids;
    for_each_id([&](const std::string& id) {
      const std::string_view view(id);
      for (std::size_t dot = view.find('.'); dot != std::string_view::npos; dot = view.find('.', dot + 1))
        ids.insert(view.substr(0, dot));
      ids.insert(view);
    });
    if (ids.size() <= caps_.max_quantities) return;
    found_.push_back(past_limit("too-many-quantities", "/quantities",
                                "The document speaks of " + grouped(ids.size()) +
                                    " distinct quantities (declared, named in relations and claims, and their dotted "
                                    "parents), over the limit of " +
                                    grouped(caps_.max_quantities) + " (max_quantities).",
                                "Split it into several documents, one per incident.", "max_quantities"));
  }

  void check_time_points() {
    // the final figure and two per claim at most (a change has two dates)
    if (2 * document_.claims.size() + 1 <= caps_.max_time_points) return;
    std::unordered_set<std::int64_t> points;
    bool final_figure = false;
    for (const claim& c : document_.claims) {
      if (c.as_of)
        points.insert(c.as_of->order_key());
      else
        final_figure = true;
      if (c.since) points.insert(c.since->order_key());
    }
    const std::size_t n = points.size() + (final_figure ? 1 : 0);
    if (n <= caps_.max_time_points) return;
    found_.push_back(past_limit("too-many-time-points", "/claims",
                                "The claims give figures at " + grouped(n) + " distinct time points, over the limit of " +
                                    grouped(caps_.max_time_points) + " (max_time_points).",
                                "Keep the time points a reader needs, or split the document by period.",
                                "max_time_points"));
  }

  const claim_set& document_;
  const limits& caps_;
  std::vector<diagnostic> found_;
  std::size_t id_reports_ = 0;
};

}  // namespace

std::vector<diagnostic> check_limits(const claim_set& document, const limits& caps) {
  return limit_checker(document, caps).run();
}

diagnostic input_too_large(std::string_view what, const limits& caps) {
  return past_limit("input-too-large", "",
                    std::string(what) + " is larger than the limit of " + grouped(caps.max_input_bytes) +
                        " bytes (max_input_bytes), so it was not read.",
                    "Check that it is a claims document.", "max_input_bytes");
}

}  // namespace tally::detail
