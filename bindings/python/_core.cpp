// tally._core — the compiled half of the Python package: parse, reconcile and
// render, with results converted field by field into exact Python values
// (counts → int, weights → fractions.Fraction; never float). The friendly API
// (tally.reconcile, Result, Document, plot) is pure Python in tally/.
#include <tally/tally.hpp>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <exception>
#include <future>
#include <optional>
#include <stop_token>
#include <thread>
#include <string>
#include <unordered_map>
#include <vector>

namespace py = pybind11;

namespace {

py::object to_python(const tally::integer& value) {
  const std::string digits = value.str();
  PyObject* number = PyLong_FromString(digits.c_str(), nullptr, 10);
  if (number == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(number);
}

py::object to_python(const std::optional<tally::integer>& value) {
  return value ? to_python(*value) : py::none();
}

py::object to_python(const tally::rational& value, const py::object& fraction) {
  return fraction(to_python(tally::numerator_of(value)), to_python(tally::denominator_of(value)));
}

py::object as_of(const tally::time_point& point) {
  return point.is_final() ? py::object(py::none()) : py::object(py::str(point.to_string()));
}

py::list to_list(const std::vector<std::string>& items) {
  py::list list;
  for (const auto& item : items) list.append(item);
  return list;
}

py::dict to_python(const tally::diagnostic& d) {
  return py::dict(py::arg("code") = d.code, py::arg("path") = d.path, py::arg("line") = d.line,
                  py::arg("column") = d.column, py::arg("message") = d.message, py::arg("fix") = d.fix);
}

py::list to_python(const std::vector<tally::diagnostic>& diagnostics) {
  py::list list;
  for (const auto& d : diagnostics) list.append(to_python(d));
  return list;
}

py::dict to_python(const tally::correction& c, const py::object& fraction) {
  return py::dict(py::arg("drop") = to_list(c.drop), py::arg("weight") = to_python(c.weight, fraction));
}

py::dict to_python(const tally::adopted_correction& a, const py::object& fraction) {
  py::dict out = to_python(static_cast<const tally::correction&>(a), fraction);
  out["optimal"] = a.optimal;
  out["lower_bound"] = to_python(a.lower_bound, fraction);
  out["tie"] = a.tie ? py::object(py::bool_(*a.tie)) : py::object(py::none());
  out["proof_conflicts"] = a.proof_conflicts;
  return out;
}

// The contract's JSON shape (spec section 3, report.hpp), with exact values.
py::dict to_python(const tally::result& r, const tally::claim_set* document) {
  const py::object fraction = py::module_::import("fractions").attr("Fraction");
  py::dict out;
  out["format"] = "tally-result/1";
  out["status"] = std::string(tally::to_string(r.status));
  out["complete"] = r.complete;
  py::list time_points;
  for (const auto& point : r.time_points) time_points.append(point.to_string());
  out["time_points"] = time_points;
  py::list ranges;
  for (const auto& range : r.ranges)
    ranges.append(py::dict(py::arg("quantity") = range.quantity, py::arg("as_of") = as_of(range.time),
                           py::arg("min") = to_python(range.min), py::arg("max") = to_python(range.max),
                           py::arg("estimate") = to_python(range.estimate),
                           py::arg("no_estimate") = range.no_estimate == tally::range::missing_estimate::none
                                                        ? py::object(py::none())
                                                        : py::object(py::str(std::string(tally::to_string(range.no_estimate))))));
  out["ranges"] = ranges;
  py::list conflicts;
  for (const auto& c : r.conflicts)
    conflicts.append(py::dict(py::arg("claims") = to_list(c.claims), py::arg("gap") = to_python(c.gap),
                              py::arg("explanation") = c.explanation, py::arg("steps") = to_list(c.steps)));
  out["conflicts"] = conflicts;
  py::list corrections;
  for (const auto& c : r.corrections) corrections.append(to_python(c, fraction));
  out["corrections"] = corrections;
  out["adopted"] = r.adopted ? py::object(to_python(*r.adopted, fraction)) : py::object(py::none());
  py::list disputes;
  for (const auto& d : r.disputes) {
    py::list listed;
    for (const auto& c : d.corrections) listed.append(to_python(c, fraction));
    disputes.append(py::dict(py::arg("claims") = to_list(d.claims), py::arg("corrections") = listed,
                             py::arg("adopted") = to_python(d.adopted, fraction), py::arg("complete") = d.complete));
  }
  out["disputes"] = disputes;
  std::unordered_map<std::string, const tally::claim*> written;
  if (document != nullptr)
    for (const auto& c : document->claims) written.emplace(c.id, &c);
  py::list claims;
  for (const auto& c : r.claims) {
    py::dict claim(py::arg("id") = c.id, py::arg("source") = c.source,
                   py::arg("quantity") = to_list(c.quantities), py::arg("as_of") = as_of(c.time),
                   py::arg("min") = to_python(c.lower), py::arg("max") = to_python(c.upper),
                   py::arg("weight") = to_python(c.weight, fraction), py::arg("in_force") = c.in_force,
                   py::arg("in_conflict") = c.in_conflict, py::arg("constraint") = c.constraint);
    const auto found = written.find(c.id);
    const tally::claim* source = found == written.end() ? nullptr : found->second;
    claim["quote"] = source ? source->quote : "";
    claim["url"] = source ? source->url : "";
    claim["note"] = source ? source->note : "";
    claim["language"] = source ? source->language : "";
    claim["since"] = c.since ? as_of(*c.since) : py::object(py::none());
    claims.append(claim);
  }
  out["claims"] = claims;
  out["diagnostics"] = to_python(r.diagnostics);
  const auto& s = r.stats;
  out["statistics"] = py::dict(
      py::arg("variables") = s.variables, py::arg("constraints") = s.constraints,
      py::arg("components") = s.components, py::arg("exact_components") = s.exact_components,
      py::arg("lp_solves") = s.lp_solves, py::arg("pivots") = s.pivots,
      py::arg("branch_nodes") = s.branch_nodes, py::arg("feasibility_checks") = s.feasibility_checks);
  return out;
}

// The document limits by name (tally.LIMITS), already checked in Python.
tally::limits make_limits(const std::map<std::string, std::size_t>& given) {
  tally::limits caps;
  const std::pair<const char*, std::size_t tally::limits::*> fields[] = {
      {"max_input_bytes", &tally::limits::max_input_bytes}, {"max_id_length", &tally::limits::max_id_length},
      {"max_id_depth", &tally::limits::max_id_depth},       {"max_quantities", &tally::limits::max_quantities},
      {"max_claims", &tally::limits::max_claims},           {"max_time_points", &tally::limits::max_time_points},
      {"max_value_digits", &tally::limits::max_value_digits}};
  for (const auto& given_limit : given) {
    const std::string& name = given_limit.first;  // not a structured binding: clang 14 cannot capture one
    const auto field = std::find_if(std::begin(fields), std::end(fields), [&](const auto& f) { return name == f.first; });
    if (field == std::end(fields)) throw py::value_error("unknown limit \"" + name + "\"");
    caps.*(field->second) = given_limit.second;
  }
  return caps;
}

// The tolerance arrives as exact text: a JSON number ("0.1", "1e-1") or "p/q".
tally::options make_options(const std::optional<std::string>& tolerance, std::size_t max_conflicts,
                            std::size_t max_corrections, bool estimates, unsigned threads, double time_limit,
                            const std::map<std::string, std::size_t>& limits) {
  tally::options opts;
  opts.document_limits = make_limits(limits);
  if (tolerance) {
    const auto slash = tolerance->find('/');
    if (slash != std::string::npos) {
      try {
        opts.default_tolerance = tally::rational(boost::multiprecision::mpz_int(tolerance->substr(0, slash)),
                                                 boost::multiprecision::mpz_int(tolerance->substr(slash + 1)));
      } catch (const std::exception&) {
        throw py::value_error("tolerance \"" + *tolerance + "\" is not an exact fraction p/q");
      }
    } else if (!tally::parse_exact_number(*tolerance, opts.default_tolerance)) {
      throw py::value_error("tolerance \"" + *tolerance + "\" is not a number");
    }
  }
  opts.max_conflicts = max_conflicts;
  opts.max_corrections = max_corrections;
  opts.estimates = estimates;
  opts.threads = threads;
  opts.time_limit_seconds = time_limit;
  return opts;
}

struct solved {
  tally::parse_result parsed;
  tally::result result;
};

// Parses and reconciles on a thread of its own, without the GIL (other
// Python threads run meanwhile), while this one wakes every tenth of a
// second for Python's signals: Ctrl-C stops the solve and raises
// KeyboardInterrupt at once instead of when the solve ends.
solved solve(const std::string& text, tally::options opts) {
  std::stop_source stopping;
  opts.stop = stopping.get_token();
  std::packaged_task<solved()> task([&text, &opts] {
    solved s;
    s.parsed = tally::parse_claims(text, opts.document_limits);
    if (s.parsed.ok()) {
      s.result = tally::reconcile(*s.parsed.document, opts);
    } else {
      s.result.status = tally::status::invalid;
      s.result.diagnostics = s.parsed.diagnostics;
    }
    return s;
  });
  std::future<solved> answer = task.get_future();
  bool interrupted = false;
  {
    py::gil_scoped_release release;
    std::thread worker(std::move(task));
    while (answer.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) {
        interrupted = true;
        stopping.request_stop();
        break;
      }
    }
    worker.join();
  }
  if (interrupted) throw py::error_already_set();
  return answer.get();
}

py::dict reconcile(const std::string& text, const std::optional<std::string>& tolerance,
                   std::size_t max_conflicts, std::size_t max_corrections, bool estimates,
                   unsigned threads, double time_limit, const std::map<std::string, std::size_t>& limits) {
  const auto s =
      solve(text, make_options(tolerance, max_conflicts, max_corrections, estimates, threads, time_limit, limits));
  return to_python(s.result, s.parsed.document ? &*s.parsed.document : nullptr);
}

std::string report(const std::string& text, const std::string& format,
                   const std::optional<std::string>& tolerance, std::size_t max_conflicts,
                   std::size_t max_corrections, bool estimates, unsigned threads, double time_limit,
                   const std::map<std::string, std::size_t>& limits) {
  const auto chosen = tally::report_format_from_string(format);
  const auto s =
      solve(text, make_options(tolerance, max_conflicts, max_corrections, estimates, threads, time_limit, limits));
  if (s.result.status == tally::status::invalid && !s.parsed.document)
    return tally::render_diagnostics(s.result.diagnostics, chosen);
  return tally::render_report(s.result, *s.parsed.document, chosen);
}

// The library's batch engine, driven from Python: the caller submits while
// there is room and takes results in order. Taking waits without the GIL.
class batch {
 public:
  batch(unsigned jobs, std::size_t window, double time_limit, const std::optional<std::string>& tolerance,
        std::size_t max_conflicts, std::size_t max_corrections, bool estimates,
        const std::map<std::string, std::size_t>& limits)
      : engine_(make_batch_options(jobs, window, time_limit, tolerance, max_conflicts, max_corrections, estimates,
                                   limits)) {}

