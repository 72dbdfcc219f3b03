#include <tally/validate.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace {

tally::claim make_claim(std::string id, std::string source, std::string quantity, tally::qualifier q, int value) {
  tally::claim c;
  c.id = std::move(id);
  c.source = std::move(source);
  c.quantities = {std::move(quantity)};
  c.qualifier = q;
  c.value = value;
  return c;
}

// A small valid document, built in code as a program would.
tally::claim_set valid_document() {
  tally::claim_set d;
  d.event.id = "hasakah-prison-2022";
  d.event.start = tally::parse_timestamp("2022-01-20");
  d.event.end = tally::parse_timestamp("2022-01-26");
  d.quantities = {{"killed", "people killed", true, ""}, {"inmates", "inmates held", false, ""}};
  tally::relation parts;
  parts.whole = "killed";
  parts.parts = {"killed.isis", "killed.kurdish_forces", "killed.civilians"};
  tally::relation subset;
  subset.kind = tally::relation::kind::subset;
  subset.whole = "inmates";
  subset.parts = {"killed.isis.inmates"};
  d.relations = {parts, subset};
  d.sources = {{"officials", "officials", tally::rational(1, 2), ""},
               {"sohr", "Syrian Observatory for Human Rights", tally::rational(4, 5), ""}};
  d.claims = {make_claim("officials-inmates", "officials", "killed.isis.inmates", tally::qualifier::at_least, 200),
              make_claim("sohr-total", "sohr", "killed", tally::qualifier::exactly, 181)};
  return d;
}

std::vector<std::string> codes(const std::vector<tally::diagnostic>& found) {
  std::vector<std::string> out;
  for (const auto& d : found) out.push_back(d.code + " " + d.path);
  return out;
}

// The document's only diagnostic, checked for code and path.
tally::diagnostic only(const tally::claim_set& d, const std::string& code, const std::string& path) {
  const auto found = tally::validate(d);
  INFO(Catch::Detail::stringify(codes(found)));
  REQUIRE(found.size() == 1);
  CHECK(found[0].code == code);
  CHECK(found[0].path == path);
  CHECK_FALSE(found[0].message.empty());
  CHECK_FALSE(found[0].fix.empty());
  return found[0];
}

}  // namespace

TEST_CASE("a well-formed document built in code has no diagnostics", "[validate]") {
  CHECK(tally::validate(valid_document()).empty());
}

TEST_CASE("the format must be tally/1", "[validate]") {
  auto d = valid_document();
  d.format = "tally/2";
  CHECK(only(d, "unsupported-format", "/format").message.find("\"tally/2\"") != std::string::npos);
  d.format.clear();
  only(d, "unsupported-format", "/format");
}

TEST_CASE("ids must be present and unique", "[validate]") {
  auto d = valid_document();
  d.claims[1].id = "officials-inmates";
  const auto duplicate = only(d, "duplicate-id", "/claims/1/id");
  CHECK(duplicate.message.find("/claims/0") != std::string::npos);

  d = valid_document();
  d.claims[0].id.clear();
  only(d, "missing-id", "/claims/0/id");

  d = valid_document();
  d.sources.push_back(d.sources[0]);
  only(d, "duplicate-id", "/sources/2/id");

  d = valid_document();
  d.quantities.push_back({"killed", "", true, ""});
  only(d, "duplicate-id", "/quantities/2/id");
}

TEST_CASE("a claim naming an undeclared source suggests the closest id", "[validate]") {
  auto d = valid_document();
  d.claims[1].source = "sohrr";
  const auto found = only(d, "dangling-reference", "/claims/1/source");
  CHECK(found.fix.find("did you mean \"sohr\"?") != std::string::npos);

  d.claims[1].source = "somebody-else";
  CHECK(only(d, "dangling-reference", "/claims/1/source").fix.find("did you mean") == std::string::npos);

  d.claims[1].source.clear();
  only(d, "missing-source", "/claims/1/source");
}

TEST_CASE("quantity ids are dotted segments of letters, digits, _ and -", "[validate]") {
  for (const char* bad : {"killed..isis", ".killed", "killed.", "killed isis", "killed/isis", "قتلى", "a.b.", "."}) {
    auto d = valid_document();
    d.claims[1].quantities = {bad};
    INFO(bad);
    only(d, "invalid-id", "/claims/1/quantity");
  }
  auto d = valid_document();
  d.claims[1].quantities = {"Killed_2022.isis-fighters.x9"};
  CHECK(tally::validate(d).empty());
}

