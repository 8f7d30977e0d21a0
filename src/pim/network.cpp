// The DAG of a PIM network: ordering and checking the layers.

#include "dramsweep/pim/network.hpp"

#include <algorithm>
#include <map>

#include "dramsweep/common/input_error.hpp"

namespace dramsweep::pim {

int Network::find(const std::string& n) const {
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (layers[i].name == n) return static_cast<int>(i);
    return -1;
}

std::int64_t Network::total_ops(std::int64_t batch) const {
    std::int64_t ops = 0;
    for (const auto& l : layers) ops += l.shape.ops(batch);
    return ops;
}

std::int32_t Network::producer_channels(int producer, int consumer) const {
    if (producer == kNetworkInput) return input_channels;
    if (producer == kOwnInput) return layers[static_cast<std::size_t>(consumer)].shape.C;
    return layers[static_cast<std::size_t>(producer)].shape.K;
}
std::int32_t Network::producer_rows(int producer, int consumer) const {
    if (producer == kNetworkInput) return input_h;
    if (producer == kOwnInput)
        return static_cast<std::int32_t>(layers[static_cast<std::size_t>(consumer)].shape.hin());
    return layers[static_cast<std::size_t>(producer)].shape.E;
}
std::int32_t Network::producer_cols(int producer, int consumer) const {
    if (producer == kNetworkInput) return input_w;
    if (producer == kOwnInput)
        return static_cast<std::int32_t>(layers[static_cast<std::size_t>(consumer)].shape.win());
    return layers[static_cast<std::size_t>(producer)].shape.F;
}

namespace {

// nn_dataflow's is_valid_padding_sifm: an input of `size` rows feeds a layer whose full-halo
// input is `hin` rows and whose outputs cover `e * u` rows.
bool fits_padding(std::int64_t size, std::int64_t e_times_u, std::int64_t hin) {
    return std::min(e_times_u, hin) <= size && size <= std::max(e_times_u, hin);
}

void check_shape(const LayerSpec& s, const std::string& origin) {
    const LayerShape& x = s.shape;
    auto fail = [&](const std::string& message) { throw InputError(origin, s.line, s.name, message); };
    if (x.K < 1 || x.E < 1 || x.F < 1) fail("output channels, rows and columns must be at least 1");
    if (x.R < 1 || x.S < 1) fail("the filter or window must be at least 1 x 1");
    if (x.Uh < 1 || x.Uw < 1) fail("the stride must be at least 1");
    if (x.nreg < 1 || x.ntrd < 1) fail("nreg must be at least 1");
    if (!x.is_conv() && x.nreg > 1 && x.R * x.S > 1)
        fail("a local region merges channels or a window, not both");
    const std::int64_t big = std::int64_t{1} << 24;
    if (x.K > big || x.E > big || x.F > big || x.R > big || x.S > big || x.C > big)
        fail("dimension too large");
}

}  // namespace

Network build_network(std::string name, std::string origin, std::int32_t input_channels, std::int32_t input_h,
                      std::int32_t input_w, const std::vector<LayerSpec>& specs) {
    if (input_channels < 1 || input_h < 1 || input_w < 1)
        throw InputError(origin, 0, "input", "the network input needs at least one channel, row and column");
    if (specs.empty()) throw InputError(origin, 0, "layers", "a network needs at least one layer");
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < specs.size(); ++i) {
        const LayerSpec& s = specs[i];
        if (s.name.empty()) throw InputError(origin, s.line, "name", "every layer needs a name");
        if (s.name == "input") throw InputError(origin, s.line, s.name, "'input' names the network input");
        if (!index.emplace(s.name, i).second)
            throw InputError(origin, s.line, s.name, "a second layer of this name");
        check_shape(s, origin);
    }
    for (const LayerSpec& s : specs) {
        if (s.prevs.empty() && !s.own_input)
            throw InputError(origin, s.line, s.name, "the layer has no producer");
        for (const std::string& p : s.prevs)
            if (p != "input" && !index.count(p))
                throw InputError(origin, s.line, s.name, "dangling input: no layer '" + p + "'");
        if (!s.weights_from.empty() && !index.count(s.weights_from))
            throw InputError(origin, s.line, s.name, "weights_from: no layer '" + s.weights_from + "'");
    }

