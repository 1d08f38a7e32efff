#include <hearth/rpc/auth.h>

#include <hearth/crypto/hash.h>
#include <hearth/crypto/random.h>
#include <hearth/util/bytes.h>
#include <hearth/util/hex.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <system_error>
#include <unistd.h>

namespace hearth::rpc {

namespace fs = std::filesystem;

namespace {

constexpr char BASE64_CHARS[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Value(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

std::string_view TrimSpaces(std::string_view s)
{
    const size_t b = s.find_first_not_of(" \f\n\r\t\v");
    if (b == std::string_view::npos) return {};
    const size_t e = s.find_last_not_of(" \f\n\r\t\v");
    return s.substr(b, e - b + 1);
}

} // namespace

std::string EncodeBase64(std::string_view data)
{
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 3 <= data.size(); i += 3) {
        const uint32_t v = (uint32_t{static_cast<uint8_t>(data[i])} << 16) |
                           (uint32_t{static_cast<uint8_t>(data[i + 1])} << 8) |
                           uint32_t{static_cast<uint8_t>(data[i + 2])};
        for (int shift = 18; shift >= 0; shift -= 6) out += BASE64_CHARS[(v >> shift) & 63];
    }
    const size_t rest = data.size() - i;
    if (rest) {
        uint32_t v = uint32_t{static_cast<uint8_t>(data[i])} << 16;
        if (rest == 2) v |= uint32_t{static_cast<uint8_t>(data[i + 1])} << 8;
        out += BASE64_CHARS[(v >> 18) & 63];
        out += BASE64_CHARS[(v >> 12) & 63];
        out += rest == 2 ? BASE64_CHARS[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> DecodeBase64(std::string_view text)
{
    if (text.size() % 4 != 0) return std::nullopt;
    // One or two '=' at the end are allowed (Core's DecodeBase64).
    if (!text.empty() && text.back() == '=') text.remove_suffix(1);
    if (!text.empty() && text.back() == '=') text.remove_suffix(1);
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (const char c : text) {
        const int v = Base64Value(c);
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    // Leftover bits must be padding zeros, fewer than one character's worth.
    if (bits >= 6 || (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

bool TimingResistantEqual(std::string_view a, std::string_view b)
{
    if (b.empty()) return a.empty();
    size_t accumulator = a.size() ^ b.size();
    for (size_t i = 0; i < a.size(); ++i) accumulator |= size_t(a[i] ^ b[i % b.size()]);
    return accumulator == 0;
}

std::string RpcAuthHash(std::string_view salt, std::string_view password)
{
    return crypto::HmacSha256(util::AsBytes(salt), util::AsBytes(password)).ToHexInternal();
}

util::Result<std::string> GenerateAuthCookie(const fs::path& file, std::optional<fs::perms> perms)
{
    std::array<uint8_t, 32> random{};
    crypto::GetStrongRandBytes(random);
    const std::string cookie = std::string{COOKIE_AUTH_USER} + ":" + util::HexStr(random);

    fs::path tmp = file;
    tmp += ".tmp";
    // Created owner-only from the start, so the secret is never readable by others, even briefly.
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return util::Error{"Unable to open cookie authentication file " + tmp.string() +
                           " for writing: " + std::strerror(errno)};
    const bool written = ::write(fd, cookie.data(), cookie.size()) == static_cast<ssize_t>(cookie.size());
    const bool closed = ::close(fd) == 0;
    if (!written || !closed) return util::Error{"Unable to write cookie authentication file " + tmp.string()};
    std::error_code ec;
    fs::rename(tmp, file, ec);
    if (ec) return util::Error{"Unable to rename cookie authentication file " + tmp.string() + " to " + file.string()};
    fs::permissions(file, perms.value_or(fs::perms::owner_read | fs::perms::owner_write), fs::perm_options::replace,
                    ec);
    if (ec) return util::Error{"Unable to set permissions on cookie authentication file " + file.string()};
    return cookie;
}

util::Result<std::string> ReadAuthCookie(const fs::path& file)
{
    std::ifstream in{file};
    std::string line;
    if (!in.good() || !std::getline(in, line)) return util::Error{"Unable to read cookie file " + file.string()};
    return line;
}

void DeleteAuthCookie(const fs::path& file)
{
    std::error_code ec;
    fs::remove(file, ec);
}

void RpcAuthenticator::AddEntry(const node::RpcAuthEntry& entry) { m_entries.push_back(entry); }

void RpcAuthenticator::AddPlaintext(const std::string& user, const std::string& password)
{
    std::array<uint8_t, 16> raw_salt{};
    crypto::GetStrongRandBytes(raw_salt);
    const std::string salt = util::HexStr(raw_salt);
    m_entries.push_back({user, salt, RpcAuthHash(salt, password)});
}

bool RpcAuthenticator::CheckUserPassword(std::string_view user, std::string_view password) const
{
    for (const auto& entry : m_entries) {
        if (!TimingResistantEqual(entry.user, user)) continue;
        if (TimingResistantEqual(RpcAuthHash(entry.salt, password), entry.hash_hex)) return true;
    }
    return false;
}

std::optional<std::string> RpcAuthenticator::Check(std::string_view authorization) const
{
    if (!authorization.starts_with("Basic ")) return std::nullopt;
    const auto decoded = DecodeBase64(TrimSpaces(authorization.substr(6)));
    if (!decoded) return std::nullopt;
    const size_t colon = decoded->find(':');
    if (colon == std::string::npos) return std::nullopt;
    const std::string user = decoded->substr(0, colon);
    if (!CheckUserPassword(user, std::string_view{*decoded}.substr(colon + 1))) return std::nullopt;
    return user;
}

} // namespace hearth::rpc
