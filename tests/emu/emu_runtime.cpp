// The emulated CUDA device behind cuda_emu.hpp and shim/cuda_runtime.h.
//
// Blocks run one after the other; the threads of a block are fibers switched only at
// collectives, so that every thread runs alone between two collectives. A collective resolves
// once every thread it names waits at it; the checks are the CUDA rules for the *_sync
// intrinsics and __syncthreads:
//   - every lane named in a warp collective's mask must be a live thread of the block and reach
//     the collective, all with the same mask, and for shuffles, ballots and reductions the same
//     call site (the same intrinsic); a thread calling one must be in its mask. A lane may first
//     pass collectives of other masks (groups of a warp on paths of their own, as independent
//     thread scheduling allows): the collective waits for it;
//   - __syncthreads must be reached by every thread of the block.
// A thread that can never proceed (a deadlock) is an error too. Errors stop the program.
//
// With EMU_TSAN the fibers are ThreadSanitizer fibers that switch without synchronising:
// __syncwarp, __syncthreads and the start and end of each block are the only happens-before edges
// between threads (a shuffle orders no memory on a GPU), so ThreadSanitizer reports what
// compute-sanitizer racecheck would within a block, on shared and global memory alike, and
// between the host and a kernel. Blocks run in order, each after the one before (the scheduler
// frees and reuses their memory in between), so races between blocks go unseen. This file itself
// is compiled without ThreadSanitizer's instrumentation: the scheduler's bookkeeping (which thread
// runs, what it waits at) is not the device's memory. With EMU_CALLGRIND, callgrind counts the
// instructions of one lane (EMU_CALLGRIND_LANE), for the performance model.

#include <ucontext.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cuda_emu.hpp"
#include "shim/cuda_runtime.h"

#ifdef EMU_TSAN
#include <sanitizer/tsan_interface.h>
#endif
#ifdef EMU_CALLGRIND
#include <valgrind/callgrind.h>
#endif

#ifdef EMU_FAST_SWITCH
// x86-64 System V: saves the callee-saved registers on the current stack, stores its pointer in
// *save_sp and continues on new_sp (no signal-mask system call, unlike swapcontext).
extern "C" void emu_switch(void** save_sp, void* new_sp);
asm(R"(
.text
.globl emu_switch
.type emu_switch,@function
emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
.size emu_switch, .-emu_switch
)");
#endif

