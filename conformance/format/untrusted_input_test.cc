// Untrusted files and values never crash wsdup: every class of bad input found by trying it as a
// hostile user would is refused with its place (docs: issue 10's list).
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "conformance/format/deviation_record.h"
#include "conformance/format/observation.h"
#include "conformance/format/safe_json.h"
#include "conformance/format/scenario.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

using ::testing::HasSubstr;
using json = nlohmann::json;

std::string Temp(const std::string& name) { return std::string(std::getenv("TEST_TMPDIR")) + "/" + name; }

std::string Written(const std::string& name, const std::string& text) {
  std::ofstream(Temp(name), std::ios::binary) << text;
  return Temp(name);
}

std::string ErrorLoading(const std::string& path) {
  try {
    LoadScenarioFile(path);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(SafeJsonTest, DeepNestingIsRefusedBeforeParsing) {
  const std::string deep = std::string(75000, '[') + std::string(75000, ']');
  std::string why;
  EXPECT_FALSE(TryParseJson(deep, &why));
  EXPECT_THAT(why, HasSubstr("nested deeper than 64 levels"));
  EXPECT_THAT(ErrorLoading(Written("deep.json", deep)), HasSubstr("deep.json: malformed JSON: nested deeper"));
  // Brackets inside strings are text, not nesting.
  EXPECT_TRUE(TryParseJson("\"" + std::string(100, '[') + "\"", &why));
}

TEST(SafeJsonTest, NumbersNoDoubleHoldsAreMalformedNotFatal) {
  std::string why;
  EXPECT_FALSE(TryParseJson("[1e400]", &why));
  EXPECT_THAT(ErrorLoading(Written("huge.json", R"({"name":"n","steps":[{"proc":"A","op":"fionbio","value":1e400}]})")),
              HasSubstr("huge.json: malformed JSON"));
}

TEST(SafeJsonTest, TextThatIsNotUtf8IsWrittenReplacedOrEscaped) {
  const json value = std::string("cut \xc3");
  EXPECT_EQ(Dump(value), "\"cut \xef\xbf\xbd\"");  // U+FFFD, not an exception
  EXPECT_EQ(Printable("a\xff\nb"), "a\\xff\\x0ab");
  EXPECT_EQ(Printable("\xc3\xa9t\xc3\xa9", 3), "\xc3\xa9t");  // cut on a character boundary
}

TEST(UntrustedFilesTest, OnlyRegularFilesOfBoundedSizeAreRead) {
  EXPECT_THAT(ErrorLoading("/dev/zero"), HasSubstr("/dev/zero: not a regular file"));
  const std::string fifo = Temp("fifo.json");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THAT(ErrorLoading(fifo), HasSubstr("not a regular file"));  // and does not hang
  EXPECT_THAT(ErrorLoading(Temp("")), HasSubstr("not a regular file"));  // a directory
}

TEST(UntrustedFilesTest, ARecordWithAWrongTypedStackIsRefused) {
  const std::string path = Written("stack-x.json", R"({"stack": 5, "deviations": []})");
  try {
    LoadDeviationRecord(path, "stack-x");
    ADD_FAILURE() << "loaded";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("records stack 5, not \"stack-x\""));
  }
}

TEST(UntrustedFilesTest, MessagesEscapeFileNamesThatAreNotUtf8) {
  const std::string message = ErrorLoading(Written("bad\xff\n.json", "{"));
  EXPECT_THAT(message, HasSubstr("bad\\xff\\x0a.json: malformed JSON"));
  EXPECT_TRUE(IsPrintableText(message));
}

TEST(UntrustedFilesTest, ARecordEntryThatCouldForgeAReportLineIsRefused) {
  const std::string path = Written("stack-y.json", R"({"stack": "stack-y", "deviations": [
      {"family": "dup", "scenario": "x\nPASS  forged", "step": 1, "observed": {"ok": true}}]})");
  try {
    LoadDeviationRecord(path, "stack-y");
    ADD_FAILURE() << "loaded";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("deviation 1: family, scenario and note must be printable text"));
  }
}

TEST(UntrustedResultsTest, ResultsWithWrongTypesOrUnknownNamesAreNoObservations) {
  for (const char* text : {R"({"ok":true,"error":null,"events":[1]})", R"({"ok":true,"error":null,"events":["FD_NOSUCH"]})",
                           R"({"unsupported":"yes"})", R"({"ok":false,"error":"WSAENOSUCHTHING"})",
                           R"({"ok":false,"error":7})", R"({"ok":"true","error":null})"}) {
    EXPECT_FALSE(Observation::FromJson(json::parse(text))) << text;
  }
  EXPECT_TRUE(Observation::FromJson(json::parse(R"({"ok":false,"error":"HARNESS_RESULT_NOT_WRITTEN"})")));
  EXPECT_TRUE(Observation::FromJson(json::parse(R"({"unsupported":true})")));
}

}  // namespace
}  // namespace wsdup::conformance
