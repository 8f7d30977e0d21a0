// The fields of a DRAM configuration, listed once: the JSON loader, the --set overrides and the
// JSON writer all go through this table, so they accept and write exactly the same keys with the
// same types.

#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/dram/config.hpp"

namespace dramsweep::dram {
namespace {

enum class Kind { kUInt, kNumber, kText, kBool };

// A value read either from JSON or from the command line.
struct Value {
    std::uint64_t u = 0;
    double d = 0;
    std::string s;
    bool b = false;
};

struct Field {
    const char* key;  // dotted: "timing.tRCD"
    Kind kind;
    std::function<void(DramConfig&, const Value&)> set;  // throws std::invalid_argument on a bad value
    // The value as the JSON form writes it; null for a key that only sets others (tRCD).
    std::function<Json(const DramConfig&)> get;
};

std::uint32_t to_u32(const Value& v) {
    if (v.u > std::numeric_limits<std::uint32_t>::max()) throw std::invalid_argument("value too large");
    return static_cast<std::uint32_t>(v.u);
}

template <typename Group>
Field uint_in(const char* key, Group DramConfig::*group, std::uint32_t Group::*member) {
    return {key, Kind::kUInt,
            [group, member](DramConfig& c, const Value& v) { (c.*group).*member = to_u32(v); },
            [group, member](const DramConfig& c) { return Json((c.*group).*member); }};
}

Field number_in_power(const char* key, double PowerParams::*member) {
    return {key, Kind::kNumber,
            [member](DramConfig& c, const Value& v) {
                if (!(v.d >= 0)) throw std::invalid_argument("must be a non-negative number");
                c.power.*member = v.d;
            },
            [member](const DramConfig& c) { return Json(c.power.*member); }};
}

Scheduler parse_scheduler(const std::string& s) {
    if (s == "fcfs") return Scheduler::kFcfs;
    if (s == "frfcfs" || s == "fr-fcfs") return Scheduler::kFrFcfs;
    if (s == "strict_fcfs") return Scheduler::kStrictFcfs;
    throw std::invalid_argument("expected fcfs, frfcfs or strict_fcfs, got '" + s + "'");
}
PagePolicy parse_page_policy(const std::string& s) {
    if (s == "open") return PagePolicy::kOpen;
    if (s == "closed") return PagePolicy::kClosed;
    if (s == "timeout") return PagePolicy::kTimeout;
    if (s == "close_after") return PagePolicy::kCloseAfter;
    throw std::invalid_argument("expected open, closed, timeout or close_after, got '" + s + "'");
}
RefreshRanks parse_refresh_ranks(const std::string& s) {
    if (s == "staggered") return RefreshRanks::kStaggered;
    if (s == "simultaneous") return RefreshRanks::kSimultaneous;
    throw std::invalid_argument("expected staggered or simultaneous, got '" + s + "'");
}
ReadReturn parse_read_return(const std::string& s) {
    if (s == "after_last_beat") return ReadReturn::kAfterLastBeat;
    if (s == "last_beat") return ReadReturn::kLastBeat;
    throw std::invalid_argument("expected after_last_beat or last_beat, got '" + s + "'");
}
RefreshMode parse_refresh(const std::string& s) {
    if (s == "all_bank") return RefreshMode::kAllBank;
    if (s == "per_bank") return RefreshMode::kPerBank;
    if (s == "off") return RefreshMode::kOff;
    throw std::invalid_argument("expected all_bank, per_bank or off, got '" + s + "'");
}
const char* scheduler_name(Scheduler s) {
    return s == Scheduler::kFcfs ? "fcfs" : s == Scheduler::kFrFcfs ? "frfcfs" : "strict_fcfs";
}
const char* page_policy_name(PagePolicy p) {
    switch (p) {
        case PagePolicy::kOpen:
            return "open";
        case PagePolicy::kClosed:
            return "closed";
        case PagePolicy::kTimeout:
            return "timeout";
        case PagePolicy::kCloseAfter:
            return "close_after";
    }
    return "?";
}
const char* refresh_ranks_name(RefreshRanks r) {
    return r == RefreshRanks::kStaggered ? "staggered" : "simultaneous";
}
const char* read_return_name(ReadReturn r) {
    return r == ReadReturn::kAfterLastBeat ? "after_last_beat" : "last_beat";
}
const char* refresh_name(RefreshMode r) {
    return r == RefreshMode::kAllBank ? "all_bank" : r == RefreshMode::kPerBank ? "per_bank" : "off";
}

const std::vector<Field>& fields() {
    static const std::vector<Field> table = [] {
        using O = Organization;
        using T = TimingParams;
        using C = ControllerConfig;
        std::vector<Field> f;
        f.push_back({"name", Kind::kText, [](DramConfig& c, const Value& v) { c.name = v.s; },
                     [](const DramConfig& c) { return Json(c.name); }});
        f.push_back({"standard", Kind::kText, [](DramConfig& c, const Value& v) { c.standard = v.s; },
                     [](const DramConfig& c) { return Json(c.standard); }});
        f.push_back({"source", Kind::kText, [](DramConfig& c, const Value& v) { c.source = v.s; },
                     [](const DramConfig& c) { return Json(c.source); }});
        f.push_back({"clock_mhz", Kind::kNumber,
                     [](DramConfig& c, const Value& v) {
                         if (!(v.d > 0) || !std::isfinite(v.d)) throw std::invalid_argument("must be > 0");
                         c.clock_mhz = v.d;
                     },
                     [](const DramConfig& c) { return Json(c.clock_mhz); }});
        f.push_back({"mapping", Kind::kText, [](DramConfig& c, const Value& v) { c.mapping = v.s; },
                     [](const DramConfig& c) { return Json(c.mapping); }});
        f.push_back({"xor_bank_hash", Kind::kBool,
                     [](DramConfig& c, const Value& v) { c.xor_bank_hash = v.b; },
                     [](const DramConfig& c) { return Json(c.xor_bank_hash); }});

        f.push_back(uint_in("org.channels", &DramConfig::org, &O::channels));
        f.push_back(uint_in("org.ranks", &DramConfig::org, &O::ranks));
        f.push_back(uint_in("org.bank_groups", &DramConfig::org, &O::bank_groups));
        f.push_back(uint_in("org.banks_per_group", &DramConfig::org, &O::banks_per_group));
        f.push_back(uint_in("org.rows", &DramConfig::org, &O::rows));
        f.push_back(uint_in("org.columns", &DramConfig::org, &O::columns));
        f.push_back(uint_in("org.device_width", &DramConfig::org, &O::device_width));
        f.push_back(uint_in("org.bus_width", &DramConfig::org, &O::bus_width));
        f.push_back(uint_in("org.burst_length", &DramConfig::org, &O::burst_length));
        f.push_back(uint_in("org.density_mbit", &DramConfig::org, &O::density_mbit));

        f.push_back(uint_in("timing.tBL", &DramConfig::timing, &T::nBL));
        f.push_back(uint_in("timing.tCL", &DramConfig::timing, &T::nCL));
        f.push_back(uint_in("timing.tCWL", &DramConfig::timing, &T::nCWL));
        // One tRCD sets both; the separate keys exist for standards with distinct values.
        f.push_back({"timing.tRCD", Kind::kUInt,
                     [](DramConfig& c, const Value& v) {
                         c.timing.nRCD_RD = to_u32(v);
                         c.timing.nRCD_WR = to_u32(v);
                     },
                     [](const DramConfig&) { return Json(); }});
        f.push_back(uint_in("timing.tRCD_RD", &DramConfig::timing, &T::nRCD_RD));
        f.push_back(uint_in("timing.tRCD_WR", &DramConfig::timing, &T::nRCD_WR));
        f.push_back(uint_in("timing.tRP", &DramConfig::timing, &T::nRP));
        f.push_back(uint_in("timing.tRAS", &DramConfig::timing, &T::nRAS));
        f.push_back(uint_in("timing.tRC", &DramConfig::timing, &T::nRC));
        f.push_back(uint_in("timing.tCCD_S", &DramConfig::timing, &T::nCCD_S));
        f.push_back(uint_in("timing.tCCD_L", &DramConfig::timing, &T::nCCD_L));
        f.push_back(uint_in("timing.tRRD_S", &DramConfig::timing, &T::nRRD_S));
        f.push_back(uint_in("timing.tRRD_L", &DramConfig::timing, &T::nRRD_L));
        f.push_back(uint_in("timing.tFAW", &DramConfig::timing, &T::nFAW));
        f.push_back(uint_in("timing.tWTR_S", &DramConfig::timing, &T::nWTR_S));
        f.push_back(uint_in("timing.tWTR_L", &DramConfig::timing, &T::nWTR_L));
        f.push_back(uint_in("timing.tRTP", &DramConfig::timing, &T::nRTP));
        f.push_back(uint_in("timing.tWR", &DramConfig::timing, &T::nWR));
        f.push_back(uint_in("timing.tRFC", &DramConfig::timing, &T::nRFC));
        f.push_back(uint_in("timing.tRFCpb", &DramConfig::timing, &T::nRFCpb));
        f.push_back(uint_in("timing.tRREFD", &DramConfig::timing, &T::nRREFD));
        f.push_back(uint_in("timing.tREFI", &DramConfig::timing, &T::nREFI));
        f.push_back(uint_in("timing.tRTRS", &DramConfig::timing, &T::nRTRS));
        f.push_back(uint_in("timing.tRTW", &DramConfig::timing, &T::nRTW));

        f.push_back(number_in_power("power.VDD", &PowerParams::vdd));
        f.push_back(number_in_power("power.IDD0", &PowerParams::idd0));
        f.push_back(number_in_power("power.IDD2N", &PowerParams::idd2n));
        f.push_back(number_in_power("power.IDD3N", &PowerParams::idd3n));
        f.push_back(number_in_power("power.IDD4R", &PowerParams::idd4r));
        f.push_back(number_in_power("power.IDD4W", &PowerParams::idd4w));
        f.push_back(number_in_power("power.IDD5B", &PowerParams::idd5b));

        f.push_back(uint_in("controller.read_queue", &DramConfig::controller, &C::read_queue));
        f.push_back(uint_in("controller.write_queue", &DramConfig::controller, &C::write_queue));
        f.push_back(uint_in("controller.write_high", &DramConfig::controller, &C::write_high));
        f.push_back(uint_in("controller.write_low", &DramConfig::controller, &C::write_low));
        f.push_back({"controller.scheduler", Kind::kText,
                     [](DramConfig& c, const Value& v) { c.controller.scheduler = parse_scheduler(v.s); },
                     [](const DramConfig& c) { return Json(scheduler_name(c.controller.scheduler)); }});
        f.push_back(uint_in("controller.row_hit_cap", &DramConfig::controller, &C::row_hit_cap));
        f.push_back({"controller.page_policy", Kind::kText,
                     [](DramConfig& c, const Value& v) { c.controller.page_policy = parse_page_policy(v.s); },
                     [](const DramConfig& c) { return Json(page_policy_name(c.controller.page_policy)); }});
        f.push_back(uint_in("controller.page_timeout", &DramConfig::controller, &C::page_timeout));
        f.push_back({"controller.refresh", Kind::kText,
                     [](DramConfig& c, const Value& v) { c.controller.refresh = parse_refresh(v.s); },
                     [](const DramConfig& c) { return Json(refresh_name(c.controller.refresh)); }});
        f.push_back(uint_in("controller.close_after", &DramConfig::controller, &C::close_after));
        f.push_back(
            {"controller.refresh_ranks", Kind::kText,
             [](DramConfig& c, const Value& v) { c.controller.refresh_ranks = parse_refresh_ranks(v.s); },
             [](const DramConfig& c) { return Json(refresh_ranks_name(c.controller.refresh_ranks)); }});
        f.push_back({"controller.read_return", Kind::kText,
                     [](DramConfig& c, const Value& v) { c.controller.read_return = parse_read_return(v.s); },
                     [](const DramConfig& c) { return Json(read_return_name(c.controller.read_return)); }});
        return f;
    }();
    return table;
}

const Field* find_field(const std::string& key) {
    for (const Field& f : fields())
        if (key == f.key) return &f;
    return nullptr;
}

std::string known_keys_hint() { return "see docs/dram.md for the keys"; }

// Reads the JSON value at `where` into a Value of the field's kind.
Value json_value(const JsonSource& src, const JsonPointer& where, Kind kind) {
    Value v;
    const Json& j = src.required(where);
    switch (kind) {
        case Kind::kUInt: {
            if (!j.is_number_integer() || j.get<std::int64_t>() < 0)
                src.fail(where, "expected a non-negative integer (clocks, counts)");
            v.u = j.get<std::uint64_t>();
            break;
        }
        case Kind::kNumber: v.d = src.required_number(where); break;
        case Kind::kText: v.s = src.required_string(where); break;
        case Kind::kBool: {
            if (!j.is_boolean()) src.fail(where, "expected true or false");
            v.b = j.get<bool>();
            break;
        }
    }
    return v;
}

// Walks the document; every leaf must be a known field, every known field present is set.
void load_object(const JsonSource& src, const Json& node, const std::string& prefix, const JsonPointer& where,
                 DramConfig& config) {
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
        const JsonPointer child = where / it.key();
        if (it.value().is_object() && !find_field(key)) {
            const bool is_group = key == "org" || key == "timing" || key == "power" || key == "controller";
            if (!is_group) src.fail(child, "unknown field (" + known_keys_hint() + ")");
            load_object(src, it.value(), key, child, config);
            continue;
        }
        const Field* field = find_field(key);
        if (!field) src.fail(child, "unknown field (" + known_keys_hint() + ")");
        const Value v = json_value(src, child, field->kind);
        try {
            field->set(config, v);
        } catch (const std::invalid_argument& e) {
            src.fail(child, e.what());
        }
        config.sources[key] = {src.origin(), src.line_of(child)};
    }
}

}  // namespace

