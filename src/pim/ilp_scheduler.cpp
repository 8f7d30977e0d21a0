// The Data-Scheduler's integer program (docs/pim.md, "Data-Scheduler"), solved by CBC.
//
// Columns: x[b][k][s] (binary, requester k of block b receives it from its s-th candidate source)
// and the makespan M (continuous, in units of the largest single transfer's link cycles, so that
// the coefficients stay at most 1). Rows: every requester receives once; every link that some
// candidate route crosses, and every holder's DRAM port, carries its fixed traffic plus the
// chosen transfers within M. Phase 1 minimises M; phase 2 caps M at phase 1's result and
// minimises the bit-hops. Both phases start from the greedy's schedule (phase 2 from phase 1's).

#include <CbcModel.hpp>
#include <CglGomory.hpp>
#include <CglKnapsackCover.hpp>
#include <CglProbing.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>
#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>

#include "dramsweep/pim/data_scheduler.hpp"

namespace dramsweep::pim {
namespace {

struct Column {
    std::size_t block, requester;
    std::int32_t source;
};

struct Program {
    std::vector<Column> x;                 // the binary columns; M is column x.size()
    CoinPackedMatrix matrix{false, 0, 0};  // row-ordered
    std::vector<double> row_lb, row_ub, col_lb, col_ub;
    std::vector<double> hop_cost;  // phase-2 objective per x column (normalised bit-hops)
    std::vector<int> link_rows;    // row -> link index (dir * kMaxNodes + node), -1 if not a link row
    std::vector<bool> capacity;    // link and port rows (they hold -M), not assignment rows
    double unit_cycles = 1;        // cycles of one M unit
    double fixed_floor = 0;        // M can never be below the fixed traffic's makespan (units)
};

Dim2 coord(std::int32_t node, std::int32_t mesh_w) {
    return Dim2{node / mesh_w, node % mesh_w};
}

bool holds(const SharedBlock& b, std::int32_t node) {
    return std::find(b.holders.begin(), b.holders.end(), node) != b.holders.end();
}

Program build_program(const ScheduleProblem& p) {
    Program prog;
    const std::int32_t nodes = p.mesh_h * p.mesh_w;
    double largest = 0;
    for (const SharedBlock& b : p.blocks) largest = std::max(largest, static_cast<double>(b.bits));
    prog.unit_cycles = std::max(1.0, largest / p.link_bits_per_cycle);
    const double link_coef = 1.0 / (p.link_bits_per_cycle * prog.unit_cycles);
    const double port_coef = p.port_bits_per_cycle > 0 ? 1.0 / (p.port_bits_per_cycle * prog.unit_cycles) : 0;

    // Rows by key: assignment rows first, then link and port rows as they appear.
    std::vector<std::vector<std::pair<int, double>>> rows;  // (column, coefficient)
    std::map<int, int> link_row, port_row;
    for (std::size_t b = 0; b < p.blocks.size(); ++b) {
        const SharedBlock& blk = p.blocks[b];
        for (std::size_t k = 0; k < blk.requesters.size(); ++k) {
            const int assign = static_cast<int>(rows.size());
            rows.emplace_back();
            prog.link_rows.push_back(-1);
            prog.capacity.push_back(false);
            prog.row_lb.push_back(1);
            prog.row_ub.push_back(1);
            for (std::int32_t s : candidate_sources(blk, k)) {
                const int col = static_cast<int>(prog.x.size());
                prog.x.push_back({b, k, s});
                rows[static_cast<std::size_t>(assign)].emplace_back(col, 1.0);
                LinkLoads route;
                route.mesh_h = p.mesh_h;
                route.mesh_w = p.mesh_w;
                route_xy(route, coord(s, p.mesh_w), coord(blk.requesters[k], p.mesh_w), 1);
                for (int d = 0; d < kNumDirs; ++d)
                    for (std::int32_t n = 0; n < nodes; ++n) {
                        if (route.bits[d][n] == 0) continue;
                        const int link = d * kMaxNodes + n;
                        auto [it, fresh] = link_row.emplace(link, static_cast<int>(rows.size()));
                        if (fresh) {
                            rows.emplace_back();
                            prog.link_rows.push_back(link);
                            prog.capacity.push_back(true);
                            const double fixed = static_cast<double>(p.fixed_links.bits[d][n]) * link_coef;
                            prog.row_lb.push_back(-COIN_DBL_MAX);
                            prog.row_ub.push_back(-fixed);
                        }
                        rows[static_cast<std::size_t>(it->second)].emplace_back(
                            col, static_cast<double>(blk.bits) * link_coef);
                    }
                if (port_coef > 0 && holds(blk, s)) {
                    auto [it, fresh] = port_row.emplace(s, static_cast<int>(rows.size()));
                    if (fresh) {
                        rows.emplace_back();
                        prog.link_rows.push_back(-1);
                        prog.capacity.push_back(true);
                        const std::size_t fs = static_cast<std::size_t>(s);
                        const double fixed = fs < p.fixed_port.size()
                                                 ? static_cast<double>(p.fixed_port[fs]) * port_coef
                                                 : 0.0;
                        prog.row_lb.push_back(-COIN_DBL_MAX);
                        prog.row_ub.push_back(-fixed);
                    }
                    rows[static_cast<std::size_t>(it->second)].emplace_back(
                        col, static_cast<double>(blk.bits) * port_coef);
                }
                prog.hop_cost.push_back(static_cast<double>(blk.bits) *
                                        hop_distance(coord(s, p.mesh_w), coord(blk.requesters[k], p.mesh_w)) /
                                        std::max(1.0, largest));
            }
        }
    }
    const int m_col = static_cast<int>(prog.x.size());
    for (std::size_t r = 0; r < rows.size(); ++r)
        if (prog.capacity[r]) rows[r].emplace_back(m_col, -1.0);
    // The fixed traffic bounds M from below wherever no choice touches it.
    std::vector<std::int64_t> fixed_port = p.fixed_port;
    prog.fixed_floor = schedule_makespan(p, p.fixed_links, fixed_port) / prog.unit_cycles;
    prog.matrix.setDimensions(0, m_col + 1);
    for (const auto& row : rows) {
        std::vector<int> idx;
        std::vector<double> val;
        for (const auto& [c, v] : row) {
            idx.push_back(c);
            val.push_back(v);
        }
        prog.matrix.appendRow(static_cast<int>(idx.size()), idx.data(), val.data());
    }
    prog.col_lb.assign(static_cast<std::size_t>(m_col + 1), 0.0);
    prog.col_ub.assign(static_cast<std::size_t>(m_col + 1), 1.0);
    prog.col_lb[static_cast<std::size_t>(m_col)] = prog.fixed_floor;
    prog.col_ub[static_cast<std::size_t>(m_col)] = COIN_DBL_MAX;
    return prog;
}

std::vector<double> columns_of(const Program& prog, const Schedule& s) {
    std::vector<double> x(prog.x.size() + 1, 0.0);
    for (std::size_t c = 0; c < prog.x.size(); ++c)
        if (s.source[prog.x[c].block][prog.x[c].requester] == prog.x[c].source) x[c] = 1.0;
    x.back() = s.makespan / prog.unit_cycles;
    return x;
}

std::vector<std::vector<std::int32_t>> sources_of(const ScheduleProblem& p, const Program& prog,
                                                  const double* x) {
    std::vector<std::vector<std::int32_t>> src(p.blocks.size());
    for (std::size_t b = 0; b < p.blocks.size(); ++b) src[b].assign(p.blocks[b].requesters.size(), -1);
    // The column nearest to 1 of each requester (CBC's integers are within its tolerance).
    std::vector<std::vector<double>> best(p.blocks.size());
    for (std::size_t b = 0; b < p.blocks.size(); ++b) best[b].assign(p.blocks[b].requesters.size(), -1.0);
    for (std::size_t c = 0; c < prog.x.size(); ++c) {
        const Column& col = prog.x[c];
        if (x[c] > best[col.block][col.requester]) {
            best[col.block][col.requester] = x[c];
            src[col.block][col.requester] = col.source;
        }
    }
    return src;
}

struct PhaseResult {
    std::vector<double> x;
    bool optimal = false;
    double gap = 0;
    std::int64_t nodes = 0;
};

PhaseResult run_phase(const Program& prog, const std::vector<double>& objective,
                      const std::vector<double>& col_ub, const std::vector<double>& start, double seconds) {
    OsiClpSolverInterface solver;
    solver.messageHandler()->setLogLevel(0);
    solver.loadProblem(prog.matrix, prog.col_lb.data(), col_ub.data(), objective.data(), prog.row_lb.data(),
                       prog.row_ub.data());
    for (std::size_t c = 0; c < prog.x.size(); ++c) solver.setInteger(static_cast<int>(c));
    CbcModel model(solver);
    model.setLogLevel(0);
    model.messageHandler()->setLogLevel(0);
    model.setMaximumSeconds(std::max(1e-3, seconds));
    CglProbing probing;
    CglGomory gomory;
    CglKnapsackCover knapsack;
    model.addCutGenerator(&probing, -1, "Probing");
    model.addCutGenerator(&gomory, -1, "Gomory");
    model.addCutGenerator(&knapsack, -1, "KnapsackCover");
    double start_obj = 0;
    for (std::size_t c = 0; c < start.size(); ++c) start_obj += objective[c] * start[c];
    model.setBestSolution(start.data(), static_cast<int>(start.size()), start_obj, true);
    model.branchAndBound();
    PhaseResult r;
    const double* best = model.bestSolution();
    r.x = best ? std::vector<double>(best, best + start.size()) : start;
    r.optimal = model.isProvenOptimal();
    const double obj = best ? model.getObjValue() : start_obj;
    const double bound = std::min(obj, model.getBestPossibleObjValue());
    r.gap = r.optimal || obj <= 0 ? 0.0 : std::max(0.0, (obj - bound) / std::fabs(obj));
    r.nodes = model.getNodeCount();
    return r;
}

// Lexicographic: makespan (relative tolerance), then bit-hops.
bool schedule_better(const Schedule& a, const Schedule& b) {
    const double tol = 1e-9 * std::max(1.0, b.makespan);
    if (a.makespan < b.makespan - tol) return true;
    if (a.makespan > b.makespan + tol) return false;
    return a.bit_hops < b.bit_hops;
}

// The link loads as the program's rows state them for `s`'s columns, plus the fixed traffic.
std::vector<double> reported_link_bits(const ScheduleProblem& p, const Program& prog, const Schedule& s) {
    std::vector<double> out(static_cast<std::size_t>(kNumDirs * kMaxNodes), 0.0);
    for (int d = 0; d < kNumDirs; ++d)
        for (int n = 0; n < kMaxNodes; ++n)
            out[static_cast<std::size_t>(d * kMaxNodes + n)] = static_cast<double>(p.fixed_links.bits[d][n]);
    if (prog.x.empty()) return out;
    const std::vector<double> x = columns_of(prog, s);
    const int m_col = static_cast<int>(prog.x.size());
    const double scale = p.link_bits_per_cycle * prog.unit_cycles;
    for (int r = 0; r < prog.matrix.getNumRows(); ++r) {
        const int link = prog.link_rows[static_cast<std::size_t>(r)];
        if (link < 0) continue;
        const CoinShallowPackedVector row = prog.matrix.getVector(r);
        double activity = 0;
        for (int e = 0; e < row.getNumElements(); ++e)
            if (row.getIndices()[e] != m_col)
                activity += row.getElements()[e] * x[static_cast<std::size_t>(row.getIndices()[e])];
        out[static_cast<std::size_t>(link)] += activity * scale;
    }
    return out;
}

}  // namespace

Schedule solve_ilp(const ScheduleProblem& p, const IlpOptions& options) {
    const std::clock_t t0 = std::clock();
    const Schedule greedy = greedy_schedule(p);
    const Program prog = build_program(p);
    Schedule out = greedy;
    out.method = ScheduleMethod::kIlp;
    out.optimal = true;
    // The greedy gives every requester its nearest candidate source, the fewest bit-hops there
    // are; when its makespan is the fixed traffic's (a lower bound), it is the optimum.
    const bool greedy_optimal = greedy.makespan <= prog.fixed_floor * prog.unit_cycles * (1 + 1e-12);
    if (!prog.x.empty() && !greedy_optimal) {
        const std::size_t m_col = prog.x.size();
        // Phase 1: the makespan.
        std::vector<double> obj1(m_col + 1, 0.0);
        obj1[m_col] = 1.0;
        const PhaseResult p1 =
            run_phase(prog, obj1, prog.col_ub, columns_of(prog, greedy), 0.6 * options.time_limit_s);
        Schedule s1 = evaluate_sources(p, sources_of(p, prog, p1.x.data()));
        if (schedule_better(greedy, s1)) s1 = greedy;  // CBC's tolerance may round a tie the wrong way
        // Phase 2: bit-hops within phase 1's makespan.
        std::vector<double> obj2 = prog.hop_cost;
        obj2.push_back(0.0);
        std::vector<double> ub2 = prog.col_ub;
        const double cap = s1.makespan / prog.unit_cycles;
        ub2[m_col] = cap * (1 + 1e-9) + 1e-12;
        const double elapsed = static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
        const PhaseResult p2 =
            run_phase(prog, obj2, ub2, columns_of(prog, s1),
                      std::max(0.4 * options.time_limit_s, options.time_limit_s - elapsed));
        Schedule s2 = evaluate_sources(p, sources_of(p, prog, p2.x.data()));
        if (schedule_better(s1, s2)) s2 = s1;
        out = s2;
        out.method = ScheduleMethod::kIlp;
        out.optimal = p1.optimal && p2.optimal;
        out.makespan_gap = p1.gap;
        out.bit_hop_gap = p2.gap;
        out.solver_nodes = p1.nodes + p2.nodes;
        out.improved_on_greedy = schedule_better(out, greedy);
    }
    out.reported_link_bits = reported_link_bits(p, prog, out);
    out.seconds = static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC;
    return out;
}

}  // namespace dramsweep::pim
