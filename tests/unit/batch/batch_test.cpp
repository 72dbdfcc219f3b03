#include <tally/batch.hpp>
#include <tally/error.hpp>
#include <tally/parse.hpp>
#include <tally/reconcile.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stop_token>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

namespace {

std::string one_line(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str()).dump();
}

const std::string& hasakah() {
  static const std::string text = one_line(std::string(TALLY_SOURCE_DIR) + "/examples/hasakah/claims.json");
  return text;
}

// Documents of every kind: conflicting, consistent (a claim removed),
// invalid JSON, an invalid document with an event id, and empty.
std::vector<std::string> mixed_documents(std::size_t count) {
  nlohmann::json consistent = nlohmann::json::parse(hasakah());
  consistent["event"]["id"] = "without-officials";
  auto& claims = consistent["claims"];
  for (auto it = claims.begin(); it != claims.end();)
    it = (*it)["id"] == "officials-inmates" ? claims.erase(it) : it + 1;
  const std::vector<std::string> kinds{hasakah(), consistent.dump(), "{\"format\": \"tally/1\"",
                                       R"({"format":"tally/1","event":{"id":"no-claims"},"claims":[{"id":"x"}]})", ""};
  std::vector<std::string> documents;
  for (std::size_t i = 0; i < count; ++i) documents.push_back(kinds[(i * 7 + i / 5) % kinds.size()]);
  return documents;
}

std::vector<tally::batch_outcome> run_engine(const std::vector<std::string>& documents, unsigned threads,
                                             std::size_t window) {
  tally::batch_options opts;
  opts.threads = threads;
  opts.window = window;
  tally::batch_engine engine(opts);
  std::vector<tally::batch_outcome> outcomes;
  std::size_t next = 0;
  while (next < documents.size() || engine.held() > 0) {
    while (next < documents.size() && engine.has_room()) {
      engine.submit(documents[next], next + 1);
      ++next;
    }
    outcomes.push_back(engine.take());
  }
  return outcomes;
}

// Regions' monthly running tolls against a ministry's national floor (392
// variables): conflicting, and seconds of work (tests/data/README.md).
std::string slow_series() {
  static const std::string text = one_line(std::string(TALLY_SOURCE_DIR) + "/tests/data/slow-series.json");
  return text;
}

// A stream buffer that refuses every write, like a full disk.
struct full_disk : std::streambuf {
  int_type overflow(int_type) override { return traits_type::eof(); }
  std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
};

}  // namespace

TEST_CASE("the engine hands results back in input order, the same for any thread count and window", "[batch]") {
  const std::vector<std::string> documents = mixed_documents(60);
  const std::vector<tally::batch_outcome> alone = run_engine(documents, 1, 1);
  REQUIRE(alone.size() == documents.size());
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const tally::batch_outcome expected = tally::reconcile_one(documents[i], i + 1, {});
    CHECK(alone[i].line == i + 1);
    CHECK(alone[i].status == expected.status);
    CHECK(alone[i].event == expected.event);
    CHECK(alone[i].json == expected.json);
  }
  for (const auto& [threads, window] : std::vector<std::pair<unsigned, std::size_t>>{{2, 2}, {2, 5}, {4, 3}, {3, 0}}) {
    const std::vector<tally::batch_outcome> shared = run_engine(documents, threads, window);
    REQUIRE(shared.size() == alone.size());
    for (std::size_t i = 0; i < shared.size(); ++i) {
      CHECK(shared[i].line == alone[i].line);
      CHECK(shared[i].json == alone[i].json);
    }
  }
}

TEST_CASE("each result line starts with its input line and event, whatever its status", "[batch]") {
  const std::vector<std::string> documents = mixed_documents(5);
  const std::vector<tally::batch_outcome> outcomes = run_engine(documents, 2, 0);
  std::vector<tally::batch_status> statuses;
  for (const tally::batch_outcome& o : outcomes) {
    const nlohmann::json parsed = nlohmann::json::parse(o.json);
    CHECK(o.json.rfind("{\"line\":" + std::to_string(o.line) + ",\"event\":", 0) == 0);
    CHECK(parsed["status"] == std::string(tally::to_string(o.status)));
    if (o.event.empty())
      CHECK(parsed["event"].is_null());
    else
      CHECK(parsed["event"] == o.event);
    statuses.push_back(o.status);
  }
  using s = tally::batch_status;
  CHECK(statuses == std::vector<s>{s::conflicting, s::invalid, s::invalid, s::consistent, s::invalid});
  CHECK(outcomes[4].event == "no-claims");  // invalid, and still named
}

