#include "dramsweep/dram/energy.hpp"

namespace dramsweep::dram {

EnergyBreakdown compute_energy(const DramConfig& c, const results::DramCounters& s) {
    // mA x V x ns = pJ; results in nJ. All devices of a rank work in lockstep.
    const double tck = c.tck_ns(), vdd = c.power.vdd, devices = c.org.devices_per_rank();
    const PowerParams& p = c.power;
    const TimingParams& t = c.timing;
    auto nj = [&](double milliamps, double clocks) { return milliamps * vdd * clocks * tck * devices / 1000.0; };
    auto count = [&](Command cmd) { return static_cast<double>(s.commands[cmd]); };

    const double e_act = nj(p.idd0 - p.idd3n, t.nRAS);  // activation, beyond active standby
    const double e_pre = nj(p.idd0 - p.idd2n, t.nRP);   // precharge, beyond precharged standby
    const double banks = c.org.banks_per_rank();
    EnergyBreakdown e;
    // RDA/WRA and PREA imply precharges: one per auto-precharge, one per bank a PREA closes is
    // approximated by one per PREA (it closes the banks that were open, usually few).
    e.act_pre = count(kAct) * e_act + (count(kPre) + count(kPrea) + count(kRda) + count(kWra)) * e_pre;
    e.read = (count(kRd) + count(kRda)) * nj(p.idd4r - p.idd3n, t.nBL);
    e.write = (count(kWr) + count(kWra)) * nj(p.idd4w - p.idd3n, t.nBL);
    e.refresh = count(kRef) * nj(p.idd5b - p.idd3n, t.nRFC) +
                count(kRefPb) * nj(p.idd5b - p.idd3n, t.nRFCpb) / banks;
    e.background = nj(p.idd3n, static_cast<double>(s.active_cycles)) + nj(p.idd2n, static_cast<double>(s.precharged_cycles));
    return e;
}

}  // namespace dramsweep::dram
