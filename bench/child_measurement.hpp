// Measuring one piece of work in a forked child: its wall time, the growth
// of its peak resident set, and what it reports, with a time limit and an
// address-space limit. Shared by the benchmarks that report memory. A
// command run by measure_command is measured by its whole peak resident
// set instead (see there).
//
// Peak memory is the growth of the child's peak resident set over its
// resident set just before the work: the child first warms up on a tiny
// document (faulting in the code and static data it will use, which the
// parent's pages do not include), gives freed heap back (malloc_trim),
// resets its peak to its current RSS (writing 5 to /proc/self/clear_refs),
// reads VmRSS, works, and reads VmHWM. The document itself is built by the
// parent before the fork, so its pages are already the child's and are not
// counted. A fresh child per measurement keeps one peak from hiding another
// (a process's VmHWM never falls, and freed memory stays in its heap), and
// lets the parent stop a measurement that runs past its time limit.
#pragma once

#include <tally/error.hpp>

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace tally::bench {

inline long status_kib(const char* key) {
  std::ifstream status("/proc/self/status");
  const std::size_t length = std::strlen(key);
  for (std::string line; std::getline(status, line);)
    if (line.compare(0, length, key) == 0) return std::atol(line.c_str() + length);
  return -1;
}

inline bool reset_peak() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return static_cast<bool>(clear);
}

inline bool peak_reset_works = true;  // found out by the first child; printed with the table

struct measurement {
  enum class outcome { done, timeout, failed } what = outcome::failed;
  double seconds = 0;
  long peak_kib = -1;
  std::map<std::string, std::string> answer;  // what the work reported, key → value
  std::string error;
  int signal = 0;  // the signal that killed the child, if one did
  int exit_status = -1;  // a command's (measure_command), when it exited
};

using answer_map = std::map<std::string, std::string>;

// The child reports one value per line.
inline std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

inline std::string killed_by(int signal) {
  return std::string("killed by signal ") + std::to_string(signal) + " (" + strsignal(signal) + ")" +
         (signal == SIGABRT ? "; GMP aborts on a failed allocation, with a message above if so" : "");
}

// A runaway document must fail in the child, not push the machine into the
// OOM killer (which could pick any process).
inline void limit_address_space(double memory_limit_gib) {
  if (memory_limit_gib <= 0) return;
  const rlim_t bytes = static_cast<rlim_t>(memory_limit_gib * 1024 * 1024 * 1024);
  const rlimit limit{bytes, bytes};
  setrlimit(RLIMIT_AS, &limit);
}

