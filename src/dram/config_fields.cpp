// The fields of a DRAM configuration, declared once (common/field_table.hpp): the JSON loader and
// the `--set` overrides both go through this table, so the two accept exactly the same keys with
// the same types, defaults, bounds and required fields.

#include <set>

#include "dramsweep/common/field_table.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/dram/config.hpp"

namespace dramsweep::dram {
namespace {

using Table = FieldTable<DramConfig>;

// Bounds of what the reference model simulates in bounded memory and time (docs/dram.md):
// beyond them a configuration would exhaust memory or run for days instead of failing here.
constexpr double kMaxChannels = 1024;
constexpr double kMaxQueue = 4096;
constexpr double kMaxTimingClocks = double(1 << 24);

const char* const kKeysHint = "see docs/dram.md for the keys";

void add_organization(Table& t) {
    auto count = [&](const char* key, auto access, double most, const char* why) -> Table::Field& {
        return t.add(key, access).required().at_most(most, why);
    };
    count("org.channels", [](DramConfig& c) -> auto& { return c.org.channels; }, kMaxChannels,
          "more channels than dramsweep simulates");
    count("org.ranks", [](DramConfig& c) -> auto& { return c.org.ranks; }, 256, "at most 256 banks per channel");
    count("org.bank_groups", [](DramConfig& c) -> auto& { return c.org.bank_groups; }, 256,
          "at most 256 banks per channel");
    count("org.banks_per_group", [](DramConfig& c) -> auto& { return c.org.banks_per_group; }, 256,
          "at most 256 banks per channel");
    count("org.rows", [](DramConfig& c) -> auto& { return c.org.rows; }, double(1u << 30), "");
    count("org.columns", [](DramConfig& c) -> auto& { return c.org.columns; }, double(1u << 20), "");
    count("org.device_width", [](DramConfig& c) -> auto& { return c.org.device_width; }, 1024, "bits");
    count("org.bus_width", [](DramConfig& c) -> auto& { return c.org.bus_width; }, 4096, "bits");
    count("org.burst_length", [](DramConfig& c) -> auto& { return c.org.burst_length; }, 256, "beats");
    t.add("org.density_mbit", [](DramConfig& c) -> auto& { return c.org.density_mbit; });
}

void add_timing(Table& t) {
    auto clocks = [&](const char* key, auto access) -> Table::Field& {
        return t.add(key, access).at_most(kMaxTimingClocks, "clocks");
    };
    clocks("timing.tBL", [](DramConfig& c) -> auto& { return c.timing.nBL; }).required();
    clocks("timing.tCL", [](DramConfig& c) -> auto& { return c.timing.nCL; }).required();
    clocks("timing.tCWL", [](DramConfig& c) -> auto& { return c.timing.nCWL; }).required();
    // One tRCD sets both; the separate keys exist for standards with distinct values.
    clocks("timing.tRCD", [](DramConfig& c) -> auto& { return c.timing.nRCD_RD; })
        .also_sets({"timing.tRCD_RD", "timing.tRCD_WR"});
    clocks("timing.tRCD_RD", [](DramConfig& c) -> auto& { return c.timing.nRCD_RD; })
        .required("or timing.tRCD, which sets tRCD_RD and tRCD_WR");
    clocks("timing.tRCD_WR", [](DramConfig& c) -> auto& { return c.timing.nRCD_WR; })
        .required("or timing.tRCD, which sets tRCD_RD and tRCD_WR");
    clocks("timing.tRP", [](DramConfig& c) -> auto& { return c.timing.nRP; }).required();
    clocks("timing.tRPab", [](DramConfig& c) -> auto& { return c.timing.nRPab; });
    clocks("timing.tRAS", [](DramConfig& c) -> auto& { return c.timing.nRAS; }).required();
    clocks("timing.tRC", [](DramConfig& c) -> auto& { return c.timing.nRC; }).required();
    clocks("timing.tCCD_S", [](DramConfig& c) -> auto& { return c.timing.nCCD_S; }).required();
    clocks("timing.tCCD_L", [](DramConfig& c) -> auto& { return c.timing.nCCD_L; }).required();
    clocks("timing.tCCD_L_WR", [](DramConfig& c) -> auto& { return c.timing.nCCD_L_WR; });
    clocks("timing.tRRD_S", [](DramConfig& c) -> auto& { return c.timing.nRRD_S; }).required();
    clocks("timing.tRRD_L", [](DramConfig& c) -> auto& { return c.timing.nRRD_L; }).required();
    clocks("timing.tFAW", [](DramConfig& c) -> auto& { return c.timing.nFAW; }).required();
    clocks("timing.tWTR_S", [](DramConfig& c) -> auto& { return c.timing.nWTR_S; }).required();
    clocks("timing.tWTR_L", [](DramConfig& c) -> auto& { return c.timing.nWTR_L; }).required();
    clocks("timing.tRTP", [](DramConfig& c) -> auto& { return c.timing.nRTP; }).required();
    clocks("timing.tWR", [](DramConfig& c) -> auto& { return c.timing.nWR; }).required();
    clocks("timing.tRFC", [](DramConfig& c) -> auto& { return c.timing.nRFC; }).required();
    clocks("timing.tRFCpb", [](DramConfig& c) -> auto& { return c.timing.nRFCpb; });
    clocks("timing.tRREFD", [](DramConfig& c) -> auto& { return c.timing.nRREFD; });
    clocks("timing.tREFI", [](DramConfig& c) -> auto& { return c.timing.nREFI; }).required();
    clocks("timing.tRTRS", [](DramConfig& c) -> auto& { return c.timing.nRTRS; });
    clocks("timing.tRTW", [](DramConfig& c) -> auto& { return c.timing.nRTW; });
    t.add("timing.act_clocks", [](DramConfig& c) -> auto& { return c.timing.nACT_clocks; })
        .at_most(2, "command clocks (2: a two-part ACT)");
}

void add_power(Table& t) {
    // Volts and milliamperes per device: anything beyond these is a typo, not a device.
    auto current = [&](const char* key, auto access) { t.add(key, access).at_least(0).at_most(1e6, "mA"); };
    t.add("power.VDD", [](DramConfig& c) -> auto& { return c.power.vdd; }).at_least(0).at_most(100, "volts");
    current("power.IDD0", [](DramConfig& c) -> auto& { return c.power.idd0; });
    current("power.IDD2N", [](DramConfig& c) -> auto& { return c.power.idd2n; });
    current("power.IDD3N", [](DramConfig& c) -> auto& { return c.power.idd3n; });
    current("power.IDD4R", [](DramConfig& c) -> auto& { return c.power.idd4r; });
    current("power.IDD4W", [](DramConfig& c) -> auto& { return c.power.idd4w; });
    current("power.IDD5B", [](DramConfig& c) -> auto& { return c.power.idd5b; });
}

void add_controller(Table& t) {
    t.add("controller.read_queue", [](DramConfig& c) -> auto& { return c.controller.read_queue; })
        .default_value(32).at_least(1).at_most(kMaxQueue, "entries per channel");
    t.add("controller.write_queue", [](DramConfig& c) -> auto& { return c.controller.write_queue; })
        .default_value(32).at_least(1).at_most(kMaxQueue, "entries per channel");
    t.add("controller.write_high", [](DramConfig& c) -> auto& { return c.controller.write_high; })
        .default_value(26).at_least(1).at_most(kMaxQueue, "entries per channel");
    t.add("controller.write_low", [](DramConfig& c) -> auto& { return c.controller.write_low; })
        .default_value(6).at_most(kMaxQueue, "entries per channel");
    t.add("controller.scheduler", [](DramConfig& c) -> auto& { return c.controller.scheduler; })
        .choices<Scheduler>({{"fcfs", Scheduler::kFcfs},
                             {"frfcfs", Scheduler::kFrFcfs},
                             {"fr-fcfs", Scheduler::kFrFcfs},
                             {"strict_fcfs", Scheduler::kStrictFcfs}})
        .default_value("frfcfs");
    t.add("controller.row_hit_cap", [](DramConfig& c) -> auto& { return c.controller.row_hit_cap; }).default_value(0);
    t.add("controller.page_policy", [](DramConfig& c) -> auto& { return c.controller.page_policy; })
        .choices<PagePolicy>({{"open", PagePolicy::kOpen},
                              {"closed", PagePolicy::kClosed},
                              {"timeout", PagePolicy::kTimeout},
                              {"close_after", PagePolicy::kCloseAfter}})
        .default_value("open");
    t.add("controller.page_timeout", [](DramConfig& c) -> auto& { return c.controller.page_timeout; })
        .default_value(0).at_most(kMaxTimingClocks, "clocks");
    t.add("controller.refresh", [](DramConfig& c) -> auto& { return c.controller.refresh; })
        .choices<RefreshMode>({{"all_bank", RefreshMode::kAllBank}, {"per_bank", RefreshMode::kPerBank}, {"off", RefreshMode::kOff}})
        .default_value("all_bank");
    t.add("controller.close_after", [](DramConfig& c) -> auto& { return c.controller.close_after; })
        .default_value(0).at_most(kMaxQueue, "column commands per activation");
    t.add("controller.refresh_ranks", [](DramConfig& c) -> auto& { return c.controller.refresh_ranks; })
        .choices<RefreshRanks>({{"staggered", RefreshRanks::kStaggered}, {"simultaneous", RefreshRanks::kSimultaneous}})
        .default_value("staggered");
    t.add("controller.read_return", [](DramConfig& c) -> auto& { return c.controller.read_return; })
        .choices<ReadReturn>({{"after_last_beat", ReadReturn::kAfterLastBeat}, {"last_beat", ReadReturn::kLastBeat}})
        .default_value("after_last_beat");
    t.add("controller.queues", [](DramConfig& c) -> auto& { return c.controller.queues; })
        .choices<QueueArrangement>(
            {{"per_channel", QueueArrangement::kPerChannel}, {"per_legacy_channel", QueueArrangement::kPerLegacyChannel}})
        .default_value("per_channel");
    t.add("controller.active_buffer", [](DramConfig& c) -> auto& { return c.controller.active_buffer; })
        .choices<ActiveBuffer>({{"off", ActiveBuffer::kOff}, {"per_bank", ActiveBuffer::kPerBank}})
        .default_value("off");
    t.add("controller.command_buses", [](DramConfig& c) -> auto& { return c.controller.command_buses; })
        .choices<CommandBuses>({{"one", CommandBuses::kOne}, {"row_column", CommandBuses::kRowColumn}})
        .default_value("one");
    t.add("controller.wck_sync", [](DramConfig& c) -> auto& { return c.controller.wck_sync; })
        .choices<WckSync>({{"always_on", WckSync::kAlwaysOn}, {"on_demand", WckSync::kOnDemand}})
        .default_value("always_on");
}

const Table& fields() {
    static const Table table = [] {
        Table t;
        t.add("name", [](DramConfig& c) -> auto& { return c.name; });
        t.add("standard", [](DramConfig& c) -> auto& { return c.standard; });
        t.add("source", [](DramConfig& c) -> auto& { return c.source; });
        // Command clocks of real DRAM lie between these; outside them a typo (MHz for kHz).
        t.add("clock_mhz", [](DramConfig& c) -> auto& { return c.clock_mhz; })
            .required()
            .at_least(10, "a DRAM command clock, in MHz")
            .at_most(10000, "a DRAM command clock, in MHz");
        t.add("mapping", [](DramConfig& c) -> auto& { return c.mapping; }).required();
        t.add("xor_bank_hash", [](DramConfig& c) -> auto& { return c.xor_bank_hash; });
        add_organization(t);
        add_timing(t);
        add_power(t);
        add_controller(t);
        return t;
    }();
    return table;
}

JsonPointer pointer_of(const std::string& dotted_key) {
    std::string pointer;
    for (const char c : dotted_key) pointer += c == '.' ? '/' : c;
    return JsonPointer("/" + pointer);
}

}  // namespace

void apply_override(DramConfig& config, const std::string& assignment, const std::string& origin, std::size_t line) {
    fields().apply_assignment(config, config.sources, assignment, origin, kKeysHint, line);
}

void check_field_values(const DramConfig& config) {
    fields().check_values(config, [&](const Table::Field& field, const std::string& message) {
        config.sources.fail(field.key(), config.origin, message);
    });
}

DramConfig load_dram_config(const std::string& name_or_path, const std::vector<std::string>& overrides,
                            const std::string& overrides_origin) {
    const std::string path = resolve_preset_path(name_or_path);
    return parse_dram_config(JsonSource::from_file(path), JsonPointer(), overrides, overrides_origin);
}

DramConfig parse_dram_config(const JsonSource& src, const JsonPointer& at, const std::vector<std::string>& overrides,
                             const std::string& overrides_origin) {
    if (!src.root().contains(at) || !src.root().at(at).is_object())
        src.fail(at, "a DRAM configuration is a JSON object");
    DramConfig config;
    config.origin = src.origin();
    fields().apply_defaults(config);
    std::set<std::string> given;
    fields().load_json(src, src.root().at(at), at, config, config.sources, given, kKeysHint);
    // A field a preset must give and does not would silently be zero.
    if (const Table::Field* missing = fields().first_missing(given)) {
        const JsonPointer where = at / pointer_of(missing->key());
        const JsonPointer parent = where.parent_pointer();
        const std::string hint = missing->required_hint().empty() ? "" : " (" + missing->required_hint() + ")";
        throw InputError(src.origin(), src.line_of(src.root().contains(parent) ? parent : at),
                         json_path_string(where), "required field is missing" + hint);
    }
    for (const std::string& o : overrides) apply_override(config, o, overrides_origin);
    validate(config);
    return config;
}

Json dram_config_json(const DramConfig& config) {
    Json out = Json::object();
    for (const Table::Field& f : fields().fields()) {
        if (!f.covers().empty()) continue;  // an alias (timing.tRCD): the fields it sets are written
        Json* group = &out;
        std::string key = f.key();
        if (const auto dot = key.find('.'); dot != std::string::npos) {
            group = &out[key.substr(0, dot)];
            key = key.substr(dot + 1);
        }
        (*group)[key] = f.get(config);
    }
    return out;
}

}  // namespace dramsweep::dram