  bool has_room() const { return engine_.has_room(); }
  void submit(std::string text, std::size_t line) { engine_.submit(std::move(text), line); }
  std::size_t held() const { return engine_.held(); }
  // Waits in slices so that Ctrl-C raises KeyboardInterrupt within a tenth
  // of a second; the engine, once dropped, stops what it was solving.
  py::str take() {
    for (;;) {
      std::optional<tally::batch_outcome> outcome;
      {
        py::gil_scoped_release release;
        outcome = engine_.take_for(0.1);
      }
      if (outcome) return py::str(outcome->json);
      if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    }
  }

 private:
  static tally::batch_options make_batch_options(unsigned jobs, std::size_t window, double time_limit,
                                                 const std::optional<std::string>& tolerance, std::size_t max_conflicts,
                                                 std::size_t max_corrections, bool estimates,
                                                 const std::map<std::string, std::size_t>& limits) {
    tally::batch_options opts;
    opts.solver = make_options(tolerance, max_conflicts, max_corrections, estimates, 1, 0, limits);
    opts.threads = jobs;
    opts.window = window;
    opts.time_limit_seconds = time_limit;
    return opts;
  }

  tally::batch_engine engine_;
};

py::list check(const std::string& text, const std::map<std::string, std::size_t>& limits) {
  const tally::limits caps = make_limits(limits);
  tally::parse_result parsed;
  {
    py::gil_scoped_release release;
    parsed = tally::parse_claims(text, caps);
  }
  return to_python(parsed.diagnostics);
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "tally's compiled core; use the tally package, not this module";
  m.attr("version") = tally::version;
  m.attr("format_name") = tally::format_name;

  static py::exception<tally::error> error(m, "Error", PyExc_RuntimeError);
  static py::exception<tally::stopped> stopped(m, "Stopped", PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const tally::error& e) {
      error(e.what());
    } catch (const tally::stopped& e) {
      stopped(e.what());
    } catch (const py::error_already_set&) {
      throw;
    } catch (const py::builtin_exception&) {
      throw;
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception& e) {
      error((std::string("internal error: ") + e.what()).c_str());
    }
  });

  m.def("reconcile", &reconcile, py::arg("text"), py::arg("tolerance") = py::none(),
        py::arg("max_conflicts") = 100, py::arg("max_corrections") = 100, py::arg("estimates") = true,
        py::arg("threads") = 1, py::arg("time_limit") = 0.0, py::arg("limits") = std::map<std::string, std::size_t>{},
        "Parses and reconciles a claims document (JSON text); returns the result as a dict.");
  m.def("report", &report, py::arg("text"), py::arg("format") = "text", py::arg("tolerance") = py::none(),
        py::arg("max_conflicts") = 100, py::arg("max_corrections") = 100, py::arg("estimates") = true,
        py::arg("threads") = 1, py::arg("time_limit") = 0.0, py::arg("limits") = std::map<std::string, std::size_t>{},
        "Parses, reconciles and renders the report as text, markdown or json.");
  py::class_<batch>(m, "Batch", "The library's batch engine: submit documents, take results in order")
      .def(py::init<unsigned, std::size_t, double, const std::optional<std::string>&, std::size_t, std::size_t, bool,
                    const std::map<std::string, std::size_t>&>(),
           py::arg("jobs") = 0, py::arg("window") = 0, py::arg("time_limit") = 0.0, py::arg("tolerance") = py::none(),
           py::arg("max_conflicts") = 100, py::arg("max_corrections") = 100, py::arg("estimates") = true,
           py::arg("limits") = std::map<std::string, std::size_t>{})
      .def("has_room", &batch::has_room)
      .def("submit", &batch::submit, py::arg("text"), py::arg("line"))
      .def("held", &batch::held)
      .def("take", &batch::take, "The oldest document's result as one line of JSON (waits without the GIL)");
  m.def("check", &check, py::arg("text"), py::arg("limits") = std::map<std::string, std::size_t>{}, "Parses and validates a document; returns its diagnostics as dicts.");
}
