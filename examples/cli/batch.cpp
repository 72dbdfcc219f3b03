// `tally batch`: the library's batch engine between a JSON Lines file and
// standard output, with a progress bar and a summary on standard error.
#include "commands.hpp"

#include <tally/tally.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

namespace tally::cli {
namespace {

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
  return summary.count(batch_status::error) > 0 ? exit_internal : exit_consistent;
}

}  // namespace tally::cli
