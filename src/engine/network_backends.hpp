#pragma once
// The backend implementations behind engine::run_network_batch (network_batch.hpp). Private to
// src/engine and cuda/.

#include "dramsweep/engine/network_batch.hpp"

namespace dramsweep::engine::detail {

void run_network_batch_reference(const std::vector<coupled::NetworkStream>& streams,
                                 const std::vector<NetworkCase>& cases, const BatchOptions& options,
                                 const NetworkSink& sink);
void run_network_batch_host(const std::vector<coupled::NetworkStream>& streams, const std::vector<NetworkCase>& cases,
                            const BatchOptions& options, const NetworkSink& sink);
void run_network_batch_cuda(const std::vector<coupled::NetworkStream>& streams, const std::vector<NetworkCase>& cases,
                            const BatchOptions& options, const NetworkSink& sink);

}  // namespace dramsweep::engine::detail
