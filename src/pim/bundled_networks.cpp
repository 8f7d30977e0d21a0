// The bundled networks, written from their published architectures in the form nn_dataflow
// gives them (../shared/reference/pim/networks/ holds its layer tables; tests/pim checks every
// row against them). The transformer block is ours (docs/pim.md, "Workloads").

#include <array>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/pim/network.hpp"

namespace dramsweep::pim {
namespace {

class Builder {
public:
    std::vector<LayerSpec> specs;

    void conv(const std::string& name, std::vector<std::string> prevs, std::int32_t k, std::int32_t e,
              std::int32_t r, std::int32_t u = 1) {
        add(name, LayerType::kConv, std::move(prevs), {LayerModel::kConv, 0, k, e, e, r, r, u, u, 1, 1});
    }
    // A fully connected layer over an input of `r` x `r` points.
    void fc(const std::string& name, std::vector<std::string> prevs, std::int32_t k, std::int32_t r = 1) {
        add(name, LayerType::kFc, std::move(prevs), {LayerModel::kConv, 0, k, 1, 1, r, r, 1, 1, 1, 1});
    }
    void pool(const std::string& name, std::vector<std::string> prevs, std::int32_t k, std::int32_t e,
              std::int32_t r, std::int32_t u) {
        add(name, LayerType::kPool, std::move(prevs),
            {LayerModel::kLocalRegion, k, k, e, e, r, r, u, u, 1, 1});
    }
    void eltwise(const std::string& name, std::vector<std::string> prevs, std::int32_t k, std::int32_t e) {
        const auto n = static_cast<std::int32_t>(prevs.size());
        add(name, LayerType::kEltwise, std::move(prevs),
            {LayerModel::kLocalRegion, k * n, k, e, e, 1, 1, 1, 1, n, n});
    }
    // M x K times K x N: N output channels over M points of K channels.
    void gemm(const std::string& name, std::vector<std::string> prevs, std::int32_t m, std::int32_t n,
              std::int32_t k, std::string weights_from = "") {
        add(name, LayerType::kFc, std::move(prevs), {LayerModel::kConv, k, n, m, 1, 1, 1, 1, 1, 1, 1});
        specs.back().weights_from = std::move(weights_from);
    }

private:
    void add(const std::string& name, LayerType type, std::vector<std::string> prevs,
             const LayerShape& shape) {
        LayerSpec s;
        s.name = name;
        s.type = type;
        s.shape = shape;
        s.prevs = std::move(prevs);
        specs.push_back(std::move(s));
    }
};

// Krizhevsky et al. 2012, the two-group version (every conv and pool layer in halves).
Network alexnet() {
    Builder b;
    for (const char* g : {"a", "b"}) {
        const std::string s = std::string("_") + g;
        b.conv("conv1" + s, {"input"}, 48, 55, 11, 4);
    }
    for (const char* g : {"a", "b"}) {
        const std::string s = std::string("_") + g;
        b.pool("pool1" + s, {"conv1" + s}, 48, 27, 3, 2);
    }
    for (const char* g : {"a", "b"})
        b.conv(std::string("conv2_") + g, {std::string("pool1_") + g}, 128, 27, 5);
    for (const char* g : {"a", "b"})
        b.pool(std::string("pool2_") + g, {std::string("conv2_") + g}, 128, 13, 3, 2);
    for (const char* g : {"a", "b"}) b.conv(std::string("conv3_") + g, {"pool2_a", "pool2_b"}, 192, 13, 3);
    for (const char* g : {"a", "b"})
        b.conv(std::string("conv4_") + g, {std::string("conv3_") + g}, 192, 13, 3);
    for (const char* g : {"a", "b"})
        b.conv(std::string("conv5_") + g, {std::string("conv4_") + g}, 128, 13, 3);
    for (const char* g : {"a", "b"})
        b.pool(std::string("pool3_") + g, {std::string("conv5_") + g}, 128, 6, 3, 2);
    b.fc("fc1", {"pool3_a", "pool3_b"}, 4096, 6);
    b.fc("fc2", {"fc1"}, 4096);
    b.fc("fc3", {"fc2"}, 1000);
    return build_network("alexnet", "bundled", 3, 224, 224, b.specs);
}

// Simonyan and Zisserman 2014, configuration D.
Network vgg16() {
    Builder b;
    const std::array<std::array<int, 3>, 5> stages = {
        {{64, 2, 224}, {128, 2, 112}, {256, 3, 56}, {512, 3, 28}, {512, 3, 14}}};
    std::string prev = "input";
    int conv = 0;
    for (std::size_t s = 0; s < stages.size(); ++s) {
        const auto [k, n, e] = stages[s];
        for (int i = 0; i < n; ++i) {
            const std::string name = "conv" + std::to_string(++conv);
            b.conv(name, {prev}, k, e, 3);
            prev = name;
        }
        const std::string pool = "pool" + std::to_string(s + 1);
        b.pool(pool, {prev}, k, e / 2, 2, 2);
        prev = pool;
    }
    b.fc("fc1", {prev}, 4096, 7);
    b.fc("fc2", {"fc1"}, 4096);
    b.fc("fc3", {"fc2"}, 1000);
    return build_network("vgg16", "bundled", 3, 224, 224, b.specs);
}

// He et al. 2016, 50 layers: bottleneck blocks, projection shortcuts in the first block of each
// stage, stride 2 in that block's first 1x1 and its projection.
Network resnet50() {
    Builder b;
    b.conv("conv1", {"input"}, 64, 112, 7, 2);
    b.pool("pool1", {"conv1"}, 64, 56, 3, 2);
    struct Stage {
        int blocks, mid, out, e, stride;
    };
    const std::array<Stage, 4> stages = {
        {{3, 64, 256, 56, 1}, {4, 128, 512, 28, 2}, {6, 256, 1024, 14, 2}, {3, 512, 2048, 7, 2}}};
    std::string prev = "pool1";
    for (std::size_t s = 0; s < stages.size(); ++s) {
        const Stage& st = stages[s];
        const std::string stage = "conv" + std::to_string(s + 2);
        for (int i = 0; i < st.blocks; ++i) {
            const std::string blk = stage + "_" + std::to_string(i);
            const int u = i == 0 ? st.stride : 1;
            b.conv(blk + "_a", {prev}, st.mid, st.e, 1, u);
            b.conv(blk + "_b", {blk + "_a"}, st.mid, st.e, 3);
            b.conv(blk + "_c", {blk + "_b"}, st.out, st.e, 1);
            std::string shortcut = prev;
            if (i == 0) {
                b.conv(stage + "_br", {prev}, st.out, st.e, 1, u);
                shortcut = stage + "_br";
            }
            b.eltwise(blk + "_res", {shortcut, blk + "_c"}, st.out, st.e);
            prev = blk + "_res";
        }
    }
    b.pool("pool5", {prev}, 2048, 1, 7, 7);
    b.fc("fc", {"pool5"}, 1000);
    return build_network("resnet50", "bundled", 3, 224, 224, b.specs);
}

// Szegedy et al. 2015, Table 1; the pool branch of a module is its 1x1 projection only, no LRN,
// no auxiliary classifiers (nn_dataflow's form).
Network googlenet() {
    Builder b;
    b.conv("conv1", {"input"}, 64, 112, 7, 2);
    b.pool("pool1", {"conv1"}, 64, 56, 3, 2);
    b.conv("conv2_3x3_reduce", {"pool1"}, 64, 56, 1);
    b.conv("conv2_3x3", {"conv2_3x3_reduce"}, 192, 56, 3);
    b.pool("pool2", {"conv2_3x3"}, 192, 28, 3, 2);
    struct Module {
        const char* name;
        int e, n1, n3r, n3, n5r, n5, np;
    };
    std::vector<std::string> prevs = {"pool2"};
    auto inception = [&](const Module& m) {
        const std::string n = std::string("inception_") + m.name;
        b.conv(n + "_1x1", prevs, m.n1, m.e, 1);
        b.conv(n + "_3x3_reduce", prevs, m.n3r, m.e, 1);
        b.conv(n + "_3x3", {n + "_3x3_reduce"}, m.n3, m.e, 3);
        b.conv(n + "_5x5_reduce", prevs, m.n5r, m.e, 1);
        b.conv(n + "_5x5", {n + "_5x5_reduce"}, m.n5, m.e, 5);
        b.conv(n + "_pool_proj", prevs, m.np, m.e, 1);
        prevs = {n + "_1x1", n + "_3x3", n + "_5x5", n + "_pool_proj"};
        return m.n1 + m.n3 + m.n5 + m.np;
    };
    inception({"3a", 28, 64, 96, 128, 16, 32, 32});
    int k = inception({"3b", 28, 128, 128, 192, 32, 96, 64});
    b.pool("pool3", prevs, k, 14, 3, 2);
    prevs = {"pool3"};
    for (const Module& m :
         {Module{"4a", 14, 192, 96, 208, 16, 48, 64}, Module{"4b", 14, 160, 112, 224, 24, 64, 64},
          Module{"4c", 14, 128, 128, 256, 24, 64, 64}, Module{"4d", 14, 112, 144, 288, 32, 64, 64}})
        inception(m);
    k = inception({"4e", 14, 256, 160, 320, 32, 128, 128});
    b.pool("pool4", prevs, k, 7, 3, 2);
    prevs = {"pool4"};
    inception({"5a", 7, 256, 160, 320, 32, 128, 128});
    k = inception({"5b", 7, 384, 192, 384, 48, 128, 128});
    b.pool("pool5", prevs, k, 1, 7, 7);
    b.fc("fc", {"pool5"}, 1000);
    return build_network("googlenet", "bundled", 3, 224, 224, b.specs);
}

// One BERT-base encoder block (Devlin et al. 2019): 512 tokens of 768, 12 heads of 64, a
// 3072-wide feed-forward layer. Every matrix product is a GEMM (N output channels over M token
// points); a head's scores use its keys, and its context its values, as weights.
// Softmax, layer norm and GELU are not modelled.
Network transformer() {
    Builder b;
    const int tokens = 512, d = 768, heads = 12, dk = 64, ffn = 3072;
    std::vector<std::string> contexts;
    for (int h = 0; h < heads; ++h) {
        const std::string n = "head" + std::to_string(h);
        b.gemm(n + "_q", {"input"}, tokens, dk, d);
        b.gemm(n + "_k", {"input"}, tokens, dk, d);
        b.gemm(n + "_v", {"input"}, tokens, dk, d);
        b.gemm(n + "_scores", {n + "_q"}, tokens, tokens, dk, n + "_k");
        b.gemm(n + "_context", {n + "_scores"}, tokens, dk, tokens, n + "_v");
        contexts.push_back(n + "_context");
    }
    b.gemm("out_proj", contexts, tokens, d, d);
    b.eltwise("add1", {"out_proj", "input"}, d, tokens);
    b.specs.back().shape.F = 1;
    b.gemm("ffn1", {"add1"}, tokens, ffn, d);
    b.gemm("ffn2", {"ffn1"}, tokens, d, ffn);
    b.eltwise("add2", {"ffn2", "add1"}, d, tokens);
    b.specs.back().shape.F = 1;
    return build_network("transformer", "bundled", d, tokens, 1, b.specs);
}

}  // namespace

std::vector<std::string> bundled_network_names() {
    return {"alexnet", "vgg16", "resnet50", "googlenet", "transformer"};
}

Network bundled_network(const std::string& name) {
    if (name == "alexnet" || name == "alex_net") return alexnet();
    if (name == "vgg16" || name == "vgg_net") return vgg16();
    if (name == "resnet50") return resnet50();
    if (name == "googlenet") return googlenet();
    if (name == "transformer") return transformer();
    std::string known;
    for (const auto& n : bundled_network_names()) known += (known.empty() ? "" : ", ") + n;
    throw InputError("--network", 0, "network",
                     "unknown network '" + name + "' (bundled: " + known + ", or a file)");
}

}  // namespace dramsweep::pim
