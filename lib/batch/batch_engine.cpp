#include <tally/batch.hpp>

#include "batch/outcome.hpp"
#include "report/forms.hpp"

#include <tally/error.hpp>
#include <tally/parse.hpp>
#include <tally/reconcile.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <new>
#include <optional>
#include <stop_token>
#include <thread>
#include <utility>

namespace tally {
namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

// `"line":N,"event":ID|null`: the members every result line starts with, so
// that it says which input it answers, whatever its status.
std::string place_of(std::size_t line, const std::string& event) {
  return "\"line\":" + std::to_string(line) + ",\"event\":" +
         (event.empty() ? std::string("null") : detail::json_string(event));
}

std::string message_line(std::size_t line, const std::string& event, batch_status status, const std::string& message) {
  return '{' + place_of(line, event) + ",\"status\":" + detail::json_string(to_string(status)) +
         ",\"message\":" + detail::json_string(message) + '}';
}

batch_status status_of(const result& r) {
  switch (r.status) {
    case status::consistent:
      return batch_status::consistent;
    case status::conflicting:
      return batch_status::conflicting;
    case status::invalid:
      break;
  }
  return batch_status::invalid;
}

options solver_options(const batch_options& opts) {
  options solver = opts.solver;
  solver.threads = 1;
  solver.time_limit_seconds = opts.time_limit_seconds;
  return solver;
}

batch_outcome solve_document(std::string_view text, std::size_t line, const options& solver) {
  const clock_type::time_point start = clock_type::now();
  batch_outcome out;
  out.line = line;
  try {
    parse_result parsed = parse_claims(text, solver.document_limits);
    out.event = std::move(parsed.event_id);
    if (!parsed.ok()) {
      batch_outcome invalid = detail::invalid_outcome(line, std::move(out.event), std::move(parsed.diagnostics));
      invalid.seconds = seconds_since(start);
      return invalid;
    }
    const result solved = reconcile(*parsed.document, solver);
    out.status = status_of(solved);
    out.json = detail::json_report(solved, *parsed.document, place_of(line, out.event));
  } catch (const stopped& e) {
    const bool timed_out = e.why() == stopped::reason::time_limit;
    out.status = timed_out ? batch_status::time_limit : batch_status::stopped;
    std::string message = std::string(e.what()) + "; nothing of this document's result is kept.";
    if (timed_out) message += " Raise the time limit, or reconcile the document alone with `tally reconcile`.";
    out.json = message_line(line, out.event, out.status, message);
  } catch (const std::bad_alloc&) {
    out.status = batch_status::error;
    out.json = message_line(line, out.event, out.status, "out of memory while reconciling this document");
  } catch (const std::exception& e) {
    out.status = batch_status::error;
    out.json = message_line(line, out.event, out.status, std::string("internal error: ") + e.what());
  }
  out.seconds = seconds_since(start);
  return out;
}

}  // namespace

batch_outcome detail::invalid_outcome(std::size_t line, std::string event, std::vector<diagnostic> diagnostics) {
  result invalid;
  invalid.status = status::invalid;
  invalid.diagnostics = std::move(diagnostics);
  batch_outcome out;
  out.line = line;
  out.event = std::move(event);
  out.status = batch_status::invalid;
  out.json = json_report(invalid, claim_set{}, place_of(line, out.event));
  return out;
}

std::string_view to_string(batch_status s) {
  switch (s) {
    case batch_status::consistent:
      return "consistent";
    case batch_status::conflicting:
      return "conflicting";
    case batch_status::invalid:
      return "invalid";
    case batch_status::time_limit:
      return "time_limit";
    case batch_status::stopped:
      return "stopped";
    case batch_status::error:
      break;
  }
  return "error";
}

batch_outcome reconcile_one(std::string_view document_text, std::size_t line, const batch_options& opts) {
  return solve_document(document_text, line, solver_options(opts));
}

// Held documents in submission order. Workers start them front to back; the
// front is handed out once it is done. std::deque keeps references to its
// elements valid across push_back and pop_front, so a worker solves its
// document outside the lock.
struct batch_engine::state {
  struct held_document {
    std::string text;
    std::size_t line = 0;
    bool done = false;
    batch_outcome outcome;
  };

  options solver;
  std::size_t window = 0;
  // Stops every document in progress when the engine goes; a stop asked on
  // the caller's own token is passed on to it.
  std::stop_source stopping;
  std::optional<std::stop_callback<std::function<void()>>> caller_stop;
  std::mutex mutex;
  std::condition_variable work_waiting, front_done;
  std::deque<held_document> held;
  std::size_t started = 0;  // held[0, started) have been taken by a worker
  bool closing = false;
  std::vector<std::thread> workers;

  void work() {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      work_waiting.wait(lock, [this] { return closing || started < held.size(); });
      if (closing) return;
      held_document& document = held[started++];
      if (document.done) continue;  // submitted with its outcome
      lock.unlock();
      batch_outcome outcome = solve_document(document.text, document.line, solver);
      std::string().swap(document.text);
      lock.lock();
      document.outcome = std::move(outcome);
      document.done = true;
      if (&document == &held.front()) front_done.notify_one();
    }
  }
};

batch_engine::batch_engine(const batch_options& opts) : state_(std::make_unique<state>()) {
  const unsigned threads = opts.threads != 0 ? opts.threads : std::max(1u, std::thread::hardware_concurrency());
  state_->solver = solver_options(opts);
  if (opts.solver.stop.stop_possible())
    state_->caller_stop.emplace(opts.solver.stop, std::function<void()>([s = state_.get()] { s->stopping.request_stop(); }));
  state_->solver.stop = state_->stopping.get_token();
  state_->window = opts.window != 0 ? opts.window : std::size_t{64} * threads;
  state_->window = std::max<std::size_t>(state_->window, threads);
  try {
    for (unsigned t = 0; t < threads; ++t) state_->workers.emplace_back([s = state_.get()] { s->work(); });
  } catch (const std::system_error&) {
    if (state_->workers.empty()) throw;  // fewer threads do the same work
  }
}

batch_engine::~batch_engine() {
  {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    state_->closing = true;
  }
  state_->stopping.request_stop();
  state_->work_waiting.notify_all();
  for (std::thread& worker : state_->workers) worker.join();
}

bool batch_engine::has_room() const {
  const std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->held.size() < state_->window;
}

void batch_engine::submit(std::string document_text, std::size_t line) {
  {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    state_->held.push_back({std::move(document_text), line, false, {}});
  }
  state_->work_waiting.notify_one();
}

void batch_engine::submit_result(batch_outcome outcome) {
  const std::lock_guard<std::mutex> lock(state_->mutex);
  const std::size_t line = outcome.line;
  state_->held.push_back({std::string(), line, true, std::move(outcome)});
}

std::size_t batch_engine::held() const {
  const std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->held.size();
}

batch_outcome batch_engine::take() {
  for (;;)
    if (std::optional<batch_outcome> outcome = take_for(3600)) return std::move(*outcome);
}

std::optional<batch_outcome> batch_engine::take_for(double seconds) {
  std::unique_lock<std::mutex> lock(state_->mutex);
  if (state_->held.empty()) throw error("batch_engine::take: no document is held");
  if (!state_->front_done.wait_for(lock, std::chrono::duration<double>(seconds),
                                   [this] { return state_->held.front().done; }))
    return std::nullopt;
  batch_outcome outcome = std::move(state_->held.front().outcome);
  state_->held.pop_front();
  // Workers visit documents in order, so a front no worker has visited yet
  // can only be one submitted with its outcome.
  if (state_->started > 0) --state_->started;
  return outcome;
}

}  // namespace tally
