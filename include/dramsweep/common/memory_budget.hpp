#pragma once
// How much memory this process may use: the machine's physical memory, lowered by a cgroup limit
// (a container's) and by the address-space limit (ulimit -v). Inputs whose work would need more
// are refused up front with an estimate (the field named), instead of being found out by running
// out of memory an hour in.

#include <cstdint>
#include <string>

namespace dramsweep {

std::uint64_t memory_budget_bytes();

// "3.2 GiB", "512.0 MiB": for messages.
std::string bytes_text(double bytes);

// Throws InputError at (`file`, `line`, `field`) when `bytes` exceed the budget; `what` says
// what needs them ("the request stream of 10000000000 requests").
void check_fits_memory(double bytes, const std::string& what, const std::string& file, std::size_t line,
                       const std::string& field);

}  // namespace dramsweep
