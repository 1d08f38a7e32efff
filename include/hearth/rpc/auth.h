#ifndef HEARTH_RPC_AUTH_H
#define HEARTH_RPC_AUTH_H

// RPC authentication as Core does it (src/httprpc.cpp, src/rpc/request.cpp; CORE-FACTS §4):
//  - a random cookie `__cookie__:<64 hex>` in <net datadir>/.cookie when no -rpcpassword is set, written to
//    .cookie.tmp and renamed, owner-only unless -rpccookieperms, deleted on clean shutdown;
//  - -rpcuser/-rpcpassword;
//  - -rpcauth=user:salt$hmac entries (HMAC-SHA256 keyed by the salt string over the password).
// Every accepted credential is stored as a salted HMAC, and comparisons take constant time.

#include <hearth/node/config.h>
#include <hearth/util/result.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::rpc {

/// The cookie's user name (Core's COOKIEAUTH_USER).
inline constexpr const char* COOKIE_AUTH_USER = "__cookie__";

/// Standard base64 with padding.
std::string EncodeBase64(std::string_view data);
/// Decodes standard base64 (padding optional only where Core allows it); nullopt on any invalid input.
std::optional<std::string> DecodeBase64(std::string_view text);

/// Writes a fresh cookie to `file` (via `file`.tmp and a rename) with `perms` (owner read/write if unset).
/// Returns "user:password".
[[nodiscard]] util::Result<std::string> GenerateAuthCookie(const std::filesystem::path& file,
                                                           std::optional<std::filesystem::perms> perms);
/// Reads "user:password" from a cookie file (hearth-cli).
[[nodiscard]] util::Result<std::string> ReadAuthCookie(const std::filesystem::path& file);
/// Removes the cookie file (errors ignored: it may already be gone).
void DeleteAuthCookie(const std::filesystem::path& file);

/// HMAC-SHA256(key = salt, message = password) in hex, as -rpcauth and share/rpcauth compute it.
std::string RpcAuthHash(std::string_view salt, std::string_view password);

/// Checks HTTP Basic credentials against the configured accounts.
class RpcAuthenticator
{
public:
    /// Adds an -rpcauth entry.
    void AddEntry(const node::RpcAuthEntry& entry);
    /// Adds a plain user/password (cookie or -rpcuser/-rpcpassword), stored salted and hashed.
    void AddPlaintext(const std::string& user, const std::string& password);
    /// True if no credential is configured (every request is then refused).
    bool Empty() const { return m_entries.empty(); }

    /// The user name if `authorization` ("Basic <base64 user:pass>") matches an account.
    std::optional<std::string> Check(std::string_view authorization) const;
    /// True if `user`/`password` match an account.
    bool CheckUserPassword(std::string_view user, std::string_view password) const;

private:
    std::vector<node::RpcAuthEntry> m_entries;
};

/// Equality whose time depends only on the lengths (Core's TimingResistantEqual).
bool TimingResistantEqual(std::string_view a, std::string_view b);

} // namespace hearth::rpc

#endif // HEARTH_RPC_AUTH_H
