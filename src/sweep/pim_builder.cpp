// Building the PIM design of a sweep point (pim_builder.hpp).

#include "dramsweep/sweep/pim_builder.hpp"

#include "dramsweep/common/input_error.hpp"

namespace dramsweep::sweep {
namespace {

std::string template_field(const std::string& key) {
    return key.substr(std::char_traits<char>::length(kPimPrefix));
}

}  // namespace

PimBuilder::PimBuilder(const SweepSpec& spec) : spec_(spec) {}

const pim::PimConfig& PimBuilder::preset(const Setting& s) {
    const std::string name = setting_text(s.value);
    auto it = presets_.find(name);
    if (it != presets_.end()) return it->second;
    try {
        it = presets_.emplace(name, pim::load_pim_config(preset_location(spec_, name))).first;
    } catch (const InputError& e) {
        throw InputError(spec_.file, s.line, s.path, "PIM preset '" + name + "': " + e.what());
    }
    return it->second;
}

void PimBuilder::apply(pim::PimConfig& config, const Setting& s, const std::string& context) const {
    try {
        pim::apply_pim_override(config, s.key + "=" + setting_text(s.value));
    } catch (const InputError& e) {
        throw InputError(spec_.file, s.line, s.path + " (" + s.key + ")", context + e.message());
    }
}

void PimBuilder::validate(const pim::PimConfig& config, const std::vector<const Setting*>& settings,
                          const std::string& context) const {
    try {
        pim::validate(config);
    } catch (const InputError& e) {
        // The spec's setting of the field at fault (the last one took effect), else the preset's.
        const Setting* at_fault = nullptr;
        for (const Setting* s : settings)
            if (template_field(s->key) == e.field()) at_fault = s;
        if (at_fault)
            throw InputError(spec_.file, at_fault->line, at_fault->path + " (" + at_fault->key + ")",
                             context + e.message());
        throw InputError(
            spec_.file, 0, kPimPrefix + e.field(),
            context + e.message() + " (the value is " + e.file() + ":" + std::to_string(e.line()) + ")");
    }
}

pim::PimConfig PimBuilder::build(const SweepPoint& point) {
    const Setting* preset_setting = &spec_.base_preset;
    for (const Setting* s : point.settings)
        if (s->key == "preset") preset_setting = s;
    pim::PimConfig config = preset(*preset_setting);
    const std::string context =
        "configuration " + std::to_string(point.index) + " (" + describe(spec_, point) + "): ";
    std::vector<const Setting*> applied;
    for (const Setting& s : spec_.base_set) applied.push_back(&s);
    for (const Setting* s : point.settings)
        if (s->key != "preset") applied.push_back(s);
    for (const Setting* s : applied) apply(config, *s, context);
    validate(config, applied, context);
    return config;
}

void PimBuilder::check_every_setting() {
    pim::PimConfig base = preset(spec_.base_preset);
    std::vector<const Setting*> base_settings;
    for (const Setting& s : spec_.base_set) {
        apply(base, s, "");
        base_settings.push_back(&s);
    }
    validate(base, base_settings, "");
    // A value may be valid only together with another axis's (a mesh and its memory placement):
    // alone, only errors about its own field count; combinations are checked point by point.
    auto check = [&](const Setting& s) {
        if (s.key == "preset") {
            (void)preset(s);
            return;
        }
        pim::PimConfig scratch = base;
        apply(scratch, s, "");
        std::vector<const Setting*> settings = base_settings;
        settings.push_back(&s);
        try {
            validate(scratch, settings, "");
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
