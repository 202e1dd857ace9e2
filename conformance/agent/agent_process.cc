#include "conformance/agent/agent_process.h"

#include <chrono>
#include <cstdint>

namespace wsdup::conformance {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::optional<std::string> AgentProcess::ReadLine(int timeout_ms) {
  const int64_t deadline = NowMs() + timeout_ms;
  while (true) {
    // Only the bytes not searched yet: a long line costs linear time, not quadratic.
    const size_t newline = buffer_.find('\n', searched_);
    if (newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      searched_ = 0;
      if (!line.empty() && line.back() == '\r') line.pop_back();  // Windows agents write CRLF
      return line;
    }
    searched_ = buffer_.size();
    if (buffer_.size() > kMaxLineBytes) {
      failure_ = "the agent wrote a line longer than " + std::to_string(kMaxLineBytes) + " bytes";
      return std::nullopt;
    }
    if (!Running()) {
      failure_ = "the agent is not running";
      return std::nullopt;
    }
    const int64_t left = deadline - NowMs();
    if (left <= 0) {
      failure_ = "no answer within " + std::to_string(timeout_ms) + " ms";
      return std::nullopt;
    }
    char chunk[65536];
    const long n = ReadSome(chunk, sizeof chunk, static_cast<int>(left));
    if (n < 0) continue;  // re-check the deadline
    if (n == 0) {
      failure_ = "the agent closed its output (" + Ended() + ")";
      return std::nullopt;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

}  // namespace wsdup::conformance