void apply_override(DramConfig& config, const std::string& assignment, const std::string& origin) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos)
        throw InputError(origin, 0, assignment, "expected key=value");
    const std::string key{text::trim(std::string_view(assignment).substr(0, eq))};
    const std::string raw{text::trim(std::string_view(assignment).substr(eq + 1))};
    const Field* field = find_field(key);
    if (!field) throw InputError(origin, 0, key, "unknown field (" + known_keys_hint() + ")");
    const text::Location loc{origin, 0};
    Value v;
    switch (field->kind) {
        case Kind::kUInt: {
            const std::int64_t n = text::parse_int(raw, loc, key);
            if (n < 0) throw InputError(origin, 0, key, "expected a non-negative integer");
            v.u = static_cast<std::uint64_t>(n);
            break;
        }
        case Kind::kNumber: v.d = text::parse_double(raw, loc, key); break;
        case Kind::kText: v.s = raw; break;
        case Kind::kBool:
            if (raw == "true" || raw == "1") v.b = true;
            else if (raw == "false" || raw == "0") v.b = false;
            else throw InputError(origin, 0, key, "expected true or false");
            break;
    }
    try {
        field->set(config, v);
    } catch (const std::invalid_argument& e) {
        throw InputError(origin, 0, key, e.what());
    }
    config.sources[key] = {origin, 0};
}

