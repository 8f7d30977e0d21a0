#pragma once
// The PIM design of a PIM sweep's point: the base preset (or the point's "preset"), then
// base.set's pim.* settings, then the point's, each through apply_pim_override (so every field
// of the template is sweepable, with the checks of `--set pim.key=value`), then the template's
// validation. Errors name the spec's file and the line of the setting at fault, like the DRAM
// settings (ConfigBuilder).

#include <map>
#include <string>

#include "dramsweep/pim/config.hpp"
#include "dramsweep/sweep/points.hpp"

namespace dramsweep::sweep {

class PimBuilder {
public:
    explicit PimBuilder(const SweepSpec& spec);  // the spec must outlive the builder

    pim::PimConfig build(const SweepPoint& point);

    // Applies every value the spec gives, one at a time, to the base design, so that an unknown
    // field or a bad value is reported up front even when sampling never picks it.
    void check_every_setting();

private:
    const pim::PimConfig& preset(const Setting& preset_setting);
    void apply(pim::PimConfig& config, const Setting& setting, const std::string& context) const;
    void validate(const pim::PimConfig& config, const std::vector<const Setting*>& settings,
                  const std::string& context) const;

    const SweepSpec& spec_;
    std::map<std::string, pim::PimConfig> presets_;
};

}  // namespace dramsweep::sweep
