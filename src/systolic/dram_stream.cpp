#include "dramsweep/systolic/dram_stream.hpp"

#include <array>
#include <cstdio>

namespace dramsweep {

DramColumns dram_columns(const LayerTraffic& traffic, std::int64_t word_bytes) {
    const std::int64_t words_per_request = traffic.burst_bytes / word_bytes;
    std::array<std::int64_t, kOperandCount> first{-1, -1, -1}, last{-1, -1, -1};
    std::array<std::int64_t, kOperandCount> count{0, 0, 0};
    for_each_scheduled_request(traffic, [&](const StreamRequest& r) {
        // The ofmap column counts writes only; read-back of partial sums is DRAM traffic but
        // SCALE-Sim's report has no column for it (docs/validation.md).
        if (r.operand == Operand::Ofmap && !r.is_write) return;
        const auto o = static_cast<std::size_t>(r.operand);
        if (first[o] < 0) first[o] = r.issue_cycle;
        last[o] = r.issue_cycle;
        ++count[o];
    });
    auto start = [&](std::size_t o) { return static_cast<double>(first[o] < 0 ? 0 : first[o]); };
    auto stop = [&](std::size_t o) { return static_cast<double>(last[o] < 0 ? 0 : last[o]); };
    DramColumns c;
    c.ifmap_start = start(0);
    c.ifmap_stop = stop(0);
    c.ifmap_reads = count[0] * words_per_request;
    c.filter_start = start(1);
    c.filter_stop = stop(1);
    c.filter_reads = count[1] * words_per_request;
    c.ofmap_start = start(2);
    c.ofmap_stop = stop(2);
    c.ofmap_writes = count[2] * words_per_request;
    return c;
}

DramTraceWriter::DramTraceWriter(std::ostream* plain, std::ostream* rich) : plain_(plain), rich_(rich) {
    if (rich_) *rich_ << "layer,fold,operand,op,address,issue_cycle,need_cycle\n";
}

void DramTraceWriter::add_layer(const std::string& layer_name, const LayerTraffic& traffic) {
    std::array<char, 96> buffer{};
    for_each_scheduled_request(traffic, [&](const StreamRequest& r) {
        const char op = r.is_write ? 'W' : 'R';
        if (plain_) {
            const int n = std::snprintf(buffer.data(), buffer.size(), "0x%llx %c\n",
                                        static_cast<unsigned long long>(r.address), op);
            plain_->write(buffer.data(), n);
        }
        if (rich_) {
            *rich_ << layer_name << ',' << r.fold << ',' << to_string(r.operand) << ',' << op << ",0x" << std::hex
                   << r.address << std::dec << ',' << cycle_offset_ + r.issue_cycle << ','
                   << cycle_offset_ + r.need_cycle << '\n';
        }
    });
    cycle_offset_ += traffic.folds * traffic.cycles_per_fold;
}

}  // namespace dramsweep
