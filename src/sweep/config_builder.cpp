// Building the DramConfig of a sweep point (points.hpp, ConfigBuilder): preset, then base.set,
// then the point's DRAM settings (not the "accel." ones), each through dram::apply_override so that every config field is
// sweepable with exactly the checks of `--set`; then dram::validate. Errors are re-issued at the
// spec's file and line, with the configuration named.

#include <filesystem>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/sweep/points.hpp"

namespace dramsweep::sweep {


std::string preset_location(const SweepSpec& spec, const std::string& name) {
    const bool is_path = name.find('/') != std::string::npos ||
                         (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0);
    if (!is_path || std::filesystem::path(name).is_absolute()) return name;
    return (std::filesystem::path(spec.dir) / name).lexically_normal().string();
}

ConfigBuilder::ConfigBuilder(const SweepSpec& spec) : spec_(spec) {}

const dram::DramConfig& ConfigBuilder::preset(const Setting& s) {
    const std::string name = setting_text(s.value);
    auto it = presets_.find(name);
    if (it != presets_.end()) return it->second;
    try {
        it = presets_.emplace(name, dram::load_dram_config(preset_location(spec_, name))).first;
    } catch (const InputError& e) {
        throw InputError(spec_.file, s.line, s.path, "preset '" + name + "': " + e.what());
    }
    return it->second;
}

void ConfigBuilder::apply(dram::DramConfig& config, const Setting& s, const std::string& context) const {
    // validate() names where a value at fault came from: here, the spec's line.
    try {
        dram::apply_override(config, s.key + "=" + setting_text(s.value), spec_.file, s.line);
    } catch (const InputError& e) {
        throw InputError(spec_.file, s.line, s.path + " (" + s.key + ")", context + e.message());
    }
}

dram::DramConfig ConfigBuilder::build(const SweepPoint& point) {
    const Setting* preset_setting = &spec_.base_preset;
    for (const Setting* s : point.settings)
        if (s->key == "preset") preset_setting = s;
    dram::DramConfig config = preset(*preset_setting);
    const std::string context =
        "configuration " + std::to_string(point.index) + " (" + describe(spec_, point) + "): ";
    // Accelerator keys are AccelBuilder's (network sweeps).
    for (const Setting& s : spec_.base_set)
        if (!is_accel_key(s.key)) apply(config, s, context);
    for (const Setting* s : point.settings)
        if (s->key != "preset" && !is_accel_key(s->key)) apply(config, *s, context);
    try {
        dram::validate(config);
    } catch (const InputError& e) {
        // Name the spec's setting of the field at fault; a value the preset gave is named by
        // the configuration and the preset's file and line.
        const Setting* at_fault = nullptr;
        auto match = [&](const Setting& s) {
            if (e.file() == spec_.file && e.line() == s.line && s.key == e.field()) at_fault = &s;
        };
        for (const Setting& s : spec_.base_set) match(s);
        for (const Setting* s : point.settings) match(*s);
        if (at_fault)
            throw InputError(spec_.file, at_fault->line, at_fault->path + " (" + at_fault->key + ")",
                             context + e.message());
        throw InputError(spec_.file, 0, e.field(),
                         context + e.message() + " (the value is " + e.file() + ":" + std::to_string(e.line()) + ")");
    }
    return config;
}

void ConfigBuilder::check_every_setting() {
    const std::string context = "";
    dram::DramConfig base = preset(spec_.base_preset);
    for (const Setting& s : spec_.base_set)
        if (!is_accel_key(s.key)) apply(base, s, context);
    auto check = [&](const Setting& s) {
        if (is_accel_key(s.key)) return;  // AccelBuilder::check_every_setting
        if (s.key == "preset") {
            preset(s);
            return;
        }
        dram::DramConfig scratch = base;
        apply(scratch, s, context);
    };
    for (const Axis& axis : spec_.axes)
        for (const auto& level : axis.levels)
            for (const Setting& s : level) check(s);
    for (const auto& config : spec_.configs)
        for (const Setting& s : config) check(s);
}

}  // namespace dramsweep::sweep