namespace emu {
namespace {

// Messages built with a stream (GCC 12 reports false overlaps in chains of std::string +).
template <typename... A>
std::string str(const A&... parts) {
    std::ostringstream out;
    (out << ... << parts);
    return out.str();
}

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "\n[emu] DEVICE ERROR: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

std::size_t env_size(const char* name, std::size_t fallback) {
    const char* v = std::getenv(name);
    return v && *v ? static_cast<std::size_t>(std::strtoull(v, nullptr, 0)) : fallback;
}

const char* op_name(Op op) {
    switch (op) {
        case Op::kSyncwarp:
            return "__syncwarp";
        case Op::kShuffle:
            return "a shuffle";
        case Op::kBallot:
            return "__ballot_sync";
        case Op::kReduceMin:
            return "__reduce_min_sync";
        case Op::kReduceAdd:
            return "__reduce_add_sync";
        case Op::kSyncthreads:
            return "__syncthreads";
    }
    return "?";
}

struct Thread {
    ucontext_t ctx{};
    void* sp = nullptr;  // EMU_FAST_SWITCH
    char* stack = nullptr;
    bool exited = false;
    bool waiting = false;
    Op op = Op::kSyncwarp;
    unsigned mask = 0;
    std::uint64_t value = 0;
    int lane_arg = 0;
    bool is_xor = false, is_signed = false;
    std::source_location where;
    std::uint64_t result = 0;
    Dim3 tid;
#ifdef EMU_TSAN
    void* fiber = nullptr;
    char name[64] = {};
#endif
};

struct Block {
    std::vector<Thread> threads;
    ucontext_t sched{};
    void* sched_sp = nullptr;  // EMU_FAST_SWITCH
    int current = -1;
    const std::function<void()>* body = nullptr;
    Dim3 bid, bdim, gdim;
    std::vector<std::uint64_t> shared;  // dynamic shared memory, 8-byte words
    std::vector<unsigned> warp_syncs;   // resolved __syncwarp per warp (TSan sync objects)
    unsigned block_syncs = 0;
#ifdef EMU_TSAN
    void* sched_fiber = nullptr;
#endif
};

Block* g_block = nullptr;
Dim3 g_host_dim;  // threadIdx & co. on the host (outside a kernel): all zero
std::map<const void*, int> g_max_dynamic_smem;
cudaError_t g_last_error = cudaSuccess;
std::vector<std::vector<char>> g_stacks;  // reused from block to block
#ifdef EMU_TSAN
// Sync objects for the barriers: an address per (warp, barrier instance mod 4) and per block
// barrier instance mod 4.
char g_tsan_warp[32][4], g_tsan_block[4], g_tsan_launch, g_tsan_exit;
#endif

Thread& me() {
    if (!g_block || g_block->current < 0) fail("a device intrinsic was called outside a kernel");
    return g_block->threads[static_cast<std::size_t>(g_block->current)];
}

void to_scheduler() {
    Block& b = *g_block;
    Thread& t = b.threads[static_cast<std::size_t>(b.current)];
#ifdef EMU_TSAN
    __tsan_switch_to_fiber(b.sched_fiber, __tsan_switch_to_fiber_no_sync);
#endif
#ifdef EMU_FAST_SWITCH
    emu_switch(&t.sp, b.sched_sp);
#else
    swapcontext(&t.ctx, &b.sched);
#endif
}

// EMU_CALLGRIND: callgrind collects while the counted lane runs its own code: from its start to
// its end, except inside the emulator's collectives (each of which is one instruction on a GPU,
// counted apart).
#ifdef EMU_CALLGRIND
bool counted_lane() {
    static const long lane = static_cast<long>(env_size("EMU_CALLGRIND_LANE", 0));
    return g_block && g_block->current == lane && g_block->bid.x == 0;
}
std::uint64_t g_counted_collectives = 0;
struct ReportCollectives {
    ~ReportCollectives() {
        if (g_counted_collectives)
            std::fprintf(stderr, "[emu] counted lane: %llu collectives\n",
                         static_cast<unsigned long long>(g_counted_collectives));
    }
} g_report_collectives;
#define EMU_COUNT_TOGGLE() \
    if (counted_lane()) CALLGRIND_TOGGLE_COLLECT
#else
#define EMU_COUNT_TOGGLE()
#endif

void thread_main() {
    Block& b = *g_block;
#ifdef EMU_TSAN
    __tsan_acquire(&g_tsan_launch);
#endif
    EMU_COUNT_TOGGLE();
    (*b.body)();
    EMU_COUNT_TOGGLE();  // off again
    Thread& t = b.threads[static_cast<std::size_t>(b.current)];
#ifdef EMU_TSAN
    __tsan_release(&g_tsan_exit);
#endif
    t.exited = true;
    to_scheduler();
    fail("an exited thread was resumed");
}

std::string at(const std::source_location& w) {
    return str(w.file_name(), ":", w.line());
}
bool same_site(const std::source_location& a, const std::source_location& b) {
    return a.line() == b.line() && a.column() == b.column() && std::strcmp(a.file_name(), b.file_name()) == 0;
}

// One warp collective, led by waiting thread `first` of warp `w`: resolved if complete.
bool resolve_warp(Block& b, unsigned first) {
    const Thread& f = b.threads[first];
    const unsigned warp = first / 32, lane = first % 32;
    if (((f.mask >> lane) & 1u) == 0)
        fail(str("thread ", first, " called ", op_name(f.op), " with a mask that excludes itself (",
                 at(f.where), ")"));
    const auto n = static_cast<unsigned>(b.threads.size());
    for (unsigned i = 0; i < 32; ++i) {
        if (((f.mask >> i) & 1u) == 0) continue;
        const unsigned t = warp * 32 + i;
        if (t >= n)
            fail(str("the mask of ", op_name(f.op), " names lane ", i, " of warp ", warp,
                     ", beyond the block's ", n, " threads (", at(f.where), ")"));
        const Thread& o = b.threads[t];
        if (o.exited)
            fail(str("thread ", t, " has exited but is named by ", op_name(f.op), " at ", at(f.where)));
        if (!o.waiting) return false;
        // A lane of the mask at a collective of another group of lanes (two channels on the
        // halves of one warp, each with its own mask) comes here later: this one waits.
        if (o.mask != f.mask && !same_site(o.where, f.where)) return false;
        if (o.op != f.op || o.mask != f.mask)
            fail(str("threads ", first, " and ", t, " wait at different collectives (", op_name(f.op), " at ",
                     at(f.where), ", ", op_name(o.op), " at ", at(o.where),
                     "): divergent warp-synchronous code"));
        if (f.op != Op::kSyncwarp && !same_site(o.where, f.where))
            fail(str("threads ", first, " and ", t, " reached ", op_name(f.op), " at different call sites (",
                     at(f.where), " and ", at(o.where), ")"));
    }
    // Complete: compute every participant's result.
    std::uint64_t ballot = 0, minimum = 0, sum = 0;
    bool have_min = false;
    for (unsigned i = 0; i < 32; ++i) {
        if (((f.mask >> i) & 1u) == 0) continue;
        const Thread& o = b.threads[warp * 32 + i];
        if (o.value != 0) ballot |= 1u << i;
        sum = static_cast<std::uint32_t>(sum + o.value);
        const bool smaller = f.is_signed
                                 ? static_cast<std::int64_t>(o.value) < static_cast<std::int64_t>(minimum)
                                 : o.value < minimum;
        if (!have_min || smaller) minimum = o.value;
        have_min = true;
    }
    for (unsigned i = 0; i < 32; ++i) {
        if (((f.mask >> i) & 1u) == 0) continue;
        Thread& o = b.threads[warp * 32 + i];
        switch (f.op) {
            case Op::kShuffle: {
                const int src = o.is_xor ? static_cast<int>(i) ^ o.lane_arg : (o.lane_arg & 31);
                if (src < 0 || src > 31 || ((f.mask >> src) & 1u) == 0)
                    fail(str("a shuffle at ", at(o.where), " reads lane ", src,
                             ", which is not in its mask (an undefined value)"));
                o.result = b.threads[warp * 32 + static_cast<unsigned>(src)].value;
                break;
            }
            case Op::kBallot:
                o.result = ballot;
                break;
            case Op::kReduceMin:
                o.result = minimum;
                break;
            case Op::kReduceAdd:
                o.result = sum;
                break;
            default:
                o.result = 0;
                break;
        }
        o.waiting = false;
    }
    if (f.op == Op::kSyncwarp) ++b.warp_syncs[warp];
    return true;
}

bool resolve_block_barrier(Block& b) {
    for (const Thread& t : b.threads) {
        if (t.exited) return false;
        if (!t.waiting || t.op != Op::kSyncthreads) return false;
    }
    for (Thread& t : b.threads) t.waiting = false;
    ++b.block_syncs;
    return true;
}

// Resolves every collective that is complete; false when none is.
bool resolve(Block& b) {
    bool any = false;
    for (bool again = true; again;) {
        again = false;
        for (unsigned t = 0; t < b.threads.size(); ++t) {
            const Thread& th = b.threads[t];
            if (!th.waiting || th.op == Op::kSyncthreads) continue;
            // The lowest waiting lane of the group leads it.
            bool lowest = true;
            for (unsigned i = (t / 32) * 32; i < t; ++i)
                if (b.threads[i].waiting && b.threads[i].op != Op::kSyncthreads &&
                    ((th.mask >> (i % 32)) & 1u))
                    lowest = false;
            if (lowest && resolve_warp(b, t)) again = any = true;
        }
        if (resolve_block_barrier(b)) again = any = true;
    }
    return any;
}

// A thread's fiber, ready to start in thread_main on its stack. Kept out of run_grid: the
// context functions return twice, which the compiler must not have to reason about there.
void prepare_thread(Thread& t, unsigned i, std::size_t stack_bytes) {
    t.tid.x = i;
    t.stack = g_stacks[i].data();
#ifdef EMU_FAST_SWITCH
    auto top = (reinterpret_cast<std::uintptr_t>(t.stack) + stack_bytes) & ~std::uintptr_t{15};
    auto* words = reinterpret_cast<std::uintptr_t*>(top);
    words[-1] = 0;                                               // thread_main's (unused) return address
    words[-2] = reinterpret_cast<std::uintptr_t>(&thread_main);  // popped by emu_switch's ret
    for (int r = 3; r <= 8; ++r) words[-r] = 0;                  // rbp rbx r12 r13 r14 r15
    t.sp = &words[-8];
#else
    getcontext(&t.ctx);
    t.ctx.uc_stack.ss_sp = t.stack;
    t.ctx.uc_stack.ss_size = stack_bytes;
    t.ctx.uc_link = nullptr;
    makecontext(&t.ctx, thread_main, 0);
#endif
#ifdef EMU_TSAN
    t.fiber = __tsan_create_fiber(0);
    static unsigned long long launches = 0;  // names each report's threads: launch, block, thread
    if (i == 0 && g_block->bid.x == 0) ++launches;
    std::snprintf(t.name, sizeof t.name, "launch %llu block %u thread %u", launches, g_block->bid.x, i);
    __tsan_set_fiber_name(t.fiber, t.name);
#endif
}

void run_fiber(Block& b, unsigned i) {
    Thread& t = b.threads[i];
    b.current = static_cast<int>(i);
#ifdef EMU_TSAN
    __tsan_switch_to_fiber(t.fiber, __tsan_switch_to_fiber_no_sync);
#endif
#ifdef EMU_FAST_SWITCH
    emu_switch(&b.sched_sp, t.sp);
#else
    swapcontext(&b.sched, &t.ctx);
#endif
    b.current = -1;
}

}  // namespace

const Dim3& thread_idx() {
    return g_block && g_block->current >= 0 ? g_block->threads[static_cast<std::size_t>(g_block->current)].tid
                                            : g_host_dim;
}
const Dim3& block_idx() {
    return g_block ? g_block->bid : g_host_dim;
}
const Dim3& block_dim() {
    return g_block ? g_block->bdim : g_host_dim;
}
const Dim3& grid_dim() {
    return g_block ? g_block->gdim : g_host_dim;
}
void* dynamic_shared() {
    if (!g_block) fail("dynamic shared memory outside a kernel");
    return g_block->shared.data();
}

std::uint64_t collective(Op op, unsigned mask, std::uint64_t value, int lane_arg, bool is_xor, bool is_signed,
                         const std::source_location& where) {
    EMU_COUNT_TOGGLE();  // off: the emulator's work is not the lane's
#ifdef EMU_CALLGRIND
    if (counted_lane()) ++g_counted_collectives;
#endif
    Thread& t = me();
    t.op = op;
    t.mask = mask;
    t.value = value;
    t.lane_arg = lane_arg;
    t.is_xor = is_xor;
    t.is_signed = is_signed;
    t.where = where;
    t.waiting = true;
#ifdef EMU_TSAN
    const unsigned warp = static_cast<unsigned>(g_block->current) / 32;
    void* sync = op == Op::kSyncwarp
                     ? static_cast<void*>(&g_tsan_warp[warp % 32][g_block->warp_syncs[warp] % 4])
                 : op == Op::kSyncthreads ? static_cast<void*>(&g_tsan_block[g_block->block_syncs % 4])
                                          : nullptr;
    if (sync) __tsan_release(sync);
#endif
    to_scheduler();
#ifdef EMU_TSAN
    if (sync) __tsan_acquire(sync);
#endif
    const std::uint64_t result = me().result;
    EMU_COUNT_TOGGLE();  // on again
    return result;
}

void run_grid(const void* kernel, const Cfg& cfg, const std::function<void()>& body) {
    if (g_block) fail("a kernel launched from device code");
    if (cfg.block == 0 || cfg.block > 1024) fail(str("a block of ", cfg.block, " threads (1 to 1024)"));
    if (cfg.grid == 0) {
        g_last_error = cudaErrorInvalidValue;
        return;
    }
    const std::size_t optin = env_size("EMU_SMEM_OPTIN", 232448);
    int allowed = 48 * 1024;
    if (auto it = g_max_dynamic_smem.find(kernel); it != g_max_dynamic_smem.end()) allowed = it->second;
    if (cfg.smem > static_cast<std::size_t>(allowed) || cfg.smem > optin) {
        std::fprintf(stderr,
                     "[emu] launch refused: %zu bytes of dynamic shared memory (allowed %d, opt-in %zu)\n",
                     cfg.smem, allowed, optin);
        g_last_error = cudaErrorInvalidValue;
        return;
    }
    const std::size_t stack_bytes = env_size("EMU_STACK", 128 * 1024);
    if (g_stacks.size() < cfg.block || (g_stacks.size() > 0 && g_stacks[0].size() != stack_bytes)) {
        g_stacks.assign(cfg.block, std::vector<char>(stack_bytes));
    }
    for (unsigned bx = 0; bx < cfg.grid; ++bx) {
        Block b;
        b.body = &body;
        b.bid.x = bx;
        b.bdim.x = cfg.block;
        b.gdim.x = cfg.grid;
        b.shared.assign((cfg.smem + 7) / 8, 0xA5A5A5A5A5A5A5A5ull);  // shared memory starts as garbage
        b.threads.resize(cfg.block);
        b.warp_syncs.assign((cfg.block + 31) / 32, 0);
#ifdef EMU_TSAN
        b.sched_fiber = __tsan_get_current_fiber();
#endif
        g_block = &b;
        for (unsigned i = 0; i < cfg.block; ++i) prepare_thread(b.threads[i], i, stack_bytes);
#ifdef EMU_TSAN
        __tsan_release(&g_tsan_launch);  // the host's work and the earlier blocks before this block
#endif
        for (;;) {
            bool all_exited = true, ran = false;
            for (unsigned i = 0; i < cfg.block; ++i) {
                Thread& t = b.threads[i];
                if (t.exited) continue;
                all_exited = false;
                if (t.waiting) continue;
                run_fiber(b, i);
                ran = true;
            }
            if (all_exited) break;
            if (ran) continue;
            if (!resolve(b)) {
                std::string who;
                for (unsigned i = 0; i < cfg.block; ++i) {
                    const Thread& t = b.threads[i];
                    if (t.waiting) who += str(" ", i, "@", op_name(t.op), "(", at(t.where), ")");
                    if (t.exited) who += str(" ", i, "@exited");
                    if (who.size() > 600) break;
                }
                fail(str("deadlock: no collective can complete; threads:", who));
            }
        }
#ifdef EMU_TSAN
        for (Thread& t : b.threads) __tsan_destroy_fiber(t.fiber);
        __tsan_acquire(&g_tsan_exit);
#endif
        g_block = nullptr;
    }
}

}  // namespace emu

