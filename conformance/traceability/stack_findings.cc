#include "conformance/traceability/stack_findings.h"

#include <map>
#include <sstream>
#include <string_view>
#include <vector>

#include "conformance/format/deviation_record.h"
#include "conformance/format/scenario.h"
#include "sim/open_points.h"
#include "conformance/format/safe_json.h"

namespace wsdup::conformance {
namespace {

// Table cells may hold any text a record's note holds; a bare '|' would split the cell and a line
// break would end the row.
std::string CellText(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string Code(const nlohmann::json& value) { return "`" + CellText(Dump(value)) + "`"; }

std::string Rows(size_t count) { return std::to_string(count) + (count == 1 ? " row" : " rows"); }

// rule -> behaviour -> rows that showed it, on one backend.
using ChoiceTally = std::map<std::string, std::map<std::string, size_t>>;

ChoiceTally TallyChoices(const TraceabilityMatrix& matrix, const std::string& backend) {
  ChoiceTally tally;
  for (const RowStatusSet& row : matrix.rows) {
    auto found = row.by_backend.find(backend);
    if (found == row.by_backend.end()) continue;
    for (const OpenPointChoice& choice : found->second.choices) ++tally[choice.Rule()][choice.Behaviour()];
  }
  return tally;
}

std::string ChoiceCell(const ChoiceTally& tally, std::string_view rule, const sim::OpenPointInfo& info) {
  auto found = tally.find(std::string(rule));
  if (found == tally.end()) return "not reached";
  std::string cell;
  // Behaviours in the open point's own order, so the default comes first wherever it was seen.
  for (std::string_view behaviour : info.behaviours) {
    auto shown = found->second.find(std::string(behaviour));
    if (shown == found->second.end()) continue;
    cell += (cell.empty() ? "" : "; ") + std::string(behaviour) + " (" + Rows(shown->second) + ")";
  }
  return cell;
}

// "152 ran: 125 pass, 27 known deviation; 9 unsupported" for one stack.
std::string RowTally(const TraceabilityMatrix& matrix, const std::string& stack) {
  std::map<RowStatus, size_t> counts;
  for (const RowStatusSet& row : matrix.rows) {
    auto found = row.by_backend.find(stack);
    if (found != row.by_backend.end()) ++counts[found->second.status];
  }
  std::string out;
  for (const auto& [status, count] : counts) {
    out += (out.empty() ? "" : ", ") + std::to_string(count) + " " + StatusLabel(status);
  }
  return out.empty() ? "no rows" : out;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

void RenderDeviations(const TraceabilityMatrix& matrix, const std::string& stack, std::ostringstream& out) {
  size_t steps = 0, rows = 0;
  std::ostringstream table;
  for (const RowStatusSet& row : matrix.rows) {
    auto found = row.by_backend.find(stack);
    if (found == row.by_backend.end() || found->second.deviations.empty()) continue;
    ++rows;
    for (const StepDeviation& deviation : found->second.deviations) {
      ++steps;
      table << "| `" << row.row.Label() << "` | " << deviation.what.step << " | "
            << CellText(deviation.op) << " | " << Joined(deviation.what.rules) << " | " << DeviationKindName(deviation.kind) << " | "
            << Code(deviation.what.expected) << " | " << Code(deviation.what.model) << " | "
            << Code(deviation.what.observed) << " | "
            << (deviation.known ? CellText(deviation.what.note) : "**not in the record: fails the gate**") << " |\n";
    }
  }
  out << "\n### " << stack << "\n\n"
      << "Rows: " << RowTally(matrix, stack) << ".\n"
      << "Deviations: " << steps << " steps in " << rows << " rows, recorded with these notes in `"
      << DeviationRecordPath("fixtures/deviations", stack) << "`.\n\n";
  if (steps == 0) {
    out << "No deviations.\n";
    return;
  }
  out << "| row | step | op | rules | kind | the documents | model | observed | note |\n"
      << "|---|---|---|---|---|---|---|---|---|\n"
      << table.str();
}

}  // namespace

std::string RenderOpenPointChoices(const TraceabilityMatrix& matrix) {
  std::vector<ChoiceTally> tallies;
  for (const std::string& backend : matrix.backends) tallies.push_back(TallyChoices(matrix, backend));
  std::ostringstream out;
  out << "| rule | behaviours (the model's default first) |";
  for (const std::string& backend : matrix.backends) out << " " << backend << " |";
  out << "\n|---|---|";
  for (size_t i = 0; i < matrix.backends.size(); ++i) out << "---|";
  out << "\n";
  for (const sim::OpenPointInfo& info : sim::AllOpenPoints()) {
    std::string behaviours;
    for (std::string_view behaviour : info.behaviours) {
      behaviours += (behaviours.empty() ? "" : ", ") + std::string(behaviour);
    }
    out << "| " << info.rule << " | " << behaviours << " |";
    for (const ChoiceTally& tally : tallies) out << " " << ChoiceCell(tally, info.rule, info) << " |";
    out << "\n";
  }
  return out.str();
}

std::string RenderStackFindings(const TraceabilityMatrix& matrix) {
  std::ostringstream out;
  out << "\n### Each stack's choices at the open points\n\n"
      << "The behaviour shown by the rows that reached each open point (`sim/open_points.h`); the gate\n"
      << "judged the rest of each row in that branch (docs/gate.md). A stack's choice is a finding, not a\n"
      << "deviation; a non-default one is listed in the stack's record and a change fails the gate.\n\n"
      << RenderOpenPointChoices(matrix);
  out << "\n## What each real stack does that the documents or the model do not\n\n"
      << "Every step where a stack's trace differs from the row's expectation (kind `documents`) or only\n"
      << "from the model (kind `model`), as `wsdup check` finds it.\n";
  for (size_t b = 1; b < matrix.backends.size(); ++b) RenderDeviations(matrix, matrix.backends[b], out);
  if (matrix.backends.size() < 2) out << "\nNo trace of a real stack is committed.\n";
  out << "\n";
  return out.str();
}

std::string SpliceGenerated(const std::string& document, const std::string& generated, const std::string& path) {
  const size_t begin = document.find(kGeneratedBegin);
  const size_t end = document.find(kGeneratedEnd);
  if (begin == std::string::npos || end == std::string::npos || end < begin ||
      document.find(kGeneratedBegin, begin + 1) != std::string::npos ||
      document.find(kGeneratedEnd, end + 1) != std::string::npos) {
    throw InputError(path + ": needs exactly one pair of markers, \"" + kGeneratedBegin + "\" then \"" +
                     kGeneratedEnd + "\", around its generated part");
  }
  const size_t keep_from = begin + std::string(kGeneratedBegin).size();
  return document.substr(0, keep_from) + "\n" + generated + document.substr(end);
}

}  // namespace wsdup::conformance
