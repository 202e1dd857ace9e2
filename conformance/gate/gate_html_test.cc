// The HTML report (gate_html.h): what a person opening it must find, escaped and self-contained.
// That it renders in a real browser and its markup validates is conformance/cli/html_report_test.sh.
#include "conformance/gate/gate_html.h"

#include <string>

#include "conformance/gate/gate.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using json = nlohmann::json;

RowReport Row(std::string backend, std::string scenario, RowStatus status) {
  RowReport row;
  row.row = RowId{"dup", std::move(scenario)};
  row.rules = {"DUP-1", "BLOB-2"};
  row.backend = std::move(backend);
  row.status = status;
  return row;
}

StepDeviation Deviation(bool known, std::string note) {
  StepDeviation deviation;
  deviation.what.row = RowId{"dup", "r"};
  deviation.what.step = 4;
  deviation.what.expected = json{{"ok", false}, {"error", "WSAEINVAL"}};
  deviation.what.model = json{{"ok", false}, {"error", "WSAEINVAL"}};
  deviation.what.observed = json{{"ok", true}, {"error", nullptr}};
  deviation.what.note = std::move(note);
  deviation.op = "B from_blob";
  deviation.known = known;
  return deviation;
}

GateReport Sample() {
  GateReport report;
  report.stack = "stack-x";
  report.record_path = "records/stack-x.json";
  report.rows.push_back(Row("model", "r", RowStatus::kPass));
  RowReport deviating = Row("stack-x", "r", RowStatus::kDeviation);
  deviating.deviations.push_back(Deviation(false, ""));
  report.rows.push_back(deviating);
  report.rows.push_back(Row("model", "q", RowStatus::kPass));
  RowReport known = Row("stack-x", "q", RowStatus::kKnownDeviation);
  known.deviations.push_back(Deviation(true, "imports twice <script>alert(1)</script> & more"));
  report.rows.push_back(known);
  return report;
}

TEST(GateHtmlTest, ADeviatingCellOpensToItsStepsWithEverySide) {
  const std::string html = GateHtml(Sample());
  EXPECT_THAT(html, HasSubstr("<td class=\"s-deviation\"><details><summary>deviation</summary>"));
  EXPECT_THAT(html, AllOf(HasSubstr("<td>4</td><td>B from_blob</td>"),
                          HasSubstr("<code>{&quot;error&quot;:&quot;WSAEINVAL&quot;,&quot;ok&quot;:false}</code>"),
                          HasSubstr("<code>{&quot;error&quot;:null,&quot;ok&quot;:true}</code>"),
                          HasSubstr("<span class=\"new\">new</span>")));
  EXPECT_THAT(html, HasSubstr("<td class=\"s-pass\">pass</td>"));  // nothing to open: no details
  EXPECT_THAT(html, HasSubstr("<td class=\"rules\">DUP-1 BLOB-2</td>"));
}

TEST(GateHtmlTest, TheVerdictHeadsThePage) {
  const std::string html = GateHtml(Sample());
  EXPECT_THAT(html, HasSubstr("<p class=\"verdict failed\">gate FAILED on stack-x: 1 row(s) with a new deviation"));
  EXPECT_THAT(html, HasSubstr("<title>wsdup gate: stack-x FAILED</title>"));
}

TEST(GateHtmlTest, EveryRowIsOneMatrixRowWithACellPerBackend) {
  const std::string html = GateHtml(Sample());
  EXPECT_THAT(html, HasSubstr("<th>model</th><th>stack-x</th>"));
  EXPECT_THAT(html, HasSubstr("<th colspan=\"4\">dup (2 rows)</th>"));
  EXPECT_THAT(html, HasSubstr("<tr><td class=\"row\">q</td>"));
}

TEST(GateHtmlTest, TextFromRecordsAndStacksCannotBecomeMarkup) {
  const std::string html = GateHtml(Sample());
  EXPECT_THAT(html, HasSubstr("known: imports twice &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
}

TEST(GateHtmlTest, ThePageIsSelfContainedAndDeterministic) {
  const std::string html = GateHtml(Sample());
  for (const char* outside : {"http:", "https:", "src=", "<link", "@import", "url("}) {
    EXPECT_THAT(html, Not(HasSubstr(outside))) << outside;
  }
  EXPECT_THAT(html, HasSubstr(kHtmlGenerator));
  EXPECT_EQ(html, GateHtml(Sample()));
}

TEST(GateHtmlTest, MissingRowsAndStaleRecordsAreListed) {
  GateReport report = Sample();
  report.missing_rows.push_back(RowId{"evt", "gone"});
  KnownDeviation orphan;
  orphan.row = RowId{"dup", "renamed"};
  orphan.step = 2;
  report.orphaned_records.push_back(orphan);
  const std::string html = GateHtml(report);
  EXPECT_THAT(html, HasSubstr("missing: evt/gone is in the tables but not in the trace"));
  EXPECT_THAT(html, HasSubstr("stale record: dup/renamed step 2 names a row that is not in the table"));
}

}  // namespace
}  // namespace wsdup::conformance