TEST_CASE("a relation or claim may not name one quantity twice", "[validate]") {
  auto d = valid_document();
  d.relations[0].parts.push_back("killed.isis");
  only(d, "repeated-quantity", "/relations/0/parts/3");

  d = valid_document();
  d.claims[1].quantities = {"killed.isis", "killed.civilians", "killed.isis"};
  only(d, "repeated-quantity", "/claims/1/quantity/2");

  // Short and long lists are checked differently; both report every repeat.
  for (const std::size_t length : {16, 17, 40}) {
    INFO(length);
    d = valid_document();
    tally::relation long_list;
    long_list.whole = "killed";
    for (std::size_t j = 0; j < length; ++j) long_list.parts.push_back("killed.p" + std::to_string(j % (length - 2)));
    d.relations = {long_list};
    const auto found = tally::validate(d);
    REQUIRE(codes(found) == std::vector<std::string>{"repeated-quantity /relations/0/parts/" + std::to_string(length - 2),
                                                     "repeated-quantity /relations/0/parts/" + std::to_string(length - 1)});
  }
}

TEST_CASE("relations must relate different quantities", "[validate]") {
  auto d = valid_document();
  d.relations[0].parts.push_back("killed");
  only(d, "whole-among-parts", "/relations/0/parts/3");

  d = valid_document();
  d.relations[0].parts.clear();
  only(d, "empty-parts", "/relations/0/parts");

  d = valid_document();
  d.relations[1].parts = {"inmates"};
  only(d, "self-subset", "/relations/1/subset");

  d = valid_document();
  d.relations[1].parts.clear();
  only(d, "missing-quantity", "/relations/1/subset");

  d = valid_document();
  d.relations[0].whole.clear();
  only(d, "missing-quantity", "/relations/0/whole");
}

TEST_CASE("a whole/parts cycle is reported with the cycle spelt out", "[validate]") {
  auto d = valid_document();
  tally::relation back;
  back.whole = "killed.isis";
  back.parts = {"killed", "killed.isis.inmates"};
  d.relations.push_back(back);
  const auto found = only(d, "cycle", "/relations/2/parts/0");
  CHECK(found.message.find("killed → killed.isis → killed") != std::string::npos);
}

TEST_CASE("a longer cycle is reported once, starting from its first quantity", "[validate]") {
  auto d = valid_document();
  for (const auto& [whole, part] : std::vector<std::pair<std::string, std::string>>{
           {"a", "b"}, {"b", "c"}, {"c", "a"}, {"c", "b"}}) {
    tally::relation r;
    r.whole = whole;
    r.parts = {part};
    d.relations.push_back(r);
  }
  const auto found = only(d, "cycle", "/relations/4/parts/0");
  CHECK(found.message.find("a → b → c → a") != std::string::npos);
}

TEST_CASE("a cycle is reported exactly when the whole/parts graph has one", "[validate]") {
  // Random relations among six quantities, against reachability by brute force.
  const std::vector<std::string> names{"a", "b", "c", "d", "e", ""};
  std::mt19937_64 random(11);
  const auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };
  std::size_t with_cycle = 0;
  for (int round = 0; round < 3000; ++round) {
    tally::claim_set d;
    bool reaches[6][6] = {};
    const std::size_t relations = 1 + pick(5);
    for (std::size_t r = 0; r < relations; ++r) {
      tally::relation rel;
      rel.kind = pick(5) == 0 ? tally::relation::kind::subset : tally::relation::kind::parts;
      const std::size_t whole = pick(names.size());
      rel.whole = names[whole];
      const std::size_t parts = pick(4);
      for (std::size_t p = 0; p < parts; ++p) {
        const std::size_t part = pick(names.size());
        rel.parts.push_back(names[part]);
        const bool is_edge = rel.kind == tally::relation::kind::parts && !names[whole].empty() &&
                             !names[part].empty() && part != whole;
        if (is_edge) reaches[whole][part] = true;
      }
      d.relations.push_back(rel);
    }
    for (std::size_t k = 0; k < 6; ++k)
      for (std::size_t i = 0; i < 6; ++i)
        for (std::size_t j = 0; j < 6; ++j) reaches[i][j] = reaches[i][j] || (reaches[i][k] && reaches[k][j]);
    bool cycle = false;
    for (std::size_t i = 0; i < 6; ++i) cycle = cycle || reaches[i][i];
    const auto found = tally::validate(d);
    const bool reported =
        std::any_of(found.begin(), found.end(), [](const tally::diagnostic& x) { return x.code == "cycle"; });
    INFO("round " << round);
    REQUIRE(reported == cycle);
    with_cycle += cycle;
  }
  CHECK(with_cycle > 100);
  CHECK(with_cycle < 2700);
}

