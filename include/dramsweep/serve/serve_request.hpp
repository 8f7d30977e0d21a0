#pragma once
// `dramsweep serve` (JSON Lines in, JSON Lines out): the lines that arrive together are parsed
// one by one, then run together on the batched engine (backend::run_network_batch), requests
// with the same topology sharing one batch and requests with the same accelerator one stream.
// Schema in docs/formats.md ("serve"). A bad line answers {"id": ..., "ok": false, "error":
// "..."} and never ends the stream nor affects the other lines.

#include <string>
#include <vector>

#include "dramsweep/backend/backend.hpp"

namespace dramsweep::serve {

struct ServeSettings {
    backend::BackendKind backend = backend::BackendKind::kHost;  // resolved (not Auto)
    unsigned threads = 0;                                     // host threads (0: all cores)
};

struct RequestLine {
    std::string text;
    std::size_t number = 0;  // line number from 1, for messages and as the default id
};

// One answer line (no trailing newline) per request, in order. Never throws for bad input.
std::vector<std::string> answer_requests(const std::vector<RequestLine>& lines, const ServeSettings& settings);

}  // namespace dramsweep::serve
