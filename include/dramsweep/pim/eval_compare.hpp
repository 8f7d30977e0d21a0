#pragma once
// Whether two evaluations of one candidate are identical: every field of LayerEval, counts and
// energies alike (energies compared exactly: every backend computes them in the same order). The
// differential tests and `sweep --validate` of PIM sweeps name the first field that differs.

#include <string>

#include "dramsweep/pim/evaluator.hpp"

namespace dramsweep::pim {

// "" when `got` and `want` are equal in every field, else "FIELD: X vs Y" for the first that is
// not (e.g. "access[dram][ifm]: 1200 vs 1300").
std::string first_difference(const LayerEval& got, const LayerEval& want);

}  // namespace dramsweep::pim
