#pragma once
// One DRAM configuration: organisation, timing (clocks), power (IDD), controller and mapping.
//
// Loaded from a preset in configs/dram/ (or any JSON file of the same schema, see docs/dram.md),
// then overridden field by field with dotted keys ("timing.tRCD=18", "controller.scheduler=fcfs")
// and validated. Every error is an InputError naming the file (or "--set"), line and field.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dramsweep/common/field_sources.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/dram/mapping.hpp"
#include "dramsweep/dram/policies.hpp"
#include "dramsweep/dram/timing.hpp"

namespace dramsweep::dram {

struct Organization {
    std::uint32_t channels;         // independent channels (HBM: pseudo-channels)
    std::uint32_t ranks;            // ranks per channel
    std::uint32_t bank_groups;      // bank groups per rank (1 where the standard has none)
    std::uint32_t banks_per_group;  // banks per bank group
    std::uint32_t rows;             // rows per bank
    std::uint32_t columns;          // device columns per row
    std::uint32_t device_width;     // DQ bits of one device
    std::uint32_t bus_width;        // DQ bits of the channel (devices per rank = bus / device)
    std::uint32_t burst_length;     // beats per column command
    std::uint32_t density_mbit;     // device density, for reports

    std::uint32_t banks_per_rank() const { return bank_groups * banks_per_group; }
    std::uint32_t banks_per_channel() const { return ranks * banks_per_rank(); }
    std::uint32_t burst_bytes() const { return bus_width * burst_length / 8; }
    std::uint32_t devices_per_rank() const { return bus_width / device_width; }
};

// DRAMPower-style current model of one device (mA, V).
struct PowerParams {
    double vdd, idd0, idd2n, idd3n, idd4r, idd4w, idd5b;
};

struct ControllerConfig {
    std::uint32_t read_queue;     // read queue entries per channel
    std::uint32_t write_queue;    // write queue entries per channel
    std::uint32_t write_high;     // enter write drain at this many queued writes
    std::uint32_t write_low;      // leave write drain at or below this many (when reads wait)
    Scheduler scheduler;
    std::uint32_t row_hit_cap;    // FR-FCFS: hits served per row activation before conflicts win (0: no cap)
    PagePolicy page_policy;
    std::uint32_t page_timeout;   // timeout policy: idle clocks before an unused open row closes
    RefreshMode refresh;
    std::uint32_t close_after = 0;  // close_after policy: column commands per activation (R6)
    RefreshRanks refresh_ranks = RefreshRanks::kStaggered;
    ReadReturn read_return = ReadReturn::kAfterLastBeat;
    QueueArrangement queues = QueueArrangement::kPerChannel;
    ActiveBuffer active_buffer = ActiveBuffer::kOff;
    CommandBuses command_buses = CommandBuses::kOne;
    WckSync wck_sync = WckSync::kAlwaysOn;  // LPDDR5's write clock (R14)
};

struct DramConfig {
    std::string name;      // preset name
    std::string standard;  // "DDR4", "HBM2", ...
    std::string source;    // where the numbers come from (standard, speed bin, datasheet)
    std::string origin;    // file it was loaded from, for messages
    // Where each field got its value (file or "--set", and line), so that validation errors
    // point at the value at fault. Keys as in overrides ("timing.tRAS").
    FieldSources sources;
    double clock_mhz = 0;  // command clock; tCK = 1000 / clock_mhz ns
    Organization org{};
    TimingParams timing{};
    PowerParams power{};
    ControllerConfig controller{};
    std::string mapping;   // bit-field order string, most significant first
    bool xor_bank_hash = false;

    double tck_ns() const { return 1000.0 / clock_mhz; }
};

// The rank level's bursts share one data bus, except under kPerLegacyChannel, where the rank
// level is the pseudo-channel and each pseudo-channel has its own (docs/dram.md).
inline bool ranks_share_data_bus(const DramConfig& config) {
    return config.controller.queues != QueueArrangement::kPerLegacyChannel;
}
// The constraint table of a configuration: the one every backend (reference, batched engine,
// device) derives its timing bounds from.
inline ConstraintTable derive_constraints(const DramConfig& config) {
    return derive_constraints(config.timing, ranks_share_data_bus(config));
}

// Finds a preset by name (configs/dram/<name>.json, see docs/dram.md for the search order) or
// takes a path to a JSON file; throws InputError for unknown names.
std::string resolve_preset_path(const std::string& name_or_path);
std::vector<std::string> known_presets();

// Loads and validates. `overrides` are "key=value" strings applied before validation; their
// errors name `overrides_origin` (the option or key they came from) and the key.
DramConfig load_dram_config(const std::string& name_or_path, const std::vector<std::string>& overrides = {},
                            const std::string& overrides_origin = "--set");
// The same from the object at `at` of a JSON document (a preset's schema), e.g. a configuration
// given inline in a serve request; errors name the document, the line and the JSON path.
DramConfig parse_dram_config(const JsonSource& source, const JsonPointer& at,
                             const std::vector<std::string>& overrides = {},
                             const std::string& overrides_origin = "--set");
// The configuration in the preset's JSON form (nested groups, every field), which
// parse_dram_config reads back to an equal configuration.
Json dram_config_json(const DramConfig& config);
// Applies one "key=value" override (the same keys as the JSON, dotted); unknown keys throw.
// `origin` and `line` say where the override was given (messages, and validate's).
void apply_override(DramConfig& config, const std::string& assignment, const std::string& origin = "--set",
                    std::size_t line = 0);
// Checks the whole configuration: each field's bounds (those of the field table, for
// configurations changed in code), then the rules between fields (timings that cannot hold, zero
// or non-power-of-two sizes).
void validate(const DramConfig& config);
void check_field_values(const DramConfig& config);

// Parses "RoBaRaCoCh" etc. into shifts and masks for this organisation.
AddressMapping parse_mapping(const std::string& order, const Organization& org, bool xor_bank_hash,
                             const std::string& origin);

}  // namespace dramsweep::dram
