// Times the exact integer engine on the shapes tally meets: a 15-variable
// category tree (every seed-report-sized document), a small tree × time chain
// (cyclic, so the LP runs), and a 10,000-variable tree × time chain with
// claims from three monitors. Prints wall time and the work counters.
//
//   tally_solve_bench            all workloads
//   tally_solve_bench small      only the small ones
#include "tree_time_workload.hpp"

#include "solve/integer_program.hpp"
#include "solve/propagation.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>

using namespace tally::solve;
using tally::integer;

namespace {

using clock_type = std::chrono::steady_clock;

// Mean wall time per call over enough calls to fill ~0.5 s.
double microseconds_per_call(const std::function<void()>& call) {
  std::size_t calls = 0;
  const auto start = clock_type::now();
  auto elapsed = std::chrono::duration<double, std::micro>(0);
  do {
    call();
    ++calls;
    elapsed = clock_type::now() - start;
  } while (elapsed.count() < 500000 && calls < 1000000);
  return elapsed.count() / static_cast<double>(calls);
}

void print_work(const work_counters& w) {
  std::printf("    work: components %zu (exact by propagation %zu), lp solves %zu, pivots %zu, branch nodes %zu\n",
              w.components, w.exact_components, w.lp_solves, w.pivots, w.branch_nodes);
}

void small_workload(const char* name, const linear_system& s) {
  std::printf("%s: %zu variables, %zu rows\n", name, s.variables, s.rows.size());
  std::printf("  propagate (with reasons)  %10.2f us\n", microseconds_per_call([&] { propagate(s, {}); }));
  work_counters counted;
  integer_ranges(s, {}, counted);
  std::printf("  integer_ranges            %10.2f us\n", microseconds_per_call([&] {
                work_counters w;
                integer_ranges(s, {}, w);
              }));
  std::printf("  integer_feasible          %10.2f us\n", microseconds_per_call([&] {
                work_counters w;
                integer_feasible(s, {}, w);
              }));
  print_work(counted);
}

void large_workload(const workload::tree_time_shape& shape) {
  const workload::tree_time_system made = workload::make_tree_time_system(shape);
  const linear_system& s = made.system;
  std::printf("tree x time: %zu regions x %zu months x 14 categories%s: %zu variables, %zu rows\n", shape.regions,
              shape.months, shape.national_total ? " + national total" : "", s.variables, s.rows.size());
  auto start = clock_type::now();
  const propagation_result propagated = propagate(s, {});
  const double propagate_ms = std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
  std::printf("  propagate (with reasons)  %10.1f ms  (%zu events)\n", propagate_ms, propagated.events.size());

  work_counters work;
  start = clock_type::now();
  const ranges_result ranges = integer_ranges(s, {}, work);
  const double ranges_s = std::chrono::duration<double>(clock_type::now() - start).count();
  std::printf("  integer_ranges            %10.3f s\n", ranges_s);
  print_work(work);

  std::size_t tighter = 0, unbounded = 0, outside = 0;
  for (std::size_t j = 0; j < s.variables; ++j) {
    tighter += ranges.min[j] != propagated.lower[j];
    tighter += ranges.max[j] != propagated.upper[j];
    unbounded += !ranges.max[j];
    const integer truth{made.truth[j]};
    outside += truth < ranges.min[j] || (ranges.max[j] && truth > *ranges.max[j]);
  }
  std::printf("    %s; %zu bounds tighter than propagation; %zu unbounded maxima; truth outside a range: %zu\n",
              ranges.feasible ? "feasible" : "INFEASIBLE", tighter, unbounded, outside);
}

// The shape of the estimate after correction: for every claim row, a
// deviation row with variables above and below its stated figure, and the
// weighted L1 distance as the objective (integer_minimize on the whole
// system).
void estimate_workload(const workload::tree_time_shape& shape) {
  workload::tree_time_system made = workload::make_tree_time_system(shape);
  linear_system& s = made.system;
  std::vector<term> objective;
  const std::size_t claims_begin = [&] {
    std::size_t r = 0;
    while (r < s.rows.size() && s.rows[r].terms.size() != 1) ++r;
    return r;
  }();
  const std::size_t rows = s.rows.size();
  for (std::size_t r = claims_begin; r < rows; ++r) {
    const row claimed = s.rows[r];
    const integer target = claimed.lower ? *claimed.lower : *claimed.upper;
    row deviation{claimed.terms, target, target};
    const std::size_t above = s.variables++, below = s.variables++;
    deviation.terms.push_back({above, -1});
    deviation.terms.push_back({below, 1});
    s.rows.push_back(std::move(deviation));
    objective.push_back({above, 1 + static_cast<std::int64_t>(r % 3)});
    objective.push_back({below, 1 + static_cast<std::int64_t>(r % 3)});
  }
  std::printf("estimate (weighted L1 to %zu claims) on %zu variables, %zu rows\n", rows - claims_begin, s.variables,
              s.rows.size());
  work_counters work;
  const auto start = clock_type::now();
  const optimum best = integer_minimize(s, {}, objective, work);
  const double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  std::printf("  integer_minimize          %10.3f s  (%s, value %s)\n", seconds,
              best.status == optimum::kind::optimal ? "optimal" : "not optimal",
              best.status == optimum::kind::optimal ? best.value.str().c_str() : "-");
  print_work(work);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const bool only_small = argc > 1 && std::strcmp(argv[1], "small") == 0;
  small_workload("15-variable tree", workload::make_small_tree());
  small_workload("tree x time, 1 region x 3 months",
                 workload::make_tree_time_system({.regions = 1, .months = 3, .national_total = false}).system);
  if (only_small) return 0;
  large_workload({.regions = 12, .months = 60, .national_total = false});
  large_workload({.regions = 12, .months = 60, .national_total = true});
  estimate_workload({.regions = 1, .months = 12, .national_total = false});
  estimate_workload({.regions = 12, .months = 60, .national_total = true});
  return 0;
}