TEST_CASE("an outcome submitted without solving keeps its place", "[batch]") {
  tally::batch_options opts;
  opts.threads = 2;
  tally::batch_engine engine(opts);
  engine.submit(hasakah(), 1);
  tally::batch_outcome decided;
  decided.line = 2;
  decided.status = tally::batch_status::invalid;
  decided.json = "{\"line\":2}";
  engine.submit_result(decided);
  engine.submit(hasakah(), 3);
  CHECK(engine.held() == 3);
  CHECK(engine.take().line == 1);
  const tally::batch_outcome second = engine.take();
  CHECK(second.line == 2);
  CHECK(second.json == "{\"line\":2}");
  CHECK(engine.take().line == 3);
  CHECK(engine.held() == 0);
  CHECK_THROWS_AS(engine.take(), tally::error);
}

TEST_CASE("reconcile_lines reads JSON Lines as written and counts every outcome", "[batch]") {
  std::istringstream in(hasakah() + "\r\n\nnot json\n" + hasakah());  // CRLF, an empty line, no final newline
  std::ostringstream out;
  tally::batch_options opts;
  opts.threads = 2;
  const tally::batch_summary summary = tally::reconcile_lines(in, out, opts);
  std::vector<std::string> lines;
  std::istringstream written(out.str());
  for (std::string line; std::getline(written, line);) lines.push_back(line);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == tally::reconcile_one(hasakah(), 1, opts).json);
  CHECK(lines[3] == tally::reconcile_one(hasakah(), 4, opts).json);
  CHECK(nlohmann::json::parse(lines[1])["diagnostics"][0]["code"] == "empty-input");
  CHECK(summary.documents == 4);
  CHECK(summary.count(tally::batch_status::conflicting) == 2);
  CHECK(summary.count(tally::batch_status::invalid) == 2);
  CHECK(summary.slowest.size() == 4);
  CHECK(summary.slowest.front().seconds >= summary.slowest.back().seconds);
  const std::string words = tally::render_summary(summary);
  CHECK(words.find("4 documents in") == 0);
  CHECK(words.find("2 conflicting, 2 invalid") != std::string::npos);
}

TEST_CASE("a line longer than the limit is refused without being held, and the next is read", "[batch]") {
  std::istringstream in(std::string(hasakah().size() + 1, ' ') + "{}\n" + hasakah() + "\n");
  std::ostringstream out;
  tally::batch_options opts;
  opts.max_line_bytes = hasakah().size();
  opts.threads = 1;
  const tally::batch_summary summary = tally::reconcile_lines(in, out, opts);
  CHECK(summary.count(tally::batch_status::invalid) == 1);
  CHECK(summary.count(tally::batch_status::conflicting) == 1);
  CHECK(out.str().find("input-too-large") != std::string::npos);
}

TEST_CASE("a write that fails stops the batch with tally::error", "[batch]") {
  std::istringstream in(hasakah() + "\n" + hasakah() + "\n");
  full_disk refusing;
  std::ostream out(&refusing);
  CHECK_THROWS_AS(tally::reconcile_lines(in, out, {}), tally::error);
}

TEST_CASE("a time limit stops a long reconciliation, and the batch goes on", "[batch]") {
  const tally::parse_result slow = tally::parse_claims(slow_series());
  REQUIRE(slow.ok());
  tally::options limited;
  limited.time_limit_seconds = 0.05;
  try {
    (void)tally::reconcile(*slow.document, limited);
    FAIL("a reconciliation of seconds finished within 50 ms");
  } catch (const tally::stopped& e) {
    CHECK(e.why() == tally::stopped::reason::time_limit);
  }

  tally::batch_options opts;
  opts.time_limit_seconds = 0.05;
  opts.threads = 2;
  std::istringstream in(slow_series() + "\n" + hasakah() + "\n");
  std::ostringstream out;
  const tally::batch_summary summary = tally::reconcile_lines(in, out, opts);
  CHECK(summary.count(tally::batch_status::time_limit) == 1);
  CHECK(summary.count(tally::batch_status::conflicting) == 1);
  CHECK(out.str().find("{\"line\":1,\"event\":\"slow-series\",\"status\":\"time_limit\"") == 0);
}

