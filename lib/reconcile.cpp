// The one place that runs the modules in order: validate, formulate, solve,
// explain. Everything else is a pure function of its inputs.
#include <tally/reconcile.hpp>
#include <tally/validate.hpp>

#include "explain/conflict_search.hpp"
#include "explain/distance.hpp"
#include "explain/explanation.hpp"
#include "explain/wording.hpp"
#include "solve/formulation.hpp"
#include "solve/free_totals.hpp"
#include "solve/integer_program.hpp"
#include "solve/stop.hpp"

#include <tally/error.hpp>

#include <algorithm>

namespace tally {
namespace {

std::vector<std::string> sorted_ids(const solve::formulation& f, const explain::index_set& claims) {
  std::vector<std::string> ids;
  for (std::size_t c : claims) ids.push_back(f.claim_id[c]);
  std::sort(ids.begin(), ids.end());
  return ids;
}

correction to_correction(const solve::formulation& f, const explain::index_set& dropped) {
  correction out;
  out.drop = sorted_ids(f, dropped);
  out.weight = 0;
  for (std::size_t c : dropped) out.weight += f.claim_weight[c];
  return out;
}

void fill_ranges(result& out, const solve::formulation& f, const std::vector<char>& in_force,
                 const solve::free_totals& totals, const solve::ranges_result& ranges, const options& opts,
                 solve::work_counters& work) {
  explain::estimates estimates;
  if (opts.estimates) estimates = explain::estimate_counts(f, in_force, totals, ranges, opts.threads, work);
  for (std::size_t q = 0; q < f.quantities.size(); ++q)
    for (std::size_t t = 0; t < f.time_points.size(); ++t) {
      const std::size_t v = f.variable(q, t);
      range r{f.quantities[q], f.time_points[t], ranges.min[v], ranges.max[v], std::nullopt,
              range::missing_estimate::not_computed};
      if (opts.estimates) {
        r.estimate = estimates.value[v];
        r.no_estimate = estimates.no_estimate[v];
      }
      out.ranges.push_back(std::move(r));
    }
}

// The ranges under the claims in force, given integer_ranges_by_component's
// answer under every claim: the ranges of every component without a
// conflict (`solved`; none when nothing was solved) and the rows of the
// others (`unsolved_rows`). The correction drops claims of the conflicting
// components only, so the others' rows are unchanged. The totals free under
// every claim are free under fewer, and stay out.
solve::ranges_result ranges_after_correction(const solve::formulation& f, const std::vector<char>& in_force,
                                             const solve::free_totals& totals, solve::ranges_result solved,
                                             const std::vector<std::size_t>& unsolved_rows, unsigned threads,
                                             solve::work_counters& work) {
  const bool partly_solved = !solved.min.empty();
  solve::row_mask mask = f.mask_keeping(in_force);
  for (std::size_t r = 0; r < mask.size(); ++r) mask[r] = mask[r] && totals.active[r];
  if (partly_solved) {
    std::vector<char> unsolved(mask.size(), 0);
    for (std::size_t r : unsolved_rows) unsolved[r] = 1;
    for (std::size_t r = 0; r < mask.size(); ++r) mask[r] = mask[r] && unsolved[r];
  }
  solve::ranges_result ranges = solve::integer_ranges(f.system, mask, work, threads);
  if (!ranges.feasible) throw error("internal: the claims in force turned out inconsistent");
  if (!partly_solved) return ranges;
  for (std::size_t r : unsolved_rows)
    for (const solve::term& t : f.system.rows[r].terms) {
      solved.min[t.variable] = ranges.min[t.variable];
      solved.max[t.variable] = ranges.max[t.variable];
    }
  solved.feasible = true;
  return solved;
}

void fill_claims(result& out, const solve::formulation& f, const claim_set& document,
                 const std::vector<char>& in_force, const std::vector<char>& in_conflict) {
  for (std::size_t c = 0; c < document.claims.size(); ++c) {
    const claim& cl = document.claims[c];
    claim_outcome o;
    o.id = cl.id;
    o.source = cl.source;
    o.quantities = cl.quantities;
    o.time = f.time_points[f.claim_time[c]];
    if (f.claim_since[c]) o.since = f.time_points[*f.claim_since[c]];
    o.lower = f.claim_bounds[c].lower;
    o.upper = f.claim_bounds[c].upper;
    o.weight = f.claim_weight[c];
    o.in_force = in_force[c] != 0;
    o.in_conflict = in_conflict[c] != 0;
    o.constraint = explain::constraint_text(f, document, c);
    out.claims.push_back(std::move(o));
  }
}

void copy_statistics(result& out, const solve::formulation& f, const solve::work_counters& work) {
  out.stats.variables = f.system.variables;
  out.stats.constraints = f.system.rows.size();
  out.stats.components = work.components;
  out.stats.exact_components = work.exact_components;
  out.stats.lp_solves = work.lp_solves;
  out.stats.pivots = work.pivots;
  out.stats.branch_nodes = work.branch_nodes;
  out.stats.feasibility_checks = work.feasibility_checks;
}

}  // namespace

result reconcile(const claim_set& document, const options& opts) {
  result out;
  out.diagnostics = validate(document, opts.document_limits);
  if (!out.diagnostics.empty()) {
    out.status = status::invalid;
    return out;
  }
  solve::stop_rule stop{std::nullopt, opts.time_limit_seconds, opts.stop};
  if (opts.time_limit_seconds > 0)
    stop.deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                           std::chrono::duration<double>(opts.time_limit_seconds));
  const bool may_stop = stop.deadline || stop.token.stop_possible();
  const solve::stop_scope stopping(may_stop ? &stop : nullptr);
  const solve::formulation f = solve::formulate(document, opts);
  out.time_points = f.time_points;
  solve::work_counters work;

