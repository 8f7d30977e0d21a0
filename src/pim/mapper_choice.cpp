#include "dramsweep/pim/mapper_choice.hpp"

#include "dramsweep/common/input_error.hpp"

namespace dramsweep::pim {
namespace {

SchedulerKind scheduler_kind(const std::string& name) {
    if (name == "ilp") return SchedulerKind::kIlp;
    if (name == "greedy") return SchedulerKind::kGreedy;
    if (name == "pull") return SchedulerKind::kPull;
    throw InputError("", 0, "scheduler", "unknown scheduler '" + name + "' (ilp, greedy or pull)");
}

constexpr int kMaxBeam = 1024;

constexpr const char* kNicePimKeys[] = {
    "beam", "scheduler", "ilp_limit", "branch_parallelism", "layout_search", "capacity_allocation"};

}  // namespace

void check_mapper_choice(const MapperChoice& c) {
    if (c.mapper != "baseline" && c.mapper != "nicepim")
        throw InputError("", 0, "mapper", "unknown mapper '" + c.mapper + "' (available: baseline, nicepim)");
    if (c.beam < 1 || c.beam > kMaxBeam) throw InputError("", 0, "beam", "the beam width must be 1 to 1024");
    scheduler_kind(c.scheduler);
    if (!(c.ilp_limit_s > 0)) throw InputError("", 0, "ilp_limit", "must be above 0 seconds");
}

NicePimOptions nicepim_options(const MapperChoice& c, Goal goal) {
    check_mapper_choice(c);
    NicePimOptions n;
    n.goal = goal;
    n.beam_width = c.beam;
    n.scheduler = scheduler_kind(c.scheduler);
    n.ilp_time_limit_s = c.ilp_limit_s;
    n.branch_parallelism = c.branch_parallelism;
    n.layout_search = c.layout_search;
    n.capacity_allocation = c.capacity_allocation;
    return n;
}

MapperChoice read_mapper_choice(const JsonSource& s, const JsonPointer& at) {
    MapperChoice c;
    c.mapper = s.optional_string(at / "mapper").value_or(c.mapper);
    if (const auto beam = s.optional_int(at / "beam")) {
        // Out of range: an int the check rejects with its own message.
        c.beam = *beam >= 1 && *beam <= kMaxBeam ? static_cast<int>(*beam) : 0;
    }
    c.scheduler = s.optional_string(at / "scheduler").value_or(c.scheduler);
    c.ilp_limit_s = s.optional_number(at / "ilp_limit").value_or(c.ilp_limit_s);
    c.branch_parallelism = s.optional_bool(at / "branch_parallelism").value_or(true);
    c.layout_search = s.optional_bool(at / "layout_search").value_or(true);
    c.capacity_allocation = s.optional_bool(at / "capacity_allocation").value_or(true);
    try {
        check_mapper_choice(c);
    } catch (const InputError& e) {
        s.fail(at / e.field(), e.message());
    }
    if (!c.nicepim()) {
        const Json& obj = s.root().contains(at) ? s.root()[at] : Json();
        for (const char* key : kNicePimKeys)
            if (obj.is_object() && obj.contains(key))
                s.fail(at / key, std::string("only the nicepim mapper takes \"") + key +
                                     "\" (set \"mapper\": \"nicepim\")");
    }
    return c;
}

}  // namespace dramsweep::pim
