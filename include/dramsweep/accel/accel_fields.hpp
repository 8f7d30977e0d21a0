#pragma once
// The accelerator's fields, declared once (common/field_table.hpp): the JSON form reads them by
// key, overrides (`--accel-set`, a sweep's `accel.` keys, serve's `accel_set`) set them by key,
// and a SCALE-Sim .cfg by the section and key each field names here.

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/common/field_table.hpp"

namespace dramsweep {

// Where a field lives in a SCALE-Sim .cfg, and whether a .cfg must give it (SCALE-Sim's own keys
// are required there even where the JSON form has a default).
struct CfgKey {
    const char* section;  // lower case, as compared
    const char* name;     // as SCALE-Sim spells it
    bool required;
};

using AccelFieldTable = FieldTable<AccelConfig, CfgKey>;
const AccelFieldTable& accel_fields();

}  // namespace dramsweep