TEST_CASE("a stop requested from outside ends a reconciliation at once", "[batch]") {
  const tally::parse_result slow = tally::parse_claims(slow_series());
  REQUIRE(slow.ok());
  std::stop_source source;
  source.request_stop();
  tally::options opts;
  opts.stop = source.get_token();
  try {
    (void)tally::reconcile(*slow.document, opts);
    FAIL("a stopped reconciliation returned a result");
  } catch (const tally::stopped& e) {
    CHECK(e.why() == tally::stopped::reason::requested);
  }
}

TEST_CASE("the progress line gives the share, the rate and the time left when the size is known", "[batch]") {
  CHECK(tally::render_progress({12345, 250, 1000, 5.0}) ==
        "[######                  ] 25% 12,345 documents, 2,469/s, 0:15 left");
  CHECK(tally::render_progress({1, 0, 0, 61.0}) == "1 document, 0/s, 1:01");
  CHECK(tally::render_progress({7200, 10, 10, 3600.0}) == "[########################] 100% 7,200 documents, 2/s");
}

TEST_CASE("dropping an engine stops the documents it is solving", "[batch]") {
  const auto start = std::chrono::steady_clock::now();
  {
    tally::batch_options opts;
    opts.threads = 2;
    tally::batch_engine engine(opts);
    engine.submit(slow_series(), 1);
    engine.submit(slow_series(), 2);
    CHECK_FALSE(engine.take_for(0.05).has_value());  // seconds of work: not done yet
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("a stop asked on the caller's token stops the batch's documents", "[batch]") {
  std::stop_source source;
  tally::batch_options opts;
  opts.threads = 1;
  opts.solver.stop = source.get_token();
  tally::batch_engine engine(opts);
  engine.submit(slow_series(), 1);
  source.request_stop();
  const tally::batch_outcome outcome = engine.take();
  CHECK(outcome.status == tally::batch_status::stopped);
  CHECK(outcome.json.find("\"status\":\"stopped\"") != std::string::npos);
}

TEST_CASE("the summary's median and p99 come from fixed buckets, at most 9% over", "[batch]") {
  tally::batch_summary summary;
  for (int k = 1; k <= 1000; ++k) {  // 1 ms … 1 s, evenly
    tally::batch_outcome o;
    o.line = static_cast<std::size_t>(k);
    o.status = tally::batch_status::consistent;
    o.seconds = k * 0.001;
    summary.add(o);
  }
  CHECK(summary.seconds_at(0.5) >= 0.5);
  CHECK(summary.seconds_at(0.5) <= 0.5 * 1.0906);
  CHECK(summary.seconds_at(0.99) >= 0.99);
  CHECK(summary.seconds_at(0.99) <= 0.99 * 1.0906);
  CHECK(summary.slowest.front().line == 1000);
  CHECK(tally::render_summary(summary).find("Per document: median ") != std::string::npos);
  CHECK(tally::batch_summary{}.seconds_at(0.99) == 0);
}

TEST_CASE("a stop asked during reconcile_lines ends it with whole results only", "[batch]") {
  std::stop_source source;
  tally::batch_options opts;
  opts.threads = 2;
  opts.solver.stop = source.get_token();
  std::istringstream in(hasakah() + "\n" + hasakah() + "\n" + slow_series() + "\n" + slow_series() + "\n" +
                        hasakah() + "\n");
  std::ostringstream out;
  // Asked while the slow documents (seconds each) are being solved.
  const auto start = std::chrono::steady_clock::now();
  std::jthread stopper([&source](std::stop_token) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    source.request_stop();
  });
  const tally::batch_summary summary = tally::reconcile_lines(in, out, opts);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  CHECK(summary.stopped);
  CHECK(summary.documents == 2);
  CHECK(summary.count(tally::batch_status::stopped) == 0);
  const std::string written = out.str();
  REQUIRE(!written.empty());
  CHECK(written.back() == '\n');
  std::istringstream lines(written);
  std::size_t count = 0;
  for (std::string line; std::getline(lines, line); ++count)
    CHECK(nlohmann::json::parse(line)["status"] == "conflicting");
  CHECK(count == 2);
}

TEST_CASE("each document of a batch keeps within the document limits", "[batch]") {
  tally::batch_options opts;
  opts.threads = 1;
  opts.solver.document_limits.max_claims = 3;
  std::istringstream in(hasakah() + "\n");
  std::ostringstream out;
  const tally::batch_summary summary = tally::reconcile_lines(in, out, opts);
  CHECK(summary.count(tally::batch_status::invalid) == 1);
  CHECK(out.str().find("too-many-claims") != std::string::npos);
}
