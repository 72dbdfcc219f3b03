// Which dates exist: parse_timestamp refuses the others, and validate()
// checks the timestamps of documents built in code with the same rule.
#pragma once

namespace tally::detail {

/// True for a real date of the proleptic Gregorian calendar in years 1 to 9999.
bool is_real_date(int year, int month, int day);

}  // namespace tally::detail
