// JSON Lines in, JSON Lines out, through the batch engine; and the summary.
#include <tally/batch.hpp>

#include "batch/outcome.hpp"
#include "model/wording.hpp"

#include <tally/diagnostic.hpp>
#include <tally/error.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <istream>
#include <ostream>
#include <stop_token>
#include <vector>

namespace tally {
namespace {

using detail::grouped;
using clock_type = std::chrono::steady_clock;

// Splits a stream into lines without ever holding more than `max_bytes` of
// one: a line past it is skipped to its end and reported as too long, so an
// endless line (a device, a file without newlines) costs no memory.
class line_reader {
 public:
  line_reader(std::istream& in, std::size_t max_bytes) : in_(in), max_bytes_(max_bytes), buffer_(1 << 20) {}

  /// The next line (without `\n` or `\r\n`) into `line`; false at the end.
  /// `too_long` says the line was cut off and `line` holds none of it.
  bool next(std::string& line, bool& too_long) {
    line.clear();
    too_long = false;
    bool any = false;
    for (;;) {
      if (position_ == filled_ && !refill()) {
        if (!any) return false;
        break;  // a last line without a newline
      }
      any = true;
      const char* begin = buffer_.data() + position_;
      const char* end = buffer_.data() + filled_;
      const char* newline = static_cast<const char*>(std::memchr(begin, '\n', static_cast<std::size_t>(end - begin)));
      const char* stop = newline ? newline : end;
      const std::size_t length = static_cast<std::size_t>(stop - begin);
      if (!too_long && line.size() + length > max_bytes_ + 1) {  // + 1: a '\r' that will go
        too_long = true;
        std::string().swap(line);
      }
      if (!too_long) line.append(begin, length);
      position_ += length;
      if (newline) {
        ++position_;
        break;
      }
    }
    if (!too_long && !line.empty() && line.back() == '\r') line.pop_back();
    if (!too_long && line.size() > max_bytes_) {
      too_long = true;
      std::string().swap(line);
    }
    return true;
  }

  std::size_t consumed() const { return consumed_before_ + position_; }

 private:
  bool refill() {
    consumed_before_ += filled_;
    position_ = filled_ = 0;
    if (!in_.good()) return false;
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    filled_ = static_cast<std::size_t>(in_.gcount());
    if (in_.bad()) throw error(std::string("cannot read the input: ") + std::strerror(errno));
    return filled_ > 0;
  }

  std::istream& in_;
  std::size_t max_bytes_;
  std::vector<char> buffer_;
  std::size_t position_ = 0, filled_ = 0, consumed_before_ = 0;
};

batch_outcome too_long_outcome(std::size_t line, std::size_t max_bytes) {
  diagnostic d;
  d.code = "input-too-large";
  d.message = "The document on this line is longer than " + std::to_string(max_bytes) + " bytes, so it was not read.";
  d.fix = "Check that the file has one document per line; raise the limit (--max-line-bytes) if the document is "
          "really this large.";
  return detail::invalid_outcome(line, std::string(), {std::move(d)});
}

void check_written(const std::ostream& out) {
  if (!out) throw error(std::string("cannot write the results: ") + std::strerror(errno));
}

void write_line(std::ostream& out, const std::string& json) {
  out.write(json.data(), static_cast<std::streamsize>(json.size()));
  out.put('\n');
  check_written(out);
}

std::string seconds_text(double seconds) {
  char text[32];
  if (seconds < 0.001)
    std::snprintf(text, sizeof text, "%.0f µs", seconds * 1e6);
  else if (seconds < 0.01)
    std::snprintf(text, sizeof text, "%.1f ms", seconds * 1000);
  else if (seconds < 1)
    std::snprintf(text, sizeof text, "%.0f ms", seconds * 1000);
  else if (seconds < 100)
    std::snprintf(text, sizeof text, "%.1f s", seconds);
  else
    std::snprintf(text, sizeof text, "%.0f s", seconds);
  return text;
}

std::string clock_text(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char text[32];
  if (s >= 3600)
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
  return text;
}

}  // namespace

std::string render_progress(const batch_progress& p) {
  const double rate = p.seconds > 0 ? static_cast<double>(p.documents) / p.seconds : 0;
  const std::string counts = grouped(p.documents) + (p.documents == 1 ? " document, " : " documents, ") +
                             grouped(static_cast<std::size_t>(rate)) + "/s";
  if (p.bytes_total == 0) return counts + ", " + clock_text(p.seconds);
  const double done = std::min(1.0, static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total));
  constexpr std::size_t width = 24;
  const auto filled = static_cast<std::size_t>(done * width);
  std::string line = "[" + std::string(filled, '#') + std::string(width - filled, ' ') + "] " +
                     std::to_string(static_cast<int>(done * 100)) + "% " + counts;
  if (done > 0 && done < 1) line += ", " + clock_text(p.seconds * (1 - done) / done) + " left";
  return line;
}

