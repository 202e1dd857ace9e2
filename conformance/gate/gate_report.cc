#include "conformance/gate/gate_report.h"
#include "conformance/format/safe_json.h"
#include "conformance/gate/markup_escape.h"

#include <array>
#include <iomanip>
#include <map>
#include <sstream>

namespace wsdup::conformance {
namespace {

using json = nlohmann::json;

// The summary's columns; model_fail counts as the model's deviation from its own tables.
constexpr std::array<RowStatus, 6> kColumns = {RowStatus::kPass,        RowStatus::kDeviation,
                                               RowStatus::kKnownDeviation, RowStatus::kUnsupported,
                                               RowStatus::kStaleRecord, RowStatus::kError};

RowStatus Column(RowStatus status) {
  return status == RowStatus::kModelFail ? RowStatus::kDeviation : status;
}

int ColumnWidth(RowStatus column) { return static_cast<int>(std::string(RowStatusName(column)).size()) + 2; }

using Counts = std::map<RowStatus, int>;

// backend -> family -> counts, in the order rows first name them.
struct Tally {
  std::vector<std::string> backends;
  std::vector<std::string> families;
  std::map<std::string, std::map<std::string, Counts>> counts;
  std::map<std::string, Counts> totals;
};

void AddOnce(std::vector<std::string>* list, const std::string& item) {
  for (const std::string& existing : *list) {
    if (existing == item) return;
  }
  list->push_back(item);
}

Tally Count(const GateReport& report) {
  Tally tally;
  for (const RowReport& row : report.rows) {
    AddOnce(&tally.backends, row.backend);
    AddOnce(&tally.families, row.row.family);
    ++tally.counts[row.backend][row.row.family][Column(row.status)];
    ++tally.totals[row.backend][Column(row.status)];
  }
  return tally;
}

json CountsJson(const Counts& counts) {
  json out = json::object();
  for (RowStatus column : kColumns) {
    auto found = counts.find(column);
    out[RowStatusName(column)] = found == counts.end() ? 0 : found->second;
  }
  return out;
}

std::string DeviationLine(const StepDeviation& deviation) {
  std::ostringstream out;
  out << "step " << deviation.what.step << " (" << deviation.op << "): ";
  out << "expected " << Dump(deviation.what.expected) << ", model " << Dump(deviation.what.model)
      << ", observed " << Dump(deviation.what.observed);
  if (deviation.kind == DeviationKind::kModel) out << " [differs from the model only]";
  if (!deviation.what.note.empty()) out << "\n      note: " << deviation.what.note;
  return out.str();
}

std::string Rules(const std::vector<std::string>& rules) {
  std::string out;
  for (const std::string& rule : rules) out += (out.empty() ? "" : ",") + rule;
  return out;
}

int Failing(const GateReport& report, RowStatus status) {
  int count = 0;
  for (const RowReport& row : report.rows) count += row.status == status;
  return count;
}

// The row's deviating steps and stale record entries, a line each, every line led by `indent`.
std::string StepLines(const RowReport& row, const std::string& indent) {
  std::string out;
  for (const StepDeviation& deviation : row.deviations) {
    out += indent + (deviation.known ? "known " : "NEW   ") + DeviationLine(deviation) + "\n";
  }
  for (const KnownDeviation& stale : row.stale) {
    out += indent + "STALE step " + std::to_string(stale.step) + ": recorded " + Dump(stale.observed) +
           ", which no longer happens\n";
  }
  for (const OpenPointChoice& choice : row.choices) {
    if (choice.IsDefault()) continue;
    out += indent + "choice " + choice.Rule() + " " + choice.Behaviour() + " from step " +
           std::to_string(choice.step) + ": later steps judged in that branch\n";
  }
  return out;
}

std::string RowDetails(const RowReport& row) {
  return (row.reason.empty() ? "" : row.reason + "\n") + StepLines(row, "");
}

// Each stack's behaviour at each open point it reached, and how that compares with its record.
std::string ChoiceLines(const GateReport& report) {
  std::ostringstream out;
  for (const auto& [stack, rules] : report.choices) {
    out << "\nopen-point choices of " << stack << " (findings, not deviations):\n";
    for (const auto& [rule, behaviours] : rules) {
      for (const auto& [behaviour, rows] : behaviours) {
        out << "  " << std::left << std::setw(9) << rule << " " << behaviour << " (" << rows.size()
            << " row(s), e.g. " << rows.front() << ")\n";
      }
    }
  }
  for (const ChoiceMismatch& mismatch : report.choice_mismatches) {
    out << "CHOICE      " << mismatch.stack << "  " << mismatch.rule << " " << mismatch.behaviour
        << (mismatch.recorded ? ": recorded but not shown by any row that reached it"
                              : ": shown but not in the record's \"choices\"")
        << "\n";
  }
  return out.str();
}

}  // namespace

std::string GateText(const GateReport& report) {
  std::ostringstream out;
  for (const RowReport& row : report.rows) {
    if (row.status == RowStatus::kPass) continue;
    static const std::map<RowStatus, const char*> kTags = {
        {RowStatus::kKnownDeviation, "KNOWN      "}, {RowStatus::kUnsupported, "UNSUPPORTED"},
        {RowStatus::kDeviation, "DEVIATION  "},      {RowStatus::kStaleRecord, "STALE      "},
        {RowStatus::kError, "ERROR      "},          {RowStatus::kModelFail, "MODEL FAILS"}};
    out << kTags.at(row.status) << " " << row.backend << "  " << row.row.Label()
        << " [" << Rules(row.rules) << "]";
    if (!row.reason.empty()) out << ": " << row.reason;
    out << "\n" << StepLines(row, "    ");
  }
  for (const KnownDeviation& orphan : report.orphaned_records) {
    out << "STALE       " << report.stack << "  " << orphan.row.Label()
        << ": the record names a row that is not in the table\n";
  }
  for (const RowId& missing : report.missing_rows) {
    out << "MISSING     " << report.stack << "  " << missing.Label() << ": in the tables but not in the trace\n";
  }
  out << ChoiceLines(report);
  const Tally tally = Count(report);
  out << "\n" << std::left << std::setw(10) << "family" << std::setw(16) << "backend";
  for (RowStatus column : kColumns) out << std::right << std::setw(ColumnWidth(column)) << RowStatusName(column);
  out << "\n";
  for (const std::string& backend : tally.backends) {
    auto line = [&](const std::string& family, const Counts& counts) {
      out << std::left << std::setw(10) << family << std::setw(16) << backend;
      for (RowStatus column : kColumns) {
        auto found = counts.find(column);
        out << std::right << std::setw(ColumnWidth(column)) << (found == counts.end() ? 0 : found->second);
      }
      out << "\n";
    };
    for (const std::string& family : tally.families) {
      auto found = tally.counts.at(backend).find(family);
      if (found != tally.counts.at(backend).end()) line(family, found->second);
    }
    line("total", tally.totals.at(backend));
  }
  out << "\n" << VerdictLine(report) << "\n";
  return out.str();
}

std::string VerdictLine(const GateReport& report) {
  const int fresh = Failing(report, RowStatus::kDeviation) + Failing(report, RowStatus::kModelFail);
  // Stale entries of every row, also of one that has a new deviation too (its status says only the
  // latter): a row that gained a step shifts its records, and both halves of that must be seen.
  int stale = static_cast<int>(report.orphaned_records.size());
  for (const RowReport& row : report.rows) stale += static_cast<int>(row.stale.size());
  const int errors = Failing(report, RowStatus::kError);
  std::ostringstream out;
  out << "gate " << (report.Passed() ? "PASSED" : "FAILED") << " on " << report.stack << ": " << fresh
      << " row(s) with a new deviation, " << stale << " stale record(s), "
      << report.choice_mismatches.size() << " changed open-point choice(s), " << errors << " error(s)";
  if (!report.missing_rows.empty()) out << ", " << report.missing_rows.size() << " row(s) missing from the trace";
  out << " (record: " << report.record_path << ")";
  return out.str();
}

namespace {

// One row of the JSON report: its status, and its deviations and stale records when it has them.
json RowJson(const RowReport& row) {
  json entry = json::object();
  entry["family"] = row.row.family;
  entry["scenario"] = row.row.scenario;
  entry["rules"] = row.rules;
  entry["backend"] = row.backend;
  entry["status"] = RowStatusName(row.status);
  if (!row.reason.empty()) entry["reason"] = row.reason;
  if (!row.deviations.empty()) {
    // The first deviating step at the row's top level; every one in `deviations`.
    const StepDeviation& first = row.deviations.front();
    entry["step"] = first.what.step;
    entry["expected"] = first.what.expected;
    entry["observed"] = first.what.observed;
    json all = json::array();
    for (const StepDeviation& deviation : row.deviations) {
      json item = deviation.what.ToJson();
      item["op"] = deviation.op;
      item["kind"] = DeviationKindName(deviation.kind);
      item["known"] = deviation.known;
      all.push_back(item);
    }
    entry["deviations"] = all;
  }
  if (!row.stale.empty()) {
    json stale = json::array();
    for (const KnownDeviation& entry_stale : row.stale) stale.push_back(entry_stale.ToJson());
    entry["stale_records"] = stale;
  }
  return entry;
}

json SummaryJson(const GateReport& report) {
  const Tally tally = Count(report);
  json summary = json::object();
  for (const std::string& backend : tally.backends) {
    json per_family = json::object();
    for (const auto& [family, counts] : tally.counts.at(backend)) per_family[family] = CountsJson(counts);
    per_family["total"] = CountsJson(tally.totals.at(backend));
    summary[backend] = per_family;
  }
  return summary;
}

}  // namespace

json GateJson(const GateReport& report) {
  json out = json::object();
  out["stack"] = report.stack;
  out["record"] = report.record_path;
  out["passed"] = report.Passed();
  out["summary"] = SummaryJson(report);
  json rows = json::array();
  for (const RowReport& row : report.rows) rows.push_back(RowJson(row));
  out["rows"] = rows;
  out["choices"] = report.choices;
  json mismatches = json::array();
  for (const ChoiceMismatch& mismatch : report.choice_mismatches) {
    mismatches.push_back(json{{"stack", mismatch.stack}, {"rule", mismatch.rule}, {"behaviour", mismatch.behaviour},
                              {"recorded", mismatch.recorded}, {"rows", mismatch.rows}});
  }
  out["choice_mismatches"] = mismatches;
  json orphans = json::array();
  for (const KnownDeviation& orphan : report.orphaned_records) orphans.push_back(orphan.ToJson());
  out["orphaned_records"] = orphans;
  // Only `check` can miss rows; the key appears when some are missing.
  if (!report.missing_rows.empty()) {
    json missing = json::array();
    for (const RowId& row : report.missing_rows) missing.push_back(json{{"family", row.family}, {"scenario", row.scenario}});
    out["missing_rows"] = missing;
  }
  return out;
}

namespace {

// JUnit's counts for a run of test cases.
struct JunitCounts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
};

// One row as a JUnit test case, counted into `counts`.
void JunitCase(const RowReport& row, const std::string& suite, JunitCounts* counts, std::ostringstream& cases) {
  ++counts->tests;
  cases << "    <testcase classname=\"" << MarkupEscape(suite) << "\" name=\"" << MarkupEscape(row.row.scenario) << "\">\n";
  const std::string details = MarkupEscape(RowDetails(row));
  switch (row.status) {
    case RowStatus::kPass: break;
    case RowStatus::kKnownDeviation:
      cases << "      <system-out>" << details << "</system-out>\n";
      break;
    case RowStatus::kUnsupported:
      ++counts->skipped;
      cases << "      <skipped message=\"" << MarkupEscape(row.reason) << "\"/>\n";
      break;
    case RowStatus::kError:
      ++counts->errors;
      cases << "      <error message=\"" << MarkupEscape(row.reason) << "\">" << details << "</error>\n";
      break;
    case RowStatus::kDeviation:
    case RowStatus::kStaleRecord:
    case RowStatus::kModelFail:
      ++counts->failures;
      cases << "      <failure message=\"" << RowStatusName(row.status) << "\">" << details << "</failure>\n";
      break;
  }
  cases << "    </testcase>\n";
}

// One suite per backend and family, in the tally's order; empty suites are left out.
void JunitRowSuites(const GateReport& report, std::ostringstream& out) {
  const Tally tally = Count(report);
  for (const std::string& backend : tally.backends) {
    for (const std::string& family : tally.families) {
      const std::string suite = backend + "." + family;
      std::ostringstream cases;
      JunitCounts counts;
      for (const RowReport& row : report.rows) {
        if (row.backend == backend && row.row.family == family) JunitCase(row, suite, &counts, cases);
      }
      if (counts.tests == 0) continue;
      out << "  <testsuite name=\"" << MarkupEscape(suite) << "\" tests=\"" << counts.tests << "\" failures=\""
          << counts.failures << "\" errors=\"" << counts.errors << "\" skipped=\"" << counts.skipped << "\">\n"
          << cases.str() << "  </testsuite>\n";
    }
  }
}

// Record entries for rows that no longer exist: one failing case each.
void JunitOrphanSuite(const GateReport& report, std::ostringstream& out) {
  if (report.orphaned_records.empty()) return;
  out << "  <testsuite name=\"" << MarkupEscape(report.stack) << ".records\" tests=\""
      << report.orphaned_records.size() << "\" failures=\"" << report.orphaned_records.size()
      << "\" errors=\"0\" skipped=\"0\">\n";
  for (const KnownDeviation& orphan : report.orphaned_records) {
    out << "    <testcase classname=\"" << MarkupEscape(report.stack) << ".records\" name=\""
        << MarkupEscape(orphan.row.Label() + " step " + std::to_string(orphan.step))
        << "\">\n      <failure message=\"stale_record\">the record names a row that is not in the "
           "table</failure>\n    </testcase>\n";
  }
  out << "  </testsuite>\n";
}

// Rows the tables have and the trace lacks: one failing case each.
void JunitMissingSuite(const GateReport& report, std::ostringstream& out) {
  if (report.missing_rows.empty()) return;
  out << "  <testsuite name=\"" << MarkupEscape(report.stack) << ".coverage\" tests=\"" << report.missing_rows.size()
      << "\" failures=\"" << report.missing_rows.size() << "\" errors=\"0\" skipped=\"0\">\n";
  for (const RowId& row : report.missing_rows) {
    out << "    <testcase classname=\"" << MarkupEscape(report.stack) << ".coverage\" name=\"" << MarkupEscape(row.Label())
        << "\">\n      <failure message=\"missing\">in the tables but not in the trace</failure>\n    </testcase>\n";
  }
  out << "  </testsuite>\n";
}

// One suite of changed choices per stack (`wsdup check` may combine several).
void JunitChoiceSuites(const GateReport& report, std::ostringstream& out) {
  std::map<std::string, std::vector<const ChoiceMismatch*>> mismatches_by_stack;
  for (const ChoiceMismatch& mismatch : report.choice_mismatches) mismatches_by_stack[mismatch.stack].push_back(&mismatch);
  for (const auto& [stack, mismatches] : mismatches_by_stack) {
    const std::string suite = MarkupEscape(stack) + ".choices";
    out << "  <testsuite name=\"" << suite << "\" tests=\"" << mismatches.size() << "\" failures=\""
        << mismatches.size() << "\" errors=\"0\" skipped=\"0\">\n";
    for (const ChoiceMismatch* mismatch : mismatches) {
      out << "    <testcase classname=\"" << suite << "\" name=\""
          << MarkupEscape(mismatch->rule + " " + mismatch->behaviour) << "\">\n      <failure message=\"choice_changed\">"
          << (mismatch->recorded ? "recorded but not shown by any row that reached the open point"
                                 : "shown but not in the record's choices")
          << "</failure>\n    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
}

// The totals of the <testsuites> element: every row, orphaned record and changed choice.
JunitCounts JunitTotals(const GateReport& report) {
  JunitCounts totals;
  for (const RowReport& row : report.rows) {
    ++totals.tests;
    totals.failures += row.status == RowStatus::kDeviation || row.status == RowStatus::kStaleRecord ||
                       row.status == RowStatus::kModelFail;
    totals.errors += row.status == RowStatus::kError;
    totals.skipped += row.status == RowStatus::kUnsupported;
  }
  const int extra = static_cast<int>(report.orphaned_records.size() + report.choice_mismatches.size() +
                                     report.missing_rows.size());
  totals.tests += extra;
  totals.failures += extra;
  return totals;
}

}  // namespace

std::string GateJunit(const GateReport& report) {
  const JunitCounts totals = JunitTotals(report);
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"wsdup gate\" tests=\"" << totals.tests << "\" failures=\"" << totals.failures
      << "\" errors=\"" << totals.errors << "\" skipped=\"" << totals.skipped << "\">\n";
  JunitRowSuites(report, out);
  JunitOrphanSuite(report, out);
  JunitMissingSuite(report, out);
  JunitChoiceSuites(report, out);
  out << "</testsuites>\n";
  return out.str();
}

}  // namespace wsdup::conformance
