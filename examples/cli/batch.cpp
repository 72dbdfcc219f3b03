// `tally batch`: the library's batch engine between a JSON Lines file and
// standard output, with a progress bar and a summary on standard error.
#include "commands.hpp"
#include "interrupts.hpp"

#include <tally/tally.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <streambuf>
#include <string>
#include <vector>

namespace tally::cli {
namespace {

// Standard output that only ever holds whole lines: the buffer goes to the
// file up to its last newline, so that a process ended at any moment (by the
// interrupt thread, interrupts.hpp) leaves no torn result behind.
class whole_lines : public std::streambuf {
 public:
  explicit whole_lines(int fd) : fd_(fd), buffer_(std::size_t{1} << 16) { reset(0); }

 protected:
  int_type overflow(int_type c) override {
    if (!send(false)) return traits_type::eof();
    if (pptr() == epptr()) {  // one line longer than the buffer
      const std::size_t used = buffer_.size();
      buffer_.resize(2 * buffer_.size());
      reset(used);
    }
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
    return c;
  }
  int sync() override { return send(true) ? 0 : -1; }

 private:
  void reset(std::size_t used) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    pbump(static_cast<int>(used));
  }

  // Writes what is buffered, up to its last newline unless `all`.
  bool send(bool all) {
    const char* begin = pbase();
    const char* end = pptr();
    if (!all) {
      while (end != begin && end[-1] != '\n') --end;
    }
    while (begin != end) {
      const ssize_t n = ::write(fd_, begin, static_cast<std::size_t>(end - begin));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return false;
      begin += n;
    }
    const auto rest = static_cast<std::size_t>(pptr() - end);
    std::memmove(buffer_.data(), end, rest);
    reset(rest);
    return true;
  }

  int fd_;
  std::vector<char> buffer_;
};

// Redrawn in place on one line.
void draw_progress(const batch_progress& p) { std::cerr << '\r' << render_progress(p) << "\x1b[K" << std::flush; }

}  // namespace

int run_batch(const std::string& file, const batch_settings& settings) {
  std::ifstream opened;
  std::istream* in = &std::cin;
  batch_stream_options stream;
  if (file != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {
      std::cerr << "tally: cannot read " << file << ": it is a directory\n";
      return exit_invalid;
    }
    opened.open(file, std::ios::binary);
    if (!opened) {
      std::cerr << "tally: cannot read " << file << '\n';
      return exit_invalid;
    }
    in = &opened;
    const auto size = std::filesystem::file_size(file, ec);
    if (!ec && std::filesystem::is_regular_file(file, ec)) stream.input_bytes = static_cast<std::size_t>(size);
  }
  const bool show_progress = !settings.quiet && isatty(STDERR_FILENO) == 1;
  if (show_progress) stream.progress = draw_progress;

  std::ios::sync_with_stdio(false);
  whole_lines output_buffer(STDOUT_FILENO);
  std::ostream output(&output_buffer);
  batch_summary summary;
  try {
    summary = reconcile_lines(*in, output, settings.batch, stream);
  } catch (const error& e) {
    if (show_progress) std::cerr << '\n';
    std::cerr << "tally: " << e.what() << '\n';
    return exit_io;
  }
  if (show_progress) std::cerr << '\n';
  if (!settings.quiet) std::cerr << "tally batch: " << render_summary(summary);
  if (summary.stopped)
    return report_interrupt("; the output holds the whole results of the first " + std::to_string(summary.documents) +
                            " lines, and nothing after them.");
  return summary.count(batch_status::error) > 0 ? exit_internal : exit_consistent;
}

}  // namespace tally::cli
