#pragma once
// The configurations of a sweep: the spec's axes expanded (grid, random, lhs) followed by its
// explicit configurations, each a numbered list of settings with a stable key, and their
// construction as validated dram::DramConfig values.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/sweep/spec.hpp"

namespace dramsweep::sweep {

struct SweepPoint {
    std::size_t index = 0;          // position in the sweep; rows carry it as "config"
    // "preset" (when the point picks one) first, then axis order. They point into the spec
    // (which must outlive its points): a million-point sweep holds pointers, not copies.
    std::vector<const Setting*> settings;
    std::uint64_t hash = 0;         // of the settings and the spec fingerprint: "config_hash"
};

// Expands the spec (the points refer to it). `fingerprint` stands for everything the points share (base, workload), so
// that a row written under another spec never matches (see config_hash). Too many points, or
// more random samples than grid points, throw InputError at the spec's sampling.
std::vector<SweepPoint> expand_points(const SweepSpec& spec, std::uint64_t fingerprint);

// FNV-1a 64 over text: stable across platforms, used for the keys of rows.
std::uint64_t fnv1a(const std::string& text, std::uint64_t hash = 0xcbf29ce484222325ULL);
std::string hash_hex(std::uint64_t hash);  // 16 lower-case hex digits

// The base preset and base settings, and the workload's identity (the request stream's own hash),
// hashed: what every point of the spec shares.
std::uint64_t spec_fingerprint(const SweepSpec& spec, std::uint64_t workload_hash);

// Parameter columns of the result rows: "preset", then every key the axes and configs set, in
// the order they first appear.
std::vector<std::string> parameter_columns(const SweepSpec& spec);

// "preset=ddr4-3200 org.channels=2 ...", for messages.
std::string describe(const SweepSpec& spec, const SweepPoint& point);

// A preset as the spec names it: a name stays a name, a path is taken relative to the spec's folder.
std::string preset_location(const SweepSpec& spec, const std::string& name);

// Builds configurations: loads each preset once, applies base.set and the point's settings with
// apply_override, and validates. Errors name the spec file and the line of the setting at fault.
class ConfigBuilder {
public:
    explicit ConfigBuilder(const SweepSpec& spec);

    dram::DramConfig build(const SweepPoint& point);

    // Applies every value the spec gives (all axis levels, all explicit settings) to the base
    // preset once, so that an unknown key or a value of the wrong type is reported up front,
    // even when sampling never picks it.
    void check_every_setting();

private:
    const dram::DramConfig& preset(const Setting& preset_setting);
    void apply(dram::DramConfig& config, const Setting& setting, const std::string& context) const;

    const SweepSpec& spec_;
    std::map<std::string, dram::DramConfig> presets_;
};

}  // namespace dramsweep::sweep
