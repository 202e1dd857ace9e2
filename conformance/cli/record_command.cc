// `wsdup record` (docs/trace-format.md): run the tables on a stack and write its trace.
#include <iostream>
#include <optional>

#include "conformance/cli/commands.h"
#include "conformance/cli/gate_options.h"
#include "conformance/format/deviation_record.h"
#include "conformance/gate/gate.h"

namespace wsdup::conformance::cli {

int RecordCommand(const std::vector<std::string>& args, const std::string& program) {
  GateOptions options;
  if (std::string error = ParseGateOptions(args, true, {"--tables", "--out", "--jobs"}, &options); !error.empty()) {
    std::cerr << "wsdup record: " << error << " (see wsdup help)\n";
    return kExitBadInput;
  }
  if (options.trace_out.empty()) {
    std::cerr << "wsdup record: needs --out=FILE\n";
    return kExitBadInput;
  }
  std::optional<LiveRun> live = PrepareLive(options, program, "record");
  if (!live) return kExitBadInput;
  const std::optional<Trace> trace = RecordLive(*live, options, "record");
  if (std::string problem = WriteOutputOrRescue(options.trace_out, TraceToText(*trace), &LooksLikeTrace);
      !problem.empty()) {
    std::cerr << "wsdup record: " << problem << "\n";
    return kExitBadInput;
  }
  size_t ran = 0;
  for (const TracedScenario& traced : trace->scenarios) ran += traced.status == RunStatus::kRan;
  std::cout << "recorded " << trace->scenarios.size() << " scenarios on " << trace->stack << " (" << ran
            << " ran to the end) in " << options.trace_out << "\n";
  return kExitOk;
}

}  // namespace wsdup::conformance::cli
