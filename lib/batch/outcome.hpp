// An outcome decided before solving, shared by the engine and the line
// reader. Internal to the library.
#pragma once

#include <tally/batch.hpp>
#include <tally/diagnostic.hpp>

#include <string>
#include <vector>

namespace tally::detail {

/// An `invalid` outcome for input line `line` with these diagnostics.
batch_outcome invalid_outcome(std::size_t line, std::string event, std::vector<diagnostic> diagnostics);

}  // namespace tally::detail
