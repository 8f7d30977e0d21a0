#include "dramsweep/coupled/network_plan.hpp"

#include <map>
#include <stdexcept>
#include <string>

namespace dramsweep::coupled {

NetworkPlan plan_networks(const Topology& topology, const std::vector<AccelConfig>& accels,
                          const std::vector<dram::DramConfig>& drams) {
    if (accels.size() != drams.size()) throw std::logic_error("plan_networks: one accelerator per DRAM configuration");
    NetworkPlan plan;
    std::map<std::string, std::size_t> stream_of_key;
    for (std::size_t i = 0; i < accels.size(); ++i) {
        const AccelConfig accel = accel_for_dram(accels[i], drams[i]);
        const auto [it, inserted] = stream_of_key.try_emplace(stream_key(accel), plan.streams.size());
        if (inserted) plan.streams.push_back(build_network_stream(topology, accel));
        plan.cases.push_back({it->second, drams[i], clock_domains(accel, drams[i])});
        plan.accels.push_back(accel);
    }
    return plan;
}

}  // namespace dramsweep::coupled
