// `tally batch`: the library's batch engine between a JSON Lines file and
// standard output, with a progress bar and a summary on standard error.
#include "commands.hpp"

#include <tally/tally.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

namespace tally::cli {
namespace {

std::string duration_text(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char text[32];
  if (s >= 3600)
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
  return text;
}

// One line redrawn in place: "[#####     ] 41% 12,345 documents 2,100/s 0:06 left".
void draw_progress(const batch_progress& p) {
  std::string line = "\r";
  const double rate = p.seconds > 0 ? static_cast<double>(p.documents) / p.seconds : 0;
  if (p.bytes_total > 0) {
    const double done = std::min(1.0, static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total));
    const int width = 24, filled = static_cast<int>(done * width);
    line += "[" + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(width - filled), ' ') +
            "] " + std::to_string(static_cast<int>(done * 100)) + "% ";
    line += std::to_string(p.documents) + " documents, " + std::to_string(static_cast<long>(rate)) + "/s";
    if (done > 0 && done < 1) line += ", " + duration_text(p.seconds * (1 - done) / done) + " left";
  } else {
    line += std::to_string(p.documents) + " documents, " + std::to_string(static_cast<long>(rate)) + "/s, " +
            duration_text(p.seconds);
  }
  std::cerr << line << "\x1b[K" << std::flush;
}

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
  batch_summary summary;
  try {
    summary = reconcile_lines(*in, std::cout, settings.batch, stream);
  } catch (const error& e) {
    if (show_progress) std::cerr << '\n';
    std::cerr << "tally: " << e.what() << '\n';
    return exit_io;
  }
  if (show_progress) std::cerr << '\n';
  if (!settings.quiet) std::cerr << "tally batch: " << render_summary(summary);
  return summary.error > 0 ? exit_internal : exit_consistent;
}

}  // namespace tally::cli
