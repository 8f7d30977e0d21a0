// The kinds of sweep workload (sweep_workload.hpp): a request stream through DRAM configurations,
// a network through accelerator and DRAM configurations, and a network mapped onto PIM designs.

#include <optional>
#include <utility>

#include "dramsweep/sweep/network_sweep.hpp"
#include "dramsweep/sweep/pim_sweep.hpp"
#include "dramsweep/sweep/sweep_workload.hpp"
#include "dramsweep/sweep/validation.hpp"
#include "dramsweep/sweep/workload.hpp"

namespace dramsweep::sweep {
namespace {

// Trace mode: every point a DRAM configuration over the one stream.
class TraceSweepWorkload final : public SweepWorkload {
public:
    explicit TraceSweepWorkload(const SweepSpec& spec)
        : spec_(spec), stream_(load_workload(spec)), parameters_(parameter_columns(spec)), builder_(spec) {}

    std::uint64_t hash() const override { return stream_hash(stream_); }
    std::vector<std::string> statistic_columns() const override { return sweep::statistic_columns(); }
    void check_every_setting() override { builder_.check_every_setting(); }
    void check(const SweepPoint& point) override { (void)builder_.build(point); }

    void validate_only(std::set<std::size_t> chosen) override { chosen_ = std::move(chosen); }
    void resumed_row(std::size_t index, const std::map<std::string, std::string>& row) override {
        if (chosen_.count(index)) kept_[index].row = row;
    }

    void run(const std::vector<const SweepPoint*>& batch, backend::BackendKind backend,
             const backend::BatchOptions& options, const RowSink& sink) override {
        std::vector<dram::DramConfig> configs;
        configs.reserve(batch.size());
        for (const SweepPoint* point : batch) configs.push_back(builder_.build(*point));
        backend::run_trace_batch(backend, configs, stream_, options,
                                 [&](std::size_t k, const results::RunSummary& summary) {
                                     const SweepPoint& point = *batch[k];
                                     if (chosen_.count(point.index)) kept_[point.index].summary = summary;
                                     sink(point, make_row(spec_, point, parameters_, configs[k], summary));
                                     return true;
                                 });
    }

    std::vector<std::string> validate(const std::vector<SweepPoint>& points, backend::BackendKind backend,
                                      unsigned threads) override {
        const ValidationInput in{&spec_, &points, &parameters_, &stream_, backend::to_string(backend),
                                 threads};
        return validate_against_reference(in, builder_, kept_);
    }

private:
    const SweepSpec& spec_;
    const std::vector<dram::TraceRequest> stream_;
    const std::vector<std::string> parameters_;
    ConfigBuilder builder_;
    std::set<std::size_t> chosen_;
    std::map<std::size_t, SweepResult> kept_;
};

// The closed loop: every point an accelerator and a DRAM configuration over the network.
class NetworkSweepWorkload final : public SweepWorkload {
public:
    explicit NetworkSweepWorkload(const SweepSpec& spec)
        : spec_(spec),
          workload_(load_network_workload(spec)),
          parameters_(parameter_columns(spec)),
          builder_(spec),
          net_(spec, workload_, builder_) {}

    std::uint64_t hash() const override { return workload_.hash; }
    std::vector<std::string> statistic_columns() const override { return network_statistic_columns(); }
    void check_every_setting() override {
        builder_.check_every_setting();
        net_.check_every_setting();
    }
    void check(const SweepPoint& point) override { net_.check(point); }
    void order(std::vector<std::size_t>& pending, const std::vector<SweepPoint>& points) const override {
        NetworkSweep::group_by_accelerator(pending, points);
    }

    void validate_only(std::set<std::size_t> chosen) override { chosen_ = std::move(chosen); }
    // A resumed point is re-run on the sweep's backend by validate(): a row does not hold the
    // whole summary.
    void resumed_row(std::size_t index, const std::map<std::string, std::string>&) override {
        if (chosen_.count(index)) kept_[index] = std::nullopt;
    }

    void run(const std::vector<const SweepPoint*>& batch, backend::BackendKind backend,
             const backend::BatchOptions& options, const RowSink& sink) override {
        const coupled::NetworkPlan plan = net_.plan(batch);
        backend::run_network_batch(
            backend, plan.streams, plan.cases, options,
            [&](std::size_t k, const results::NetworkSummary& summary) {
                const SweepPoint& point = *batch[k];
                if (chosen_.count(point.index)) kept_[point.index] = summary;
                sink(point, make_network_row(spec_, point, parameters_, net_.result(plan, k, summary)));
                return true;
            });
    }

    std::vector<std::string> validate(const std::vector<SweepPoint>& points, backend::BackendKind backend,
                                      unsigned threads) override {
        return net_.validate(points, kept_, backend, threads);
    }

private:
    const SweepSpec& spec_;
    const NetworkWorkload workload_;
    const std::vector<std::string> parameters_;
    ConfigBuilder builder_;
    NetworkSweep net_;
    std::set<std::size_t> chosen_;
    std::map<std::size_t, std::optional<results::NetworkSummary>> kept_;
};

// Processing in memory: every point a PIM design with the network mapped onto it.
class PimSweepWorkload final : public SweepWorkload {
public:
    explicit PimSweepWorkload(const SweepSpec& spec)
        : spec_(spec), parameters_(parameter_columns(spec)), pim_(spec) {}

    std::uint64_t hash() const override { return pim_.workload_hash(); }
    std::vector<std::string> statistic_columns() const override {
        return pim_statistic_columns(spec_.workload.pim_mapper);
    }
    void check_every_setting() override { pim_.check_every_setting(); }
    void check(const SweepPoint& point) override { pim_.check(point); }

    void validate_only(std::set<std::size_t> chosen) override { chosen_ = std::move(chosen); }
    // A resumed point is evaluated again by validate(): a row does not hold every layer.
    void resumed_row(std::size_t index, const std::map<std::string, std::string>&) override {
        if (chosen_.count(index)) kept_[index] = std::nullopt;
    }

    void run(const std::vector<const SweepPoint*>& batch, backend::BackendKind backend,
             const backend::BatchOptions& options, const RowSink& sink) override {
        pim_.run(batch, backend, options.threads, [&](std::size_t k, const PimPointResult& result) {
            const SweepPoint& point = *batch[k];
            if (chosen_.count(point.index)) kept_[point.index] = result.eval;
            Row row = row_key_and_parameters(spec_, point, parameters_);
            row.update(pim_statistics(result));
            sink(point, row);
        });
    }

    std::vector<std::string> validate(const std::vector<SweepPoint>& points, backend::BackendKind backend,
                                      unsigned threads) override {
        return pim_.validate(points, kept_, backend, threads);
    }

private:
    const SweepSpec& spec_;
    const std::vector<std::string> parameters_;
    PimSweep pim_;
    std::set<std::size_t> chosen_;
    std::map<std::size_t, std::optional<pim::NetworkEval>> kept_;
};

}  // namespace

void SweepWorkload::order(std::vector<std::size_t>&, const std::vector<SweepPoint>&) const {}

std::unique_ptr<SweepWorkload> make_sweep_workload(const SweepSpec& spec) {
    if (spec.workload.is_network()) return std::make_unique<NetworkSweepWorkload>(spec);
    if (spec.workload.is_pim()) return std::make_unique<PimSweepWorkload>(spec);
    return std::make_unique<TraceSweepWorkload>(spec);
}

}  // namespace dramsweep::sweep
