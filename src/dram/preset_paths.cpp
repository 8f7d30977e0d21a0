// DRAM presets live in configs/dram/ and are found as common/config_paths.hpp describes.

#include "dramsweep/common/config_paths.hpp"
#include "dramsweep/dram/config.hpp"

namespace dramsweep::dram {

std::vector<std::string> known_presets() { return known_configs("dram"); }

std::string resolve_preset_path(const std::string& name_or_path) {
    return resolve_config_path("dram", name_or_path, "--dram");
}

}  // namespace dramsweep::dram
