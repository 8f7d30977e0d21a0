#include "dramsweep/accel/accel_config.hpp"

namespace dramsweep {

const char* to_string(Dataflow dataflow) {
    switch (dataflow) {
        case Dataflow::OutputStationary: return "os";
        case Dataflow::WeightStationary: return "ws";
        case Dataflow::InputStationary: return "is";
    }
    return "?";
}

}  // namespace dramsweep
