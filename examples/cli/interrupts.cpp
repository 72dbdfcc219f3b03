#include "interrupts.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <ctime>
#include <iostream>
#include <thread>

namespace tally::cli {
namespace {

struct interrupt_state {
  sigset_t signals{};
  std::stop_source stopping;
  std::atomic<int> received{0};
  std::atomic<bool> ending{false};  // set once, by whichever thread ends the process first
};

// Never destroyed: the waiting thread may still look at it while the process exits.
interrupt_state& state() {
  static interrupt_state* const s = new interrupt_state;
  return *s;
}

const char* signal_name(int signal) { return signal == SIGTERM ? "SIGTERM" : "SIGINT"; }

std::string interrupt_message(int signal, const std::string& what_then) {
  return std::string("tally: interrupted by ") + signal_name(signal) + what_then + '\n';
}

void wait_for_signals() {
  interrupt_state& s = state();
  int signal = 0;
  if (sigwait(&s.signals, &signal) != 0) return;
  s.received.store(signal);
  s.stopping.request_stop();
  // The command now stops by itself and prints its own message; if it has
  // not within the grace period, or on a second signal, leave at once.
  const timespec grace{0, 500'000'000};
  sigtimedwait(&s.signals, nullptr, &grace);
  if (s.ending.exchange(true)) return;  // the command finished meanwhile
  const std::string message = interrupt_message(signal, "; stopped at once.");
  [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, message.data(), message.size());
  _exit(128 + signal);
}

}  // namespace

void install_interrupts() {
  interrupt_state& s = state();
  sigemptyset(&s.signals);
  sigaddset(&s.signals, SIGINT);
  sigaddset(&s.signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &s.signals, nullptr);
  // A closed pipe is a failed write (exit 4 with a message), not a silent death.
  ::signal(SIGPIPE, SIG_IGN);
  std::thread(wait_for_signals).detach();
}

std::stop_token interrupt_token() { return state().stopping.get_token(); }

int interrupt_signal() { return state().received.load(); }

int interrupt_exit_code() { return 128 + interrupt_signal(); }

int report_interrupt(const std::string& what_then) {
  std::cerr << interrupt_message(interrupt_signal(), what_then) << std::flush;
  return interrupt_exit_code();
}

void finish_interrupts() {
  if (!state().ending.exchange(true)) return;
  for (;;) pause();  // the waiting thread is ending the process
}

}  // namespace tally::cli