// ---- the fake runtime ----
namespace {

struct Allocation {
    std::size_t bytes;
};
std::map<std::uintptr_t, Allocation> g_device, g_pinned;
std::size_t g_allocated = 0;
std::size_t g_malloc_countdown = 0;  // 0: no failure armed; else the allocation that fails, counted down
int g_streams = 0;
int g_current_device = 0;

bool inside(const std::map<std::uintptr_t, Allocation>& allocs, const void* p, std::size_t bytes) {
    const auto a = reinterpret_cast<std::uintptr_t>(p);
    auto it = allocs.upper_bound(a);
    if (it == allocs.begin()) return false;
    --it;
    return a >= it->first && a + bytes <= it->first + it->second.bytes;
}

void* allocate(std::map<std::uintptr_t, Allocation>& allocs, std::size_t bytes) {
    void* q = nullptr;  // exactly `bytes`, so that AddressSanitizer sees an access one past the end
    if (posix_memalign(&q, 256, bytes > 0 ? bytes : 1) != 0) return nullptr;
    std::memset(q, 0xA5, bytes);  // cudaMalloc does not zero
    allocs[reinterpret_cast<std::uintptr_t>(q)] = {bytes};
    return q;
}

}  // namespace

const char* cudaGetErrorString(cudaError_t e) {
    switch (e) {
        case cudaSuccess:
            return "no error";
        case cudaErrorMemoryAllocation:
            return "out of memory (emulated device)";
        case cudaErrorInvalidValue:
            return "invalid argument (emulated device)";
        case cudaErrorNoDevice:
            return "no CUDA-capable device is detected (emulated)";
        default:
            return "emulated device error";
    }
}
cudaError_t cudaGetLastError() {
    const cudaError_t e = emu::g_last_error;
    emu::g_last_error = cudaSuccess;
    return e;
}
cudaError_t cudaGetDeviceCount(int* count) {
    if (emu::env_size("EMU_NO_DEVICE", 0) != 0) return cudaErrorNoDevice;
    *count = static_cast<int>(emu::env_size("EMU_DEVICE_COUNT", 1));
    return cudaSuccess;
}
cudaError_t cudaGetDevice(int* device) {
    *device = g_current_device;
    return cudaSuccess;
}
cudaError_t cudaSetDevice(int device) {
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess) return cudaErrorNoDevice;
    if (device < 0 || device >= count) return cudaErrorInvalidValue;
    g_current_device = device;
    return cudaSuccess;
}
cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int) {
    std::memset(prop, 0, sizeof *prop);
    std::snprintf(prop->name, sizeof prop->name, "emulated device");
    prop->multiProcessorCount = static_cast<int>(emu::env_size("EMU_SM_COUNT", 132));
    return cudaSuccess;
}
cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attr, int) {
    switch (attr) {
        case cudaDevAttrMaxSharedMemoryPerBlockOptin:
            *value = static_cast<int>(emu::env_size("EMU_SMEM_OPTIN", 232448));
            return cudaSuccess;
        case cudaDevAttrMultiProcessorCount:
            *value = static_cast<int>(emu::env_size("EMU_SM_COUNT", 132));
            return cudaSuccess;
    }
    return cudaErrorInvalidValue;
}
cudaError_t cudaDeviceSynchronize() {
    return cudaSuccess;
}
cudaError_t cudaMemGetInfo(std::size_t* free_bytes, std::size_t* total_bytes) {
    const std::size_t total = emu::env_size("EMU_DEVICE_MEMORY", std::size_t{80} << 30);
    *total_bytes = total;
    *free_bytes = total > g_allocated ? total - g_allocated : 0;
    return cudaSuccess;
}
void emu_fail_cuda_malloc_after(std::size_t successes) {
    g_malloc_countdown = successes + 1;
}

