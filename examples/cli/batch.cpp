#include "commands.hpp"

#include <tally/tally.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

namespace tally::cli {
namespace {

std::vector<std::string> read_lines(std::istream& in) {
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

// Raw newlines in JSON text can only be whitespace between tokens (inside
// strings they are escaped), so dropping them yields the same JSON on one line.
std::string one_line(std::string text) {
  text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }), text.end());
  return text;
}

struct line_outcome {
  std::string json;
  bool internal_error = false;
};

line_outcome process(const std::string& line, const options& solver) {
  try {
    const parse_result parsed = parse_claims(line);
    if (!parsed.ok()) {
      result invalid;
      invalid.status = status::invalid;
      invalid.diagnostics = parsed.diagnostics;
      return {one_line(render_report(invalid, claim_set{}, report_format::json))};
    }
    const result outcome = reconcile(*parsed.document, solver);
    return {one_line(render_report(outcome, *parsed.document, report_format::json))};
  } catch (const std::exception& e) {
    const nlohmann::json failure{{"status", "error"}, {"message", e.what()}};
    return {failure.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), true};
  }
}

}  // namespace

int run_batch(const std::string& file, const reconcile_settings& settings, unsigned threads) {
  std::vector<std::string> lines;
  if (file == "-") {
    lines = read_lines(std::cin);
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) {
      std::cerr << "tally: cannot read " << file << ": it is a directory\n";
      return exit_invalid;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "tally: cannot read " << file << '\n';
      return exit_invalid;
    }
    lines = read_lines(in);
  }

  // Each document is solved on one thread; the documents are shared out.
  options solver = settings.solver;
  solver.threads = 1;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, lines.size())));

  std::vector<line_outcome> outcomes(lines.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < lines.size(); i = next++) outcomes[i] = process(lines[i], solver);
  };
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads; ++t) workers.emplace_back(work);
  work();
  for (std::thread& worker : workers) worker.join();

  bool any_internal_error = false;
  for (const line_outcome& outcome : outcomes) {
    std::cout << outcome.json << '\n';
    any_internal_error = any_internal_error || outcome.internal_error;
  }
  return any_internal_error ? exit_internal : exit_consistent;
}

}  // namespace tally::cli
