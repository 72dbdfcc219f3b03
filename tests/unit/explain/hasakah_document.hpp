// The seed report as a claim_set built in code, for the explain tests.
#pragma once

#include <tally/claim_set.hpp>

#include <string>
#include <vector>

inline tally::claim make_claim(std::string id, std::string source, std::vector<std::string> quantities,
                               tally::qualifier q, tally::rational value) {
  tally::claim c;
  c.id = std::move(id);
  c.source = std::move(source);
  c.quantities = std::move(quantities);
  c.qualifier = q;
  c.value = std::move(value);
  return c;
}

inline tally::claim_set hasakah_document() {
  using tally::qualifier;
  tally::claim_set d;
  d.event.id = "hasakah-prison-2022";
  d.event.end = tally::parse_timestamp("2022-01-26");
  d.quantities.push_back({"inmates", "ISIS members held in the prison", false, ""});
  d.quantities.push_back({"inmates.boys", "boys held", false, ""});
  d.quantities.push_back({"attackers", "attackers", false, ""});
  d.relations.push_back({tally::relation::kind::parts, "killed",
                         {"killed.isis", "killed.kurdish_forces", "killed.civilians"}, true, ""});
  d.relations.push_back({tally::relation::kind::subset, "inmates", {"killed.isis.inmates"}, false, ""});
  d.sources.push_back({"officials", "officials", tally::rational(1, 2), ""});
  d.sources.push_back({"sohr", "Syrian Observatory for Human Rights", tally::rational(4, 5), ""});
  d.sources.push_back({"report", "the report", tally::rational(3, 5), ""});
  d.claims.push_back(make_claim("officials-inmates", "officials", {"killed.isis.inmates"}, qualifier::at_least, 200));
  d.claims.push_back(make_claim("officials-security", "officials", {"killed.kurdish_forces.security"}, qualifier::exactly, 30));
  d.claims.push_back(make_claim("sohr-total", "sohr", {"killed"}, qualifier::exactly, 181));
  d.claims.push_back(make_claim("sohr-isis", "sohr", {"killed.isis"}, qualifier::exactly, 124));
  d.claims.push_back(make_claim("sohr-kurdish", "sohr", {"killed.kurdish_forces"}, qualifier::exactly, 50));
  d.claims.push_back(make_claim("sohr-civilians", "sohr", {"killed.civilians"}, qualifier::exactly, 7));
  d.claims.push_back(make_claim("report-attackers", "report", {"attackers"}, qualifier::more_than, 100));
  d.claims.push_back(make_claim("report-held", "report", {"inmates"}, qualifier::nearly, 3500));
  d.claims.push_back(make_claim("report-boys", "report", {"inmates.boys"}, qualifier::about, 700));
  for (auto& c : d.claims) c.as_of = tally::parse_timestamp("2022-01-26");
  return d;
}