    // Producers first, otherwise in the order given.
    std::vector<int> order;
    std::vector<bool> placed(specs.size(), false);
    auto ready = [&](const LayerSpec& s) {
        for (const std::string& p : s.prevs)
            if (p != "input" && !placed[index.at(p)]) return false;
        return s.weights_from.empty() || placed[index.at(s.weights_from)];
    };
    while (order.size() < specs.size()) {
        bool progress = false;
        for (std::size_t i = 0; i < specs.size(); ++i) {
            if (placed[i] || !ready(specs[i])) continue;
            placed[i] = true;
            order.push_back(static_cast<int>(i));
            progress = true;
        }
        if (progress) continue;
        // Walk unplaced producers until one repeats: that layer is on a cycle.
        std::size_t at = 0;
        while (placed[at]) ++at;
        std::vector<bool> seen(specs.size(), false);
        while (!seen[at]) {
            seen[at] = true;
            const LayerSpec& s = specs[at];
            std::size_t next = at;
            for (const std::string& p : s.prevs)
                if (p != "input" && !placed[index.at(p)]) next = index.at(p);
            if (next == at && !s.weights_from.empty()) next = index.at(s.weights_from);
            at = next;
        }
        throw InputError(origin, specs[at].line, specs[at].name,
                         "the layers form a cycle through this layer");
    }

    Network net;
    net.name = std::move(name);
    net.origin = origin;
    net.input_channels = input_channels;
    net.input_h = input_h;
    net.input_w = input_w;
    std::map<std::string, int> position;
    for (int i : order) {
        const LayerSpec& s = specs[static_cast<std::size_t>(i)];
        NetworkLayer l;
        l.name = s.name;
        l.type = s.type;
        l.shape = s.shape;
        for (const std::string& p : s.prevs) l.prevs.push_back(p == "input" ? kNetworkInput : position.at(p));
        if (s.own_input) l.prevs.push_back(kOwnInput);
        l.weights_from = s.weights_from.empty() ? -1 : position.at(s.weights_from);
        const int me = static_cast<int>(net.layers.size());
        net.layers.push_back(l);
        NetworkLayer& placed_layer = net.layers.back();
        auto fail = [&](const std::string& message) { throw InputError(origin, s.line, s.name, message); };
        if (s.own_input) {
            if (placed_layer.shape.C < 1) fail("the input channels must be given");
        } else {
            std::int64_t channels = 0;
            for (int p : placed_layer.prevs) channels += net.producer_channels(p, me);
            if (placed_layer.shape.C == 0) placed_layer.shape.C = static_cast<std::int32_t>(channels);
            if (channels != placed_layer.shape.C)
                fail("the producers give " + std::to_string(channels) + " channels, the layer reads " +
                     std::to_string(placed_layer.shape.C));
            const std::int32_t rows = net.producer_rows(placed_layer.prevs[0], me);
            const std::int32_t cols = net.producer_cols(placed_layer.prevs[0], me);
            for (int p : placed_layer.prevs)
                if (net.producer_rows(p, me) != rows || net.producer_cols(p, me) != cols)
                    fail("its producers differ in size (a concatenation needs equal rows and columns)");
            const LayerShape& x = placed_layer.shape;
            if (!fits_padding(rows, std::int64_t{x.E} * x.Uh, x.hin()) ||
                !fits_padding(cols, std::int64_t{x.F} * x.Uw, x.win()))
                fail("an input of " + std::to_string(rows) + "x" + std::to_string(cols) + " does not fit " +
                     std::to_string(x.E) + "x" + std::to_string(x.F) + " outputs of a " +
                     std::to_string(x.R) + "x" + std::to_string(x.S) + " window at stride " +
                     std::to_string(x.Uh));
        }
        if (!placed_layer.shape.is_conv() &&
            placed_layer.shape.C != placed_layer.shape.K * placed_layer.shape.ntrd)
            fail("a local-region layer reads ntrd x K channels");
        if (placed_layer.shape.C < 1) fail("the input channels must be at least 1");
        position[s.name] = me;
    }
    return net;
}

}  // namespace dramsweep::pim
