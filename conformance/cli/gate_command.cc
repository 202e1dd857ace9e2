// `wsdup gate` (docs/gate.md): record the stack live and judge the trace against the model, with
// the stack's deviation record read before the run.
#include <iostream>
#include <optional>

#include "conformance/cli/commands.h"
#include "conformance/cli/gate_options.h"
#include "conformance/format/deviation_record.h"
#include "conformance/gate/gate.h"
#include "conformance/gate/model_gate.h"

namespace wsdup::conformance::cli {

int GateCommand(const std::vector<std::string>& args, const std::string& program) {
  GateOptions options;
  options.backend.backend = "winsock";
  if (std::string error = ParseGateOptions(args, true, {"--tables", "--records", "--json", "--junit", "--html", "--jobs"}, &options);
      !error.empty()) {
    std::cerr << "wsdup gate: " << error << " (see wsdup help)\n";
    return kExitBadInput;
  }
  std::optional<LiveRun> live = PrepareLive(options, program, "gate");
  if (!live) return kExitBadInput;
  DeviationRecord record;
  try {
    // Read before the run: a missing or broken record should not cost a full run to find out.
    std::string problem;
    std::optional<DeviationRecord> found = RecordFor(options, live->started.stack, &problem);
    if (!found) {
      std::cerr << "wsdup gate: " << problem << "\n";
      return kExitBadInput;
    }
    record = std::move(*found);
  } catch (const InputError& bad) {
    std::cerr << "wsdup: bad input: " << bad.what() << "\n";
    return kExitBadInput;
  }
  if (options.backend.backend == "model") {
    return Report(GateModel(live->tables, record, ProgressLine("gate model")), options, "gate");
  }
  const Trace trace = RecordLive(*live, options, "gate", &record);
  return Report(Check(trace, record, /*model_rows=*/true), options, "gate");
}

}  // namespace wsdup::conformance::cli