DramConfig load_dram_config(const std::string& name_or_path, const std::vector<std::string>& overrides,
                            const std::string& overrides_origin) {
    const std::string path = resolve_preset_path(name_or_path);
    return parse_dram_config(JsonSource::from_file(path), JsonPointer(), overrides, overrides_origin);
}

DramConfig parse_dram_config(const JsonSource& src, const JsonPointer& at,
                             const std::vector<std::string>& overrides, const std::string& overrides_origin) {
    if (!src.root().contains(at) || !src.root().at(at).is_object())
        src.fail(at, "a DRAM configuration is a JSON object");
    const Json& root = src.root().at(at);
    DramConfig config;
    config.origin = src.origin();
    config.controller = {32, 32, 26, 6, Scheduler::kFrFcfs, 0, PagePolicy::kOpen, 0, RefreshMode::kAllBank};
    load_object(src, root, "", at, config);
    // Fields a preset must give (a missing one would silently be zero).
    for (const char* required : {"/clock_mhz", "/mapping", "/org/channels", "/org/ranks", "/org/bank_groups",
                                 "/org/banks_per_group", "/org/rows", "/org/columns", "/org/bus_width",
                                 "/org/device_width", "/org/burst_length", "/timing/tBL", "/timing/tCL",
                                 "/timing/tCWL", "/timing/tRP", "/timing/tRAS", "/timing/tRC", "/timing/tCCD_S",
                                 "/timing/tCCD_L", "/timing/tRRD_S", "/timing/tRRD_L", "/timing/tFAW",
                                 "/timing/tWTR_S", "/timing/tWTR_L", "/timing/tRTP", "/timing/tWR",
                                 "/timing/tRFC", "/timing/tREFI"})
        src.required(at / JsonPointer(required));
    if (!root.contains("timing") ||
        !(root["timing"].contains("tRCD") ||
          (root["timing"].contains("tRCD_RD") && root["timing"].contains("tRCD_WR"))))
        src.fail(at / "timing", "needs tRCD (or both tRCD_RD and tRCD_WR)");
    for (const std::string& o : overrides) apply_override(config, o, overrides_origin);
    validate(config);
    return config;
}

Json dram_config_json(const DramConfig& config) {
    Json out = Json::object();
    for (const Field& f : fields()) {
        Json value = f.get(config);
        if (value.is_null()) continue;
        Json* group = &out;
        std::string key = f.key;
        if (const auto dot = key.find('.'); dot != std::string::npos) {
            group = &out[key.substr(0, dot)];
            key = key.substr(dot + 1);
        }
        (*group)[key] = std::move(value);
    }
    return out;
}

}  // namespace dramsweep::dram
