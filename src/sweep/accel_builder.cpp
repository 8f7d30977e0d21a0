// Building the accelerator of a network sweep point (accel_builder.hpp).

#include "dramsweep/sweep/accel_builder.hpp"

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"

namespace dramsweep::sweep {
namespace {

// base.set first, then the point's own: the same order as the DRAM settings.
std::vector<const Setting*> accel_settings(const SweepSpec& spec, const SweepPoint& point) {
    std::vector<const Setting*> settings;
    for (const Setting& s : spec.base_set)
        if (is_accel_key(s.key)) settings.push_back(&s);
    for (const Setting* s : point.settings)
        if (is_accel_key(s->key)) settings.push_back(s);
    return settings;
}

}  // namespace

AccelBuilder::AccelBuilder(const SweepSpec& spec, AccelConfig base) : spec_(spec), base_(std::move(base)) {}

std::string AccelBuilder::accel_key(const SweepPoint& point) {
    std::string key;
    for (const Setting* s : point.settings)
        if (is_accel_key(s->key)) key += (key.empty() ? "" : " ") + s->key + "=" + setting_text(s->value);
    return key;
}

AccelConfig AccelBuilder::apply(const std::vector<const Setting*>& settings, const std::string& context) const {
    std::vector<std::string> assignments;
    for (const Setting* s : settings) assignments.push_back(accel_field(s->key) + "=" + setting_text(s->value));
    try {
        return apply_accel_overrides(base_, assignments, spec_.file);
    } catch (const InputError& e) {
        // A setting of the spec is at fault when the error is at the spec (the overrides name it
        // by its JSON-form key, "array_rows"); the last setting of it is the one that took effect.
        const Setting* at_fault = nullptr;
        if (e.file() == spec_.file)
            for (const Setting* s : settings)
                if (accel_field(s->key) == e.field()) at_fault = s;
        if (at_fault)
            throw InputError(spec_.file, at_fault->line, at_fault->path + " (" + at_fault->key + ")",
                             context + e.message());
        const std::string line = e.line() > 0 ? ":" + std::to_string(e.line()) : std::string();
        throw InputError(spec_.file, 0, "workload.accel",
                         context + e.message() + " (the spec does not set " + e.field() + ": its value is " +
                             e.file() + line + "'s)");
    }
}

AccelConfig AccelBuilder::build(const SweepPoint& point) {
    const std::string key = accel_key(point);
    if (const auto it = built_.find(key); it != built_.end()) return it->second;
    const std::string context = "configuration " + std::to_string(point.index) + " (" + describe(spec_, point) + "): ";
    return built_.emplace(key, apply(accel_settings(spec_, point), context)).first->second;
}

void AccelBuilder::check_every_setting() const {
    std::vector<const Setting*> base_settings;
    for (const Setting& s : spec_.base_set)
        if (is_accel_key(s.key)) base_settings.push_back(&s);
    (void)apply(base_settings, "");
    // A value may be valid only together with another axis's (an SRAM size and a word size):
    // alone, only errors about its own field count; combinations are checked point by point.
    auto check = [&](const Setting& s) {
        if (!is_accel_key(s.key)) return;
        std::vector<const Setting*> settings = base_settings;
        settings.push_back(&s);
        try {
            (void)apply(settings, "");
        } catch (const InputError& e) {
            if (e.line() == s.line && e.field().rfind(s.path, 0) == 0) throw;
        }
    };
    for (const Axis& axis : spec_.axes)
        for (const auto& level : axis.levels)
            for (const Setting& s : level) check(s);
    for (const auto& config : spec_.configs)
        for (const Setting& s : config) check(s);
}

}  // namespace dramsweep::sweep