TEST_CASE("qualifiers constrain which numbers a claim may carry", "[validate]") {
  auto d = valid_document();
  d.claims[1].value = tally::rational(363, 2);
  only(d, "fractional-exactly", "/claims/1/value");

  d = valid_document();
  d.claims[1].qualifier = tally::qualifier::between;
  only(d, "missing-upper", "/claims/1/upper");
  d.claims[1].upper = 100;
  only(d, "inverted-range", "/claims/1/upper");
  d.claims[1].upper = 200;
  CHECK(tally::validate(d).empty());

  d = valid_document();
  d.claims[0].upper = 300;
  only(d, "unexpected-upper", "/claims/0/upper");

  d = valid_document();
  d.claims[0].tolerance = tally::rational(1, 10);
  only(d, "unexpected-tolerance", "/claims/0/tolerance");

  d = valid_document();
  d.claims[0].qualifier = tally::qualifier::about;
  d.claims[0].tolerance = 1;
  only(d, "tolerance-out-of-range", "/claims/0/tolerance");
  d.claims[0].tolerance = 0;
  CHECK(tally::validate(d).empty());

  d = valid_document();
  d.claims[0].qualifier = static_cast<tally::qualifier>(42);
  only(d, "unknown-qualifier", "/claims/0/qualifier");
}

TEST_CASE("counts, reliabilities and weights stay in their domains", "[validate]") {
  auto d = valid_document();
  d.claims[0].value = -5;
  only(d, "negative-value", "/claims/0/value");

  d = valid_document();
  d.sources[0].reliability = 0;
  only(d, "reliability-out-of-range", "/sources/0/reliability");
  d.sources[0].reliability = tally::rational(11, 10);
  only(d, "reliability-out-of-range", "/sources/0/reliability");

  d = valid_document();
  d.claims[0].weight = 0;
  only(d, "weight-out-of-range", "/claims/0/weight");
  d.claims[0].weight = 1;
  CHECK(tally::validate(d).empty());
}

TEST_CASE("the event may not end before it starts", "[validate]") {
  auto d = valid_document();
  d.event.end = tally::parse_timestamp("2022-01-19");
  only(d, "end-before-start", "/event/end");

  d.event.end = tally::parse_timestamp("2022-01-20T08:00");  // same day as a date-only start
  CHECK(tally::validate(d).empty());

  d.event.start = tally::parse_timestamp("2022-01-20T09:00");
  only(d, "end-before-start", "/event/end");
}

TEST_CASE("timestamps built in code must be real", "[validate]") {
  auto d = valid_document();
  d.claims[0].as_of = tally::timestamp{2022, 2, 30, std::nullopt};
  only(d, "invalid-timestamp", "/claims/0/as_of");
  for (const tally::timestamp& unreal : {tally::timestamp{0, 1, 1, std::nullopt}, tally::timestamp{10000, 1, 1, std::nullopt},
                                         tally::timestamp{-1, 1, 1, std::nullopt}, tally::timestamp{2022, 0, 1, std::nullopt},
                                         tally::timestamp{2022, 13, 1, std::nullopt}, tally::timestamp{2022, 1, 0, std::nullopt},
                                         tally::timestamp{2022, 1, 32, std::nullopt}, tally::timestamp{1900, 2, 29, std::nullopt},
                                         tally::timestamp{2022, 1, 1, -1}, tally::timestamp{2022, 1, 1, 86400}}) {
    INFO(unreal.to_string());
    d.claims[0].as_of = unreal;
    only(d, "invalid-timestamp", "/claims/0/as_of");
  }
  for (const tally::timestamp& real : {tally::timestamp{1, 1, 1, std::nullopt}, tally::timestamp{9999, 12, 31, 86399},
                                       tally::timestamp{2000, 2, 29, 0}, tally::timestamp{2024, 2, 29, std::nullopt}}) {
    INFO(real.to_string());
    d.claims[0].as_of = real;
    CHECK(tally::validate(d).empty());
  }
}

TEST_CASE("a document without claims is refused", "[validate]") {
  auto d = valid_document();
  d.claims.clear();
  only(d, "no-claims", "/claims");
}

TEST_CASE("every broken rule is reported, not only the first", "[validate]") {
  auto d = valid_document();
  d.format = "x";
  d.claims[0].source = "nobody";
  d.claims[1].value = -1;
  d.sources[1].reliability = 2;
  const auto found = tally::validate(d);
  CHECK(codes(found) == std::vector<std::string>{"unsupported-format /format",
                                                 "reliability-out-of-range /sources/1/reliability",
                                                 "dangling-reference /claims/0/source",
                                                 "negative-value /claims/1/value"});
}
