#include "conformance/gate/gate_html.h"

#include <map>
#include <sstream>
#include <vector>

#include "conformance/format/safe_json.h"
#include "conformance/gate/gate_report.h"
#include "conformance/gate/markup_escape.h"

namespace wsdup::conformance {
namespace {

constexpr RowStatus kStatuses[] = {RowStatus::kPass,        RowStatus::kKnownDeviation, RowStatus::kUnsupported,
                                   RowStatus::kDeviation,   RowStatus::kStaleRecord,    RowStatus::kError,
                                   RowStatus::kModelFail};

// Colour carries the status at a glance; the status word is always written too, so the page reads
// the same in grey scale and to a screen reader.
constexpr const char* kStyle = R"(
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em 2em; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.5em; margin: 0 0 .3em; }
h2 { font-size: 1.15em; margin: 1.6em 0 .5em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
.verdict { font-size: 1.1em; font-weight: 600; padding: .5em .8em; border-radius: 4px; display: inline-block; }
.verdict.passed { background: #d3f2da; color: #0f5132; }
.verdict.failed { background: #ffd4d4; color: #842029; }
.meta { color: #555; margin: .4em 0; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d0d0; padding: .25em .6em; text-align: left; vertical-align: top; }
thead th { background: #f3f3f3; position: sticky; top: 0; }
tr.family th { background: #e8eef7; font-size: 1.05em; }
td.rules, td.row { font-family: ui-monospace, monospace; font-size: .92em; }
td.count { text-align: right; font-variant-numeric: tabular-nums; }
.s-pass { background: #d3f2da; }
.s-known_deviation { background: #fff0bf; }
.s-unsupported { background: #e7e7e7; color: #444; }
.s-deviation, .s-model_fail { background: #ffc7c7; font-weight: 600; }
.s-stale_record { background: #e6d6ff; font-weight: 600; }
.s-error { background: #ffb38a; font-weight: 600; }
.s-absent { background: #fff; color: #999; }
details summary { cursor: pointer; }
table.steps { margin: .4em 0; background: #fff; font-weight: normal; }
table.steps td, table.steps th { font-size: .9em; }
code { font-family: ui-monospace, monospace; font-size: .92em; white-space: pre-wrap; word-break: break-word; }
.reason { margin: .3em 0; font-weight: normal; }
.new { color: #842029; font-weight: 700; }
)";

std::string E(const std::string& text) { return MarkupEscape(text); }

std::string Code(const nlohmann::json& value) { return "<code>" + E(Dump(value)) + "</code>"; }

std::string Status(RowStatus status) { return RowStatusName(status); }

// The backends in the order rows first name them (the model first when its rows are there).
std::vector<std::string> Backends(const GateReport& report) {
  std::vector<std::string> backends;
  for (const RowReport& row : report.rows) {
    bool seen = false;
    for (const std::string& backend : backends) seen = seen || backend == row.backend;
    if (!seen) backends.push_back(row.backend);
  }
  return backends;
}

// One family's rows in table order, each with its report per backend.
struct MatrixRow {
  RowId id;
  std::vector<std::string> rules;
  std::map<std::string, const RowReport*> by_backend;
};
struct Family {
  std::string name;
  std::vector<MatrixRow> rows;
};

// Families and rows in the order the report first names them; a row's reports from every backend
// (and, for `check` of several traces, every stack) meet in one matrix row.
std::vector<Family> Families(const GateReport& report) {
  std::vector<Family> families;
  std::map<std::string, size_t> family_at;
  std::map<RowId, size_t> row_at;
  for (const RowReport& row : report.rows) {
    const auto [family, new_family] = family_at.emplace(row.row.family, families.size());
    if (new_family) families.push_back(Family{row.row.family, {}});
    std::vector<MatrixRow>& rows = families[family->second].rows;
    const auto [at, new_row] = row_at.emplace(row.row, rows.size());
    if (new_row) rows.push_back(MatrixRow{row.row, row.rules, {}});
    rows[at->second].by_backend[row.backend] = &row;
  }
  return families;
}

std::string StepsTable(const RowReport& row) {
  std::ostringstream out;
  out << "<table class=\"steps\"><thead><tr><th>step</th><th>op</th><th>expected (documents)</th><th>model</th>"
         "<th>observed</th><th>record</th></tr></thead><tbody>\n";
  for (const StepDeviation& deviation : row.deviations) {
    out << "<tr><td>" << deviation.what.step << "</td><td>" << E(deviation.op) << "</td><td>"
        << Code(deviation.what.expected) << "</td><td>" << Code(deviation.what.model) << "</td><td>"
        << Code(deviation.what.observed) << "</td><td>"
        << (deviation.known ? "known: " + E(deviation.what.note) : std::string("<span class=\"new\">new</span>"))
        << (deviation.kind == DeviationKind::kModel ? " (differs from the model only)" : "") << "</td></tr>\n";
  }
  for (const KnownDeviation& stale : row.stale) {
    out << "<tr><td>" << stale.step << "</td><td></td><td>" << Code(stale.expected) << "</td><td>"
        << Code(stale.model) << "</td><td>recorded " << Code(stale.observed)
        << ", which no longer happens</td><td>stale: " << E(stale.note) << "</td></tr>\n";
  }
  out << "</tbody></table>";
  return out.str();
}

// A cell: the status, opening to what explains it when there is something to explain.
std::string Cell(const RowReport* row) {
  if (row == nullptr) return "<td class=\"s-absent\">not run</td>";
  std::string detail;
  if (!row->reason.empty()) detail += "<p class=\"reason\">" + E(row->reason) + "</p>";
  if (!row->deviations.empty() || !row->stale.empty()) detail += StepsTable(*row);
  for (const OpenPointChoice& choice : row->choices) {
    if (choice.IsDefault()) continue;
    detail += "<p class=\"reason\">open point " + E(choice.Rule()) + ": " + E(choice.Behaviour()) + " from step " +
              std::to_string(choice.step) + "; later steps judged in that branch</p>";
  }
  const std::string cls = "s-" + Status(row->status);
  if (detail.empty()) return "<td class=\"" + cls + "\">" + Status(row->status) + "</td>";
  return "<td class=\"" + cls + "\"><details><summary>" + Status(row->status) + "</summary>" + detail +
         "</details></td>";
}

void Summary(const GateReport& report, const std::vector<std::string>& backends, std::ostringstream& out) {
  out << "<h2 id=\"summary\">Summary</h2>\n<table><thead><tr><th>backend</th>";
  for (RowStatus status : kStatuses) out << "<th class=\"s-" << Status(status) << "\">" << Status(status) << "</th>";
  out << "</tr></thead><tbody>\n";
  for (const std::string& backend : backends) {
    std::map<RowStatus, int> counts;
    for (const RowReport& row : report.rows) counts[row.status] += row.backend == backend;
    out << "<tr><th>" << E(backend) << "</th>";
    for (RowStatus status : kStatuses) out << "<td class=\"count\">" << counts[status] << "</td>";
    out << "</tr>\n";
  }
  out << "</tbody></table>\n";
}

void Matrix(const GateReport& report, const std::vector<std::string>& backends, std::ostringstream& out) {
  out << "<h2 id=\"rows\">Rows</h2>\n<table class=\"matrix\"><thead><tr><th>row</th><th>rules</th>";
  for (const std::string& backend : backends) out << "<th>" << E(backend) << "</th>";
  out << "</tr></thead>\n";
  for (const Family& family : Families(report)) {
    out << "<tbody><tr class=\"family\"><th colspan=\"" << backends.size() + 2 << "\">" << E(family.name) << " ("
        << family.rows.size() << " rows)</th></tr>\n";
    for (const MatrixRow& row : family.rows) {
      std::string rules;
      for (const std::string& rule : row.rules) rules += (rules.empty() ? "" : " ") + E(rule);
      out << "<tr><td class=\"row\">" << E(row.id.scenario) << "</td><td class=\"rules\">" << rules << "</td>";
      for (const std::string& backend : backends) {
        const auto found = row.by_backend.find(backend);
        out << Cell(found == row.by_backend.end() ? nullptr : found->second);
      }
      out << "</tr>\n";
    }
    out << "</tbody>\n";
  }
  out << "</table>\n";
}

void Choices(const GateReport& report, std::ostringstream& out) {
  if (report.choices.empty() && report.choice_mismatches.empty()) return;
  out << "<h2 id=\"choices\">Open-point choices</h2>\n"
         "<p class=\"meta\">Where the documents allow several outcomes, what each stack chose: findings, not "
         "deviations (docs/clarifications.md).</p>\n<table><thead><tr><th>stack</th><th>rule</th><th>behaviour</th>"
         "<th>rows</th><th>for example</th></tr></thead><tbody>\n";
  for (const auto& [stack, rules] : report.choices) {
    for (const auto& [rule, behaviours] : rules) {
      for (const auto& [behaviour, rows] : behaviours) {
        out << "<tr><td>" << E(stack) << "</td><td class=\"rules\">" << E(rule) << "</td><td>" << E(behaviour)
            << "</td><td class=\"count\">" << rows.size() << "</td><td class=\"row\">" << E(rows.front())
            << "</td></tr>\n";
      }
    }
  }
  out << "</tbody></table>\n";
  for (const ChoiceMismatch& mismatch : report.choice_mismatches) {
    out << "<p class=\"s-deviation\">changed choice: " << E(mismatch.stack) << " " << E(mismatch.rule) << " "
        << E(mismatch.behaviour)
        << (mismatch.recorded ? ": recorded but not shown by any row that reached it"
                              : ": shown but not in the record's \"choices\"")
        << "</p>\n";
  }
}

void Problems(const GateReport& report, std::ostringstream& out) {
  if (report.orphaned_records.empty() && report.missing_rows.empty()) return;
  out << "<h2 id=\"problems\">Records and coverage</h2>\n<ul>\n";
  for (const KnownDeviation& orphan : report.orphaned_records) {
    out << "<li class=\"s-stale_record\">stale record: " << E(orphan.row.Label()) << " step " << orphan.step
        << " names a row that is not in the table</li>\n";
  }
  for (const RowId& missing : report.missing_rows) {
    out << "<li class=\"s-error\">missing: " << E(missing.Label()) << " is in the tables but not in the trace</li>\n";
  }
  out << "</ul>\n";
}

}  // namespace

std::string GateHtml(const GateReport& report) {
  const std::vector<std::string> backends = Backends(report);
  const char* verdict = report.Passed() ? "passed" : "failed";
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" << kHtmlGenerator << "\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>wsdup gate: "
      << E(report.stack) << " " << (report.Passed() ? "PASSED" : "FAILED") << "</title>\n<style>" << kStyle
      << "</style>\n</head>\n<body>\n<h1>wsdup gate on " << E(report.stack) << "</h1>\n<p class=\"verdict "
      << verdict << "\">" << E(VerdictLine(report)) << "</p>\n<p class=\"meta\">Each row of the tables, judged "
      << "step by step against the model and the documents (docs/gate.md). Open a coloured cell for its "
      << "steps.</p>\n";
  Summary(report, backends, out);
  Matrix(report, backends, out);
  Choices(report, out);
  Problems(report, out);
  out << "</body>\n</html>\n";
  return out.str();
}

}  // namespace wsdup::conformance