inline measurement measure_in_child(const std::function<void()>& warm_up, const std::function<answer_map()>& work,
                             double timeout_seconds, double memory_limit_gib) {
  measurement m;
  std::fflush(stdout);
  std::fflush(stderr);
  malloc_trim(0);
  int fds[2];
  if (pipe(fds) != 0) throw tally::error("pipe failed");
  const pid_t pid = fork();
  if (pid < 0) throw tally::error("fork failed");
  if (pid == 0) {
    close(fds[0]);
    std::ostringstream out;
    try {
      limit_address_space(memory_limit_gib);
      warm_up();
      malloc_trim(0);
      const bool reset = reset_peak();
      const long before = status_kib("VmRSS:");
      const auto start = std::chrono::steady_clock::now();
      const answer_map answer = work();
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const long peak = status_kib("VmHWM:");
      out << "done\n" << seconds << "\n" << (peak - before) << "\n" << (reset ? 1 : 0) << "\n";
      for (const auto& [key, value] : answer) out << key << "\n" << one_line(value) << "\n";
    } catch (const std::bad_alloc&) {
      out << "failed\nout of memory (limit " << memory_limit_gib << " GiB)\n";
    } catch (const std::exception& e) {
      out << "failed\n" << one_line(e.what()) << "\n";
    }
    const std::string text = out.str();
    for (std::size_t at = 0; at < text.size();) {
      const ssize_t wrote = write(fds[1], text.data() + at, text.size() - at);
      if (wrote <= 0) break;
      at += static_cast<std::size_t>(wrote);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  bool timed_out = false;
  for (;;) {
    const double left = std::chrono::duration<double>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(std::min(left * 1000 + 1, 60000.0)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    char buffer[4096];
    const ssize_t got = read(fds[0], buffer, sizeof buffer);
    if (got <= 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
  }
  close(fds[0]);
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  if (timed_out) {
    m.what = measurement::outcome::timeout;
    return m;
  }
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  if (line == "done") {
    m.what = measurement::outcome::done;
    std::string seconds, peak, reset;
    std::getline(in, seconds), std::getline(in, peak), std::getline(in, reset);
    m.seconds = std::stod(seconds);
    m.peak_kib = std::stol(peak);
    if (reset != "1") peak_reset_works = false;
    for (std::string key, value; std::getline(in, key) && std::getline(in, value);) m.answer[key] = value;
  } else if (line == "failed") {
    std::getline(in, m.error);
  } else if (WIFSIGNALED(status)) {
    m.signal = WTERMSIG(status);
    m.error = killed_by(m.signal);
  } else {
    m.error = "the child exited without an answer";
  }
  return m;
}

// A command run in a forked child (argv[0] a path, not looked up in PATH),
// its standard output and error written to files: its wall time, to within
// the 10 ms at which the parent looks, and its peak resident set, the
// child's ru_maxrss. The kernel keeps the forked copy's peak across exec, so
// ru_maxrss is the larger of the command's own peak and the parent's
// resident set at the fork: exact when it exceeds the latter (keep the parent
// small), at most it otherwise. The address-space limit is the command's.
inline measurement measure_command(const std::vector<std::string>& argv, const std::string& stdout_path,
                                   const std::string& stderr_path, double timeout_seconds, double memory_limit_gib) {
  measurement m;
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) throw tally::error("fork failed");
  if (pid == 0) {
    const int out = open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0) _exit(126);
    limit_address_space(memory_limit_gib);
    execv(args[0], args.data());
    std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  const auto deadline = start + std::chrono::duration<double>(timeout_seconds);
  int status = 0;
  rusage usage{};
  for (;;) {
    const pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) throw tally::error("wait4 failed");
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      m.what = measurement::outcome::timeout;
      return m;
    }
    usleep(10000);
  }
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.peak_kib = usage.ru_maxrss;
  if (WIFEXITED(status)) {
    m.what = measurement::outcome::done;
    m.exit_status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    m.signal = WTERMSIG(status);
    m.error = killed_by(m.signal);
  }
  return m;
}

// ---------------------------------------------------------------------------
// Printing measurements

inline std::string with_commas(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

inline std::string format_time(double seconds) {
  char buffer[32];
  // three significant digits, never an exponent
  if (seconds < 1e-3) std::snprintf(buffer, sizeof buffer, "%.3g µs", seconds * 1e6);
  else if (seconds < 1) std::snprintf(buffer, sizeof buffer, "%.3g ms", seconds * 1e3);
  else if (seconds < 100) std::snprintf(buffer, sizeof buffer, "%.3g s", seconds);
  else std::snprintf(buffer, sizeof buffer, "%.0f s", seconds);
  return buffer;
}

inline std::string format_memory(long kib) {
  if (kib < 0) return "—";
  char buffer[32];
  if (kib < 1024) std::snprintf(buffer, sizeof buffer, "%ld KiB", kib);
  else if (kib < 1000 * 1024) std::snprintf(buffer, sizeof buffer, "%.3g MiB", static_cast<double>(kib) / 1024);
  else std::snprintf(buffer, sizeof buffer, "%.3g GiB", static_cast<double>(kib) / (1024 * 1024));
  return buffer;
}

inline std::string format_ratio(double r) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, r >= 10 ? "%.0f×" : "%.2g×", r);
  return buffer;
}

// Times of many small pieces of work: mean and nearest-rank percentiles.
struct spread {
  std::size_t count = 0;
  double mean = 0, p50 = 0, p99 = 0, max = 0;
};

inline spread spread_of(std::vector<double> v) {
  spread s;
  s.count = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  // nearest rank
  auto rank = [&](double p) { return v[static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1]; };
  s.p50 = rank(0.50);
  s.p99 = rank(0.99);
  s.max = v.back();
  return s;
}

}  // namespace tally::bench
