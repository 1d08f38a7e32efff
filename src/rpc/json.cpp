#include <hearth/rpc/json.h>

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <locale>
#include <sstream>
#include <vector>

namespace hearth::rpc {

namespace {

/// Binary subtype marking a RawNumber ('N').
constexpr std::uint64_t RAW_NUMBER_SUBTYPE = 0x4e;
/// UniValue's MAX_JSON_DEPTH: deeper input is refused rather than risking the stack.
constexpr size_t MAX_JSON_DEPTH = 512;

void AppendEscaped(std::string& out, const std::string& in)
{
    out += '"';
    for (const char c : in) {
        const auto ch = static_cast<unsigned char>(c);
        switch (ch) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (ch < 0x20 || ch == 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof(buf), "\\u%04x", ch);
                out += buf;
            } else {
                out += c; // UTF-8 passes through unchanged, as UniValue writes it
            }
        }
    }
    out += '"';
}

std::string FormatDouble(double d)
{
    if (!std::isfinite(d)) return "null";
    std::ostringstream oss;
    oss.imbue(std::locale::classic());
    oss << std::setprecision(16) << d;
    return oss.str();
}

void Indent(std::string& out, unsigned indent, unsigned level) { out.append(static_cast<size_t>(indent) * level, ' '); }

void Write(const json& v, unsigned indent, unsigned level, std::string& out)
{
    const unsigned mod_level = level == 0 ? 1 : level;
    switch (v.type()) {
    case json::value_t::null:
        out += "null";
        break;
    case json::value_t::boolean:
        out += v.get<bool>() ? "true" : "false";
        break;
    case json::value_t::number_integer:
        out += std::to_string(v.get<int64_t>());
        break;
    case json::value_t::number_unsigned:
        out += std::to_string(v.get<uint64_t>());
        break;
    case json::value_t::number_float:
        out += FormatDouble(v.get<double>());
        break;
    case json::value_t::string:
        AppendEscaped(out, v.get_ref<const std::string&>());
        break;
    case json::value_t::binary:
        if (IsRawNumber(v)) {
            out += RawNumberText(v);
        } else {
            out += "null";
        }
        break;
    case json::value_t::array: {
        out += '[';
        if (indent) out += '\n';
        size_t i = 0;
        for (const auto& item : v) {
            if (indent) Indent(out, indent, mod_level);
            Write(item, indent, mod_level + 1, out);
            if (++i != v.size()) out += ',';
            if (indent) out += '\n';
        }
        if (indent) Indent(out, indent, mod_level - 1);
        out += ']';
        break;
    }
    case json::value_t::object: {
        out += '{';
        if (indent) out += '\n';
        size_t i = 0;
        for (const auto& [key, item] : v.items()) {
            if (indent) Indent(out, indent, mod_level);
            AppendEscaped(out, key);
            out += ':';
            if (indent) out += ' ';
            Write(item, indent, mod_level + 1, out);
            if (++i != v.size()) out += ',';
            if (indent) out += '\n';
        }
        if (indent) Indent(out, indent, mod_level - 1);
        out += '}';
        break;
    }
    case json::value_t::discarded:
        out += "null";
        break;
    }
}

/// Builds a DOM from SAX events, refusing nesting deeper than MAX_JSON_DEPTH; optionally keeps
/// non-integer numbers as RawNumber.
class DomBuilder
{
public:
    explicit DomBuilder(bool keep_number_text) : m_keep_number_text{keep_number_text} {}

