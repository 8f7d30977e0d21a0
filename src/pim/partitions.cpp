#include "dramsweep/pim/partitions.hpp"

#include <algorithm>
#include <array>

namespace dramsweep::pim {
namespace {

// Every ordered factorisation of `value` into `count` factors, first factor slowest (as
// nn_dataflow's util.factorize).
void factorize(std::int32_t value, int count, std::vector<std::array<std::int32_t, kNumParts>>& out,
               std::array<std::int32_t, kNumParts>& prefix, int at) {
    if (at == count - 1) {
        prefix[static_cast<std::size_t>(at)] = value;
        out.push_back(prefix);
        return;
    }
    for (std::int32_t f = 1; f <= value; ++f) {
        if (value % f != 0) continue;
        prefix[static_cast<std::size_t>(at)] = f;
        factorize(value / f, count, out, prefix, at + 1);
    }
}

std::vector<std::array<std::int32_t, kNumParts>> factorizations(std::int32_t value) {
    std::vector<std::array<std::int32_t, kNumParts>> out;
    std::array<std::int32_t, kNumParts> prefix{};
    factorize(value, kNumParts, out, prefix, 0);
    return out;
}

}  // namespace

bool approx_dividable(std::int64_t total, std::int64_t parts) {
    if (total < parts) return false;
    const std::int64_t padded = (total + parts - 1) / parts * parts;
    const std::int64_t diff = padded - total;
    return diff <= 1 || 10 * diff <= padded;
}

std::vector<PartitionScheme> generate_partitions(const LayerShape& layer, bool is_input, std::int64_t batch,
                                                 Dim2 mesh, const PimMappingOptions& o) {
    std::vector<PartitionScheme> out;
    const auto fh = factorizations(mesh.h), fw = factorizations(mesh.w);
    const bool fc_like = layer.E == 1 && layer.F == 1;
    for (const auto& ph : fh) {
        for (const auto& pw : fw) {
            Dim2 pd[kNumParts];
            for (int p = 0; p < kNumParts; ++p)
                pd[p] = {ph[static_cast<std::size_t>(p)], pw[static_cast<std::size_t>(p)]};
            auto sz = [&](int p) { return pd[p].size(); };
            if (!o.batch_partition && sz(kBatp) > 1) continue;
            if (batch % sz(kBatp) != 0) continue;
            bool two_dim = false;
            for (int p = 0; p < kNumParts; ++p)
                two_dim = two_dim ||
                          (p != kOfmp && 1 < pd[p].h && pd[p].h < mesh.h && 1 < pd[p].w && pd[p].w < mesh.w);
            if (two_dim) continue;
            if (o.hybrid_partition) {
                if (!approx_dividable(layer.K, sz(kOutp))) continue;
                if (!approx_dividable(layer.E, pd[kOfmp].h) || !approx_dividable(layer.F, pd[kOfmp].w))
                    continue;
                if (!o.ifmaps_partition && sz(kInpp) > 1) continue;
                if (!is_input) {
                    if (layer.is_conv() && !approx_dividable(layer.C, sz(kInpp))) continue;
                    if (!layer.is_conv() && sz(kInpp) > 1) continue;
                }
            } else {
                if (sz(kInpp) != 1) continue;
                if (fc_like ? sz(kOfmp) != 1 : sz(kOutp) != 1) continue;
            }
            // Transposed twins: only schemes without OFMP and with 1D axes can be one.
            bool one_dim = sz(kOfmp) == 1;
            for (int p = 0; p < kNumParts; ++p) one_dim = one_dim && (pd[p].h == 1 || pd[p].w == 1);
            if (one_dim) {
                std::array<std::int32_t, kNumParts> hs{}, ws{};
                for (int p = 0; p < kNumParts; ++p) {
                    hs[static_cast<std::size_t>(p)] = pd[p].h;
                    ws[static_cast<std::size_t>(p)] = pd[p].w;
                }
                if (hs > ws) continue;
            }
            std::array<std::uint8_t, kNumParts> order = {0, 1, 2, 3};
            do {
                bool skip = false;
                for (int i = 0; i + 1 < kNumParts && !skip; ++i) {
                    const int a = order[static_cast<std::size_t>(i)],
                              b = order[static_cast<std::size_t>(i) + 1];
                    const Dim2 da = pd[a], db = pd[b];
                    if (da.size() == 1 && db.size() == 1 && a > b) skip = true;
                    if (da.size() > 1 && db.size() == 1) skip = true;
                    if (a != kBatp && db.h == 1 && db.w > 1 && da.h > 1 && da.w == 1) skip = true;
                }
                if (skip) continue;
                int trivial = 0;
                for (int p = 0; p < kNumParts; ++p) trivial += sz(p) == 1 ? 1 : 0;
                if (sz(kBatp) > 1 && order[static_cast<std::size_t>(trivial)] != kBatp) continue;
                PartitionScheme s;
                for (int p = 0; p < kNumParts; ++p) {
                    s.order[p] = order[static_cast<std::size_t>(p)];
                    s.pdims[p] = pd[p];
                }
                out.push_back(s);
            } while (std::next_permutation(order.begin(), order.end()));
        }
    }
    if (out.empty()) {
        PartitionScheme s;
        if (fc_like)
            s.pdims[kOutp] = mesh;
        else
            s.pdims[kOfmp] = mesh;
        out.push_back(s);
    }
    return out;
}

std::string partition_text(const PartitionScheme& part) {
    static const char* const names[kNumParts] = {"OUTP", "OFMP", "BATP", "INPP"};
    std::string s;
    for (int i = 0; i < kNumParts; ++i) {
        const int p = part.order[i];
        if (part.size(p) == 1) continue;
        if (!s.empty()) s += "+";
        s += names[p] + std::to_string(part.pdims[p].h) + "x" + std::to_string(part.pdims[p].w);
    }
    return s.empty() ? "none" : s;
}

}  // namespace dramsweep::pim
