#pragma once
// The accelerator configuration of a network sweep's point: the workload's accelerator file,
// then base.set's "accel." settings, then the point's, all through apply_accel_overrides (so
// every field it accepts is sweepable, with its checks). Errors name the spec's file and the
// line of the setting at fault, like the DRAM settings (ConfigBuilder).

#include <map>
#include <string>
#include <vector>

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/sweep/points.hpp"

namespace dramsweep::sweep {

class AccelBuilder {
public:
    // `base`: the accelerator file's configuration. The spec must outlive the builder.
    AccelBuilder(const SweepSpec& spec, AccelConfig base);

    AccelConfig build(const SweepPoint& point);

    // "accel.array_rows=64 accel.dataflow=ws": the point's accelerator settings, in the order
    // applied; points with equal keys have equal accelerators (used to group them in batches).
    static std::string accel_key(const SweepPoint& point);

    // Applies every accelerator value the spec gives, one at a time, to the base, so that an
    // unknown field or a bad value is reported up front even when sampling never picks it.
    void check_every_setting() const;

private:
    AccelConfig apply(const std::vector<const Setting*>& settings, const std::string& context) const;

    const SweepSpec& spec_;
    AccelConfig base_;
    std::map<std::string, AccelConfig> built_;  // by accel_key: most points share a few accelerators
};

}  // namespace dramsweep::sweep
