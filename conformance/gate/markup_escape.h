// Text made safe inside XML and HTML (the JUnit and HTML reports): markup characters become
// entities, and the control characters XML 1.0 forbids even escaped become '?'. Report text is
// already valid UTF-8 (names and notes are checked when read).
#ifndef WSDUP_CONFORMANCE_GATE_MARKUP_ESCAPE_H_
#define WSDUP_CONFORMANCE_GATE_MARKUP_ESCAPE_H_

#include <string>

namespace wsdup::conformance {

inline std::string MarkupEscape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' ? '?' : c;
    }
  }
  return out;
}

}  // namespace wsdup::conformance

#endif  // WSDUP_CONFORMANCE_GATE_MARKUP_ESCAPE_H_
