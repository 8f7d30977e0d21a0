#include "dramsweep/common/memory_budget.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "dramsweep/common/input_error.hpp"

namespace dramsweep {
namespace {

std::uint64_t cgroup_limit() {
    for (const char* path : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
        std::ifstream in(path);
        std::uint64_t limit = 0;
        if (in >> limit && limit > 0) return limit;  // "max" reads as no number: no limit
    }
    return UINT64_MAX;
}

}  // namespace

std::uint64_t memory_budget_bytes() {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page = sysconf(_SC_PAGE_SIZE);
    std::uint64_t budget = pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page)
                                                 : UINT64_MAX;
    budget = std::min(budget, cgroup_limit());
    rlimit limit{};
    if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        budget = std::min<std::uint64_t>(budget, limit.rlim_cur);
    return budget;
}

std::string bytes_text(double bytes) {
    const char* const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 6) {
        bytes /= 1024;
        ++unit;
    }
    char text[64];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
    return text;
}

void check_fits_memory(double bytes, const std::string& what, const std::string& file, std::size_t line,
                       const std::string& field) {
    const double budget = static_cast<double>(memory_budget_bytes());
    if (bytes <= budget) return;
    throw InputError(file, line, field,
                     what + " needs about " + bytes_text(bytes) + " of memory (an upper estimate), more than the " +
                         bytes_text(budget) + " this machine allows");
}

}  // namespace dramsweep