void batch_summary::add(const batch_outcome& outcome) {
  ++documents;
  ++by_status[static_cast<std::size_t>(outcome.status)];
  solving_seconds += outcome.seconds;
  const double micros = std::max(1.0, outcome.seconds * 1e6);
  const auto bucket = static_cast<std::size_t>(std::log2(micros) * buckets_per_doubling);
  ++time_buckets[std::min(bucket, time_buckets.size() - 1)];
  if (slowest.size() == slowest_kept && outcome.seconds <= slowest.back().seconds) return;
  const slow_document entry{outcome.line, outcome.event, outcome.seconds};
  const auto place = std::upper_bound(slowest.begin(), slowest.end(), entry,
                                      [](const slow_document& a, const slow_document& b) { return a.seconds > b.seconds; });
  slowest.insert(place, entry);
  if (slowest.size() > slowest_kept) slowest.pop_back();
}

double batch_summary::seconds_at(double share) const {
  if (documents == 0) return 0;
  const auto wanted = static_cast<std::size_t>(std::ceil(share * static_cast<double>(documents)));
  std::size_t seen = 0;
  for (std::size_t b = 0; b < time_buckets.size(); ++b) {
    seen += time_buckets[b];
    if (seen >= std::max<std::size_t>(wanted, 1))
      return std::exp2(static_cast<double>(b + 1) / buckets_per_doubling) * 1e-6;
  }
  return std::exp2(static_cast<double>(time_buckets.size()) / buckets_per_doubling) * 1e-6;
}

std::string render_summary(const batch_summary& s) {
  std::string out = grouped(s.documents) + (s.documents == 1 ? " document" : " documents") + " in " +
                    seconds_text(s.seconds);
  if (s.seconds > 0 && s.documents > 0)
    out += " (" + grouped(static_cast<std::size_t>(static_cast<double>(s.documents) / s.seconds)) + " a second)";
  const std::pair<batch_status, const char*> words[] = {
      {batch_status::consistent, "consistent"},
      {batch_status::conflicting, "conflicting"},
      {batch_status::invalid, "invalid"},
      {batch_status::time_limit, "stopped at the time limit"},
      {batch_status::stopped, "stopped on request"},
      {batch_status::error, s.count(batch_status::error) == 1 ? "internal error" : "internal errors"}};
  const char* separator = ": ";
  for (const auto& [status, what] : words) {
    if (s.count(status) == 0) continue;
    out += separator + grouped(s.count(status)) + " " + what;
    separator = ", ";
  }
  out += ".\n";
  if (s.documents > 0)
    out += "Per document: median " + seconds_text(s.seconds_at(0.5)) + ", p99 " + seconds_text(s.seconds_at(0.99)) +
           ", mean " + seconds_text(s.solving_seconds / static_cast<double>(s.documents)) + ".\n";
  if (!s.slowest.empty()) {
    out += "Slowest:";
    for (std::size_t k = 0; k < s.slowest.size(); ++k) {
      const auto& slow = s.slowest[k];
      out += (k == 0 ? " line " : ", line ") + std::to_string(slow.line);
      if (!slow.event.empty()) out += " (" + slow.event + ")";
      out += " " + seconds_text(slow.seconds);
    }
    out += ".\n";
  }
  return out;
}

batch_summary reconcile_lines(std::istream& in, std::ostream& out, const batch_options& opts,
                              const batch_stream_options& stream) {
  const clock_type::time_point start = clock_type::now();
  batch_summary summary;
  batch_engine engine(opts);
  line_reader reader(in, opts.max_line_bytes);
  std::string text;
  bool too_long = false, more = true;
  std::size_t line = 0;
  clock_type::time_point last_progress = start;
  const auto report_progress = [&](double seconds) {
    stream.progress({summary.documents, reader.consumed(), stream.input_bytes, seconds});
  };
  const std::stop_token& stop = opts.solver.stop;
  for (;;) {
    if (stop.stop_requested()) {
      summary.stopped = true;
      break;
    }
    while (more && engine.has_room()) {
      more = reader.next(text, too_long);
      if (!more) break;
      ++line;
      if (too_long)
        engine.submit_result(too_long_outcome(line, opts.max_line_bytes));
      else
        engine.submit(std::move(text), line);
      text = std::string();
    }
    if (engine.held() == 0) break;
    const batch_outcome outcome = engine.take();
    if (outcome.status == batch_status::stopped) {  // only the caller's stop does that
      summary.stopped = true;
      break;
    }
    write_line(out, outcome.json);
    summary.add(outcome);
    if (stream.progress) {
      const clock_type::time_point now = clock_type::now();
      if (now - last_progress >= std::chrono::milliseconds(100)) {
        last_progress = now;
        report_progress(std::chrono::duration<double>(now - start).count());
      }
    }
  }
  out.flush();
  check_written(out);
  summary.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  if (stream.progress) report_progress(summary.seconds);
  return summary;
}

}  // namespace tally