  std::vector<char> in_force(f.claim_row.size(), 1);
  std::vector<char> in_conflict(f.claim_row.size(), 0);  // in a listed conflict
  // The ranges under every claim decide consistency too, so a consistent
  // document (the common case) is solved once; in a conflicting one, the
  // components without a conflict keep their ranges.
  // Totals that only add up their parts leave the ranges' system (and, with
  // them, the links between otherwise independent parts).
  const solve::free_totals totals = solve::find_free_totals(f, {});
  std::vector<std::size_t> unsolved_rows;
  solve::ranges_result ranges = solve::integer_ranges_by_component(f.system, totals.active, work, unsolved_rows, opts.threads);
  if (ranges.feasible) {
    out.status = status::consistent;
  } else {
    out.status = status::conflicting;
    const auto listing_ends = explain::listing_deadline(opts, explain::explaining_share);
    const explain::conflict_search_result search = explain::search_conflicts(f, totals.active, opts, work);
    out.complete = search.complete;
    // Explaining a conflict costs about its size times the rows (a gap LP, a
    // derivation): the listing's work limit covers it too, so that thousands
    // of conflicts of 20,000 claims each are not all explained; so does its
    // clock. The first conflict always is.
    std::size_t explaining = 0;
    for (const explain::index_set& conflicting : search.conflicts) {
      if (!out.conflicts.empty() && (explaining > opts.max_enumeration_work ||
                                     (listing_ends && std::chrono::steady_clock::now() > *listing_ends))) {
        out.complete = false;
        break;
      }
      explaining += conflicting.size() * f.system.rows.size();
      for (std::size_t claim : conflicting) in_conflict[claim] = 1;
      conflict c;
      c.claims = sorted_ids(f, conflicting);
      c.gap = explain::conflict_gap(f, conflicting, work);
      c.steps = explain::explain_conflict(f, document, conflicting, c.gap);
      for (const std::string& step : c.steps) c.explanation += (c.explanation.empty() ? "" : " ") + step;
      out.conflicts.push_back(std::move(c));
    }
    for (const explain::index_set& dropped : search.corrections) out.corrections.push_back(to_correction(f, dropped));
    adopted_correction adopted;
    static_cast<correction&>(adopted) = to_correction(f, search.adopted);
    adopted.lower_bound = search.lower_bound;
    adopted.optimal = search.lower_bound == adopted.weight;
    adopted.tie = search.tie;
    adopted.proof_conflicts = search.proof_conflicts;
    out.adopted = std::move(adopted);
    for (const explain::dispute_analysis& d : search.disputes) {
      dispute shown;
      explain::index_set claims;
      for (const explain::index_set& c : d.conflicts) claims.insert(claims.end(), c.begin(), c.end());
      std::sort(claims.begin(), claims.end());
      claims.erase(std::unique(claims.begin(), claims.end()), claims.end());
      shown.claims = sorted_ids(f, claims);
      for (const explain::index_set& dropped : d.corrections) shown.corrections.push_back(to_correction(f, dropped));
      shown.adopted = to_correction(f, d.adopted);
      shown.complete = d.complete;
      out.disputes.push_back(std::move(shown));
    }
    for (std::size_t c : search.adopted) in_force[c] = 0;
    ranges = ranges_after_correction(f, in_force, totals, std::move(ranges), unsolved_rows, opts.threads, work);
  }
  solve::set_free_total_ranges(totals, ranges);
  fill_ranges(out, f, in_force, totals, ranges, opts, work);
  fill_claims(out, f, document, in_force, in_conflict);
  copy_statistics(out, f, work);
  return out;
}

}  // namespace tally
