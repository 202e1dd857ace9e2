// `wsdup check` (docs/gate.md): judge traces recorded elsewhere against the model, offline, with the
// gate's verdicts; several traces make one report.
#include <iostream>

#include "conformance/cli/commands.h"
#include "conformance/cli/gate_options.h"
#include "conformance/format/deviation_record.h"
#include "conformance/gate/gate.h"

namespace wsdup::conformance::cli {

int CheckCommand(const std::vector<std::string>& args) {
  GateOptions options;
  if (std::string error = ParseGateOptions(args, false, {"--tables", "--records", "--json", "--junit", "--html"}, &options);
      !error.empty()) {
    std::cerr << "wsdup check: " << error << " (see wsdup help)\n";
    return kExitBadInput;
  }
  if (options.files.empty()) {
    std::cerr << "wsdup check: no trace files given\n";
    return kExitBadInput;
  }
  // The tables say what a trace must hold: one that skipped rows cannot pass.
  for (const std::string& problem : {OutputsProblem(options), TablesProblem(options, /*needed=*/true)}) {
    if (problem.empty()) continue;
    std::cerr << "wsdup check: " << problem << "\n";
    return kExitBadInput;
  }
  // Several traces make one report; the model's own rows are shown once.
  GateReport combined;
  try {
    const std::vector<Table> tables = LoadTables(options.tables);
    for (size_t i = 0; i < options.files.size(); ++i) {
      const Trace trace = LoadTrace(options.files[i]);
      std::string problem;
      const std::optional<DeviationRecord> record = RecordFor(options, trace.stack, &problem);
      if (!record) {
        std::cerr << "wsdup check: " << options.files[i] << ": " << problem << "\n";
        return kExitBadInput;
      }
      GateReport report = Check(trace, *record, /*model_rows=*/i == 0);
      combined.stack += (i ? ", " : "") + report.stack;
      combined.record_path += (i ? ", " : "") + report.record_path;
      for (RowReport& row : report.rows) combined.rows.push_back(std::move(row));
      for (KnownDeviation& orphan : report.orphaned_records) combined.orphaned_records.push_back(orphan);
      for (RowId& row : MissingRows(trace, tables)) combined.missing_rows.push_back(std::move(row));
      // Choices are per stack; a changed one fails the check as it fails the gate.
      for (const auto& [stack, rules] : report.choices) {
        for (const auto& [rule, behaviours] : rules) {
          for (const auto& [behaviour, rows] : behaviours) {
            auto& into = combined.choices[stack][rule][behaviour];
            into.insert(into.end(), rows.begin(), rows.end());
          }
        }
      }
      for (ChoiceMismatch& mismatch : report.choice_mismatches) combined.choice_mismatches.push_back(mismatch);
    }
  } catch (const InputError& bad) {
    std::cerr << "wsdup: bad input: " << bad.what() << "\n";
    return kExitBadInput;
  }
  return Report(combined, options, "check");
}

}  // namespace wsdup::conformance::cli
