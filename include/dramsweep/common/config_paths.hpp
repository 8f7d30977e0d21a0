#pragma once
// Where bundled configurations are found. `--dram ddr4-2400` or `--pim t-16` look for
// `<name>.json` in the configuration folder of that kind ("dram", "pim"), in order:
//   1. $DRAMSWEEP_CONFIG_DIR/<kind>/ and $DRAMSWEEP_CONFIG_DIR/
//   2. configs/<kind>/ next to the binary, or one and two levels above it (build trees, installs)
//   3. configs/<kind>/ of the source tree the binary was compiled from.
// A name with no file of exactly that name finds one whose name differs only in case
// (`DDR4-2400`), searched in the same order. Anything containing '/' or ending in ".json" is taken
// as a path. A name or path that finds nothing is an error listing the near names.

#include <string>
#include <vector>

namespace dramsweep {

// The file for `name_or_path`; throws InputError naming `option` (e.g. "--dram") for unknown
// names (listing the known ones) and for paths that do not exist.
std::string resolve_config_path(const std::string& kind, const std::string& name_or_path,
                                const std::string& option);

// The names of the bundled configurations of `kind`, sorted.
std::vector<std::string> known_configs(const std::string& kind);

}  // namespace dramsweep
