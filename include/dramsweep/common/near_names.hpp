#pragma once
// Finding what a user meant by a name that matches nothing: the known names close to the one they
// typed, for an error message that lists them.

#include <string>
#include <vector>

namespace dramsweep {

// The names of `known` close to `typed`, closest first (ties in `known`'s order). Names are compared
// in lower case with the separators '-', '_', '.' and ' ' left out, and the first of these that
// finds any is the answer: the names equal to the typed one ("ddr4_2400": ddr4-2400); the names
// that contain it or that it contains ("hbm": hbm2, hbm3); the names fewest edits away and those
// one edit further, at most half the typed length ("ddr4-2666": ddr4-2400, ddr4-3200).
std::vector<std::string> near_names(const std::string& typed, const std::vector<std::string>& known);

// "a", "a or b", "a, b or c": near_names() for a message; empty when there are none.
std::string or_list(const std::vector<std::string>& names);

}  // namespace dramsweep
