#include <gtest/gtest.h>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/explore/pareto.hpp"
#include "support/test_support.hpp"

namespace dramsweep::explore {
namespace {

TEST(Pareto, FrontOfACsvTable) {
    testing::ScratchDir dir;
    const std::string path = dir.write("r.csv",
                                       "id,latency_s,energy_j\n"
                                       "a,1,9\n"    // on the front
                                       "b,2,5\n"    // on the front
                                       "c,3,5\n"    // dominated by b
                                       "d,4,1\n"    // on the front
                                       "e,2,5\n"    // duplicate of b: kept once
                                       "f,5,2\n");  // dominated by d
    const ResultTable table = read_result_table(path);
    const auto front = pareto_front(table, resolve_objectives(table, "latency,energy"));
    EXPECT_EQ(front, (std::vector<std::size_t>{0, 1, 3}));
}

TEST(Pareto, MaximiseAndJsonLines) {
    testing::ScratchDir dir;
    const std::string path = dir.write("r.jsonl",
                                       "{\"id\": 1, \"objectives\": {\"latency_s\": 1.0}, \"bw\": 10}\n"
                                       "{\"id\": 2, \"objectives\": {\"latency_s\": 2.0}, \"bw\": 20}\n"
                                       "{\"id\": 3, \"objectives\": {\"latency_s\": 3.0}, \"bw\": 15}\n");
    const ResultTable table = read_result_table(path);
    const auto front = pareto_front(table, resolve_objectives(table, "latency,max:bw"));
    EXPECT_EQ(front, (std::vector<std::size_t>{0, 1}));
}

TEST(Pareto, UnknownObjectiveAndBadCellAreErrors) {
    testing::ScratchDir dir;
    const ResultTable table = read_result_table(dir.write("r.csv", "a,b\n1,x\n"));
    EXPECT_THROW(resolve_objectives(table, "latency"), InputError);
    try {
        pareto_front(table, resolve_objectives(table, "a,b"));
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.line(), 2u);
        EXPECT_EQ(e.field(), "b");
    }
}

}  // namespace
}  // namespace dramsweep::explore
