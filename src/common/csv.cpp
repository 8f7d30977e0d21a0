#include "dramsweep/common/csv.hpp"

namespace dramsweep::csv {

std::string escape(const std::string& cell) {
    if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
    std::string out = "\"";
    for (const char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

bool RecordReader::next(std::vector<std::string>& cells) {
    cells.assign(1, std::string());
    if (pos_ >= text_.size()) return false;
    record_line_ = next_line_;
    bool quoted = false;
    complete_ = false;
    while (pos_ < text_.size()) {
        const char c = text_[pos_++];
        if (quoted) {
            if (c == '"' && pos_ < text_.size() && text_[pos_] == '"') {
                cells.back() += '"';
                ++pos_;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++next_line_;
                cells.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            cells.emplace_back();
        } else if (c == '\n') {
            ++next_line_;
            complete_ = true;
            break;
        } else if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') {
            // the '\n' ends the record next
        } else {
            cells.back() += c;
        }
    }
    open_quote_ = quoted;
    return true;
}

}  // namespace dramsweep::csv
