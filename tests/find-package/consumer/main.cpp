// A program outside the project that uses the installed tally package.
#include <tally/tally.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const auto parsed = tally::parse_claims_file(argv[1]);
  if (!parsed.ok()) return 2;
  const tally::result r = tally::reconcile(*parsed.document);
  std::cout << tally::to_string(r.status) << ' ' << r.conflicts.size() << " conflicts\n";
}
