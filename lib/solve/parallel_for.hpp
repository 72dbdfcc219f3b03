// Independent pieces of work (a document's components) on several threads.
// Each piece writes only its own slot, so the answer is the same for any
// thread count. Internal to the library.
#pragma once

#include "solve/stop.hpp"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace tally::solve {

/// The threads `options.threads` asks for: 0 means every core.
inline unsigned thread_count(unsigned requested) {
  return requested != 0 ? requested : std::max(1u, std::thread::hardware_concurrency());
}

/// Calls body(k) once for every k in [0, count), on up to `threads` threads
/// (the caller's among them); with one thread, in order on the caller's.
/// When pieces throw, the exception of the lowest k is rethrown once all
/// have stopped.
template <class Body>
void parallel_for(std::size_t count, unsigned threads, const Body& body) {
  threads = static_cast<unsigned>(std::min<std::size_t>(thread_count(threads), count));
  if (threads <= 1) {
    for (std::size_t k = 0; k < count; ++k) body(k);
    return;
  }
  std::vector<std::exception_ptr> failed(count);
  std::atomic<std::size_t> next{0};
  const stop_rule* const stop = current_stop_rule();
  const auto work = [&] {
    const stop_scope same_stop(stop);
    for (std::size_t k = next++; k < count; k = next++) {
      try {
        body(k);
      } catch (...) {
        failed[k] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < threads; ++t) {
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // fewer threads do the same work
    }
  }
  work();
  for (std::thread& h : helpers) h.join();
  for (const std::exception_ptr& e : failed)
    if (e) std::rethrow_exception(e);
}

}  // namespace tally::solve