cudaError_t cudaMalloc(void** p, std::size_t bytes) {
    if (g_malloc_countdown > 0 && --g_malloc_countdown == 0) return cudaErrorMemoryAllocation;
    const std::size_t total = emu::env_size("EMU_DEVICE_MEMORY", std::size_t{80} << 30);
    if (g_allocated + bytes > total) return cudaErrorMemoryAllocation;
    *p = allocate(g_device, bytes);
    if (!*p) return cudaErrorMemoryAllocation;
    g_allocated += bytes;
    return cudaSuccess;
}
cudaError_t cudaFree(void* p) {
    if (!p) return cudaSuccess;
    auto it = g_device.find(reinterpret_cast<std::uintptr_t>(p));
    if (it == g_device.end()) emu::fail("cudaFree of a pointer cudaMalloc did not return");
    g_allocated -= it->second.bytes;
    g_device.erase(it);
    std::free(p);
    return cudaSuccess;
}
cudaError_t cudaMallocHost(void** p, std::size_t bytes) {
    *p = allocate(g_pinned, bytes);
    return *p ? cudaSuccess : cudaErrorMemoryAllocation;
}
cudaError_t cudaFreeHost(void* p) {
    if (!p) return cudaSuccess;
    auto it = g_pinned.find(reinterpret_cast<std::uintptr_t>(p));
    if (it == g_pinned.end()) emu::fail("cudaFreeHost of a pointer cudaMallocHost did not return");
    g_pinned.erase(it);
    std::free(p);
    return cudaSuccess;
}
cudaError_t cudaMemcpy(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind kind) {
    if (kind == cudaMemcpyHostToDevice && !inside(g_device, dst, bytes))
        emu::fail("cudaMemcpy to the device outside a device allocation");
    if (kind == cudaMemcpyDeviceToHost && !inside(g_device, src, bytes))
        emu::fail("cudaMemcpy from the device outside a device allocation");
    if (bytes > 0) std::memcpy(dst, src, bytes);
    return cudaSuccess;
}
cudaError_t cudaMemcpyAsync(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind kind,
                            cudaStream_t) {
    return cudaMemcpy(dst, src, bytes, kind);
}
cudaError_t cudaMemsetAsync(void* p, int value, std::size_t bytes, cudaStream_t) {
    if (!inside(g_device, p, bytes)) emu::fail("cudaMemset outside a device allocation");
    std::memset(p, value, bytes);
    return cudaSuccess;
}
cudaError_t cudaStreamCreate(cudaStream_t* stream) {
    *stream = reinterpret_cast<cudaStream_t>(static_cast<std::uintptr_t>(++g_streams));
    return cudaSuccess;
}
cudaError_t cudaStreamDestroy(cudaStream_t) {
    return cudaSuccess;
}
cudaError_t cudaStreamSynchronize(cudaStream_t) {
    return cudaSuccess;
}

cudaError_t emu_func_set_attribute(const void* kernel, cudaFuncAttribute attr, int value) {
    if (attr != cudaFuncAttributeMaxDynamicSharedMemorySize) return cudaErrorInvalidValue;
    if (static_cast<std::size_t>(value) > emu::env_size("EMU_SMEM_OPTIN", 232448))
        return cudaErrorInvalidValue;
    emu::g_max_dynamic_smem[kernel] = value;
    return cudaSuccess;
}
// An SM holds 2,048 threads, 32 blocks, 228 KB of shared memory (1 KB reserved per block) and
// 65,536 registers; the emulator takes 64 registers per thread.
cudaError_t emu_occupancy(int* blocks, const void*, int threads, std::size_t shared_bytes) {
    const std::size_t by_threads = 2048 / static_cast<std::size_t>(threads);
    const std::size_t by_shared = (228 * 1024) / (shared_bytes + 1024);
    const std::size_t by_registers = 65536 / (64 * static_cast<std::size_t>(threads));
    *blocks = static_cast<int>(std::min({by_threads, by_shared, by_registers, std::size_t{32}}));
    return cudaSuccess;
}