    bool null() { return Add(json{}); }
    bool boolean(bool b) { return Add(json(b)); }
    bool number_integer(json::number_integer_t n) { return Add(json(n)); }
    bool number_unsigned(json::number_unsigned_t n) { return Add(json(n)); }
    bool number_float(json::number_float_t d, const json::string_t& text)
    {
        return Add(m_keep_number_text ? RawNumber(text) : json(d));
    }
    bool string(json::string_t& s) { return Add(json(std::move(s))); }
    bool binary(json::binary_t&) { return false; }
    bool start_object(std::size_t) { return Open(json::object()); }
    bool key(json::string_t& k)
    {
        m_key = std::move(k);
        return true;
    }
    bool end_object() { return Close(); }
    bool start_array(std::size_t) { return Open(json::array()); }
    bool end_array() { return Close(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

    json& Result() { return m_root; }

private:
    json* Place(json&& v)
    {
        if (m_stack.empty()) {
            m_root = std::move(v);
            return &m_root;
        }
        json& parent = *m_stack.back();
        if (parent.is_array()) {
            parent.push_back(std::move(v));
            return &parent.back();
        }
        json& slot = parent[m_key];
        slot = std::move(v);
        return &slot;
    }
    bool Add(json&& v)
    {
        Place(std::move(v));
        return true;
    }
    bool Open(json&& container)
    {
        if (m_stack.size() >= MAX_JSON_DEPTH) return false;
        m_stack.push_back(Place(std::move(container)));
        return true;
    }
    bool Close()
    {
        m_stack.pop_back();
        return true;
    }

    bool m_keep_number_text;
    json m_root;
    std::vector<json*> m_stack;
    std::string m_key;
};

std::optional<json> Parse(std::string_view text, bool keep_number_text)
{
    DomBuilder builder{keep_number_text};
    try {
        if (!json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json, true)) {
            return std::nullopt;
        }
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return std::move(builder.Result());
}

} // namespace

json RawNumber(std::string text)
{
    return json::binary(std::vector<std::uint8_t>(text.begin(), text.end()), RAW_NUMBER_SUBTYPE);
}

bool IsRawNumber(const json& v)
{
    return v.is_binary() && v.get_binary().has_subtype() && v.get_binary().subtype() == RAW_NUMBER_SUBTYPE;
}

std::string RawNumberText(const json& v)
{
    const auto& bytes = v.get_binary();
    return std::string(bytes.begin(), bytes.end());
}

bool IsNumber(const json& v) { return v.is_number() || IsRawNumber(v); }

std::optional<double> GetDouble(const json& v)
{
    if (v.is_number()) return v.get<double>();
    if (IsRawNumber(v)) {
        std::istringstream in{RawNumberText(v)};
        in.imbue(std::locale::classic());
        double d = 0;
        in >> d;
        if (in.fail()) return std::nullopt;
        return d;
    }
    return std::nullopt;
}

json ValueFromAmount(int64_t amount)
{
    constexpr int64_t COIN = 100'000'000;
    // Work on the magnitude as unsigned so INT64_MIN does not overflow.
    const uint64_t magnitude = amount < 0 ? 0 - static_cast<uint64_t>(amount) : static_cast<uint64_t>(amount);
    char buf[40];
    std::snprintf(buf, sizeof(buf), "%s%llu.%08llu", amount < 0 ? "-" : "",
                  static_cast<unsigned long long>(magnitude / COIN), static_cast<unsigned long long>(magnitude % COIN));
    return RawNumber(buf);
}

std::string WriteJson(const json& v, unsigned indent)
{
    std::string out;
    Write(v, indent, 0, out);
    return out;
}

std::optional<json> ParseJsonPreservingNumbers(std::string_view text) { return Parse(text, true); }

std::optional<json> ParseJson(std::string_view text) { return Parse(text, false); }

std::string_view JsonTypeName(const json& v)
{
    if (IsRawNumber(v)) return "number";
    switch (v.type()) {
    case json::value_t::null:
    case json::value_t::discarded:
    case json::value_t::binary:
        return "null";
    case json::value_t::boolean:
        return "bool";
    case json::value_t::object:
        return "object";
    case json::value_t::array:
        return "array";
    case json::value_t::string:
        return "string";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
        return "number";
    }
    return "null";
}

} // namespace hearth::rpc
