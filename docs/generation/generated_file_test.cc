#include "docs/generation/generated_file.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wsdup::docs {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

std::string TempPath(const std::string& name) { return std::string(std::getenv("TEST_TMPDIR")) + "/" + name; }

void WriteText(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

TEST(StaleReasonTest, CurrentFileHasNoReason) {
  WriteText(TempPath("current.md"), "a\nb\n");
  EXPECT_EQ(StaleReason(TempPath("current.md"), "a\nb\n", "render"), "");
}

TEST(StaleReasonTest, StaleFileNamesTheFirstDifferingLineAndTheCommand) {
  WriteText(TempPath("stale.md"), "a\nb\nc\n");
  EXPECT_THAT(StaleReason(TempPath("stale.md"), "a\nB\nc\n", "./bazelw run //x:render"),
              AllOf(HasSubstr("stale.md is stale from line 2"), HasSubstr("committed: \"b\""),
                    HasSubstr("current: \"B\""), HasSubstr("run ./bazelw run //x:render")));
}

TEST(StaleReasonTest, ATruncatedFileIsStaleWhereItEnds) {
  WriteText(TempPath("short.md"), "a\n");
  EXPECT_THAT(StaleReason(TempPath("short.md"), "a\nb\n", "render"), HasSubstr("stale from line 2"));
}

TEST(StaleReasonTest, MissingFileSaysSo) {
  EXPECT_THAT(StaleReason(TempPath("nothing-here.md"), "a\n", "render"), HasSubstr("is missing: run render"));
}

// A render that fails writes nothing, even the files it could have rendered.
TEST(WriteGeneratedFilesTest, NothingIsWrittenWhenRenderingFails) {
  WriteText(TempPath("kept.md"), "mine\n");
  const int status = WriteGeneratedFiles("render", [](const std::string&) -> std::vector<GeneratedFile> {
    throw std::runtime_error("bad marker");
  });
  EXPECT_EQ(status, 2);
  std::ifstream in(TempPath("kept.md"));
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "mine");
}

TEST(WriteGeneratedFilesTest, WritesEveryRenderedFile) {
  const std::string first = TempPath("first.md"), second = TempPath("second.md");
  ASSERT_EQ(WriteGeneratedFiles("render",
                                [&](const std::string&) {
                                  return std::vector<GeneratedFile>{{first, "1\n"}, {second, "2\n"}};
                                }),
            0);
  EXPECT_EQ(StaleReason(first, "1\n", "render"), "");
  EXPECT_EQ(StaleReason(second, "2\n", "render"), "");
}

}  // namespace
}  // namespace wsdup::docs
