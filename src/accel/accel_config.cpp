#include "dramsweep/accel/accel_config.hpp"

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"

namespace dramsweep {

const char* to_string(Dataflow dataflow) {
    switch (dataflow) {
        case Dataflow::OutputStationary: return "os";
        case Dataflow::WeightStationary: return "ws";
        case Dataflow::InputStationary: return "is";
    }
    return "?";
}

Dataflow parse_dataflow(const std::string& value, const std::string& origin, std::size_t line,
                        const std::string& field) {
    const std::string v = text::to_lower(text::trim(value));
    if (v == "os") return Dataflow::OutputStationary;
    if (v == "ws") return Dataflow::WeightStationary;
    if (v == "is") return Dataflow::InputStationary;
    throw InputError(origin, line, field, "unknown dataflow '" + value + "' (expected os, ws or is)");
}

}  // namespace dramsweep
