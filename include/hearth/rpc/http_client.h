#ifndef HEARTH_RPC_HTTP_CLIENT_H
#define HEARTH_RPC_HTTP_CLIENT_H

// A small blocking HTTP/1.1 client (Boost.Beast) for hearth-cli, tests and benchmarks: one keep-alive
// connection, one request at a time, every step bounded by a timeout.

#include <hearth/util/result.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hearth::rpc {

struct HttpResponse {
    int status{0};
    std::string body;
    /// Header names in lower case.
    std::map<std::string, std::string> headers;
};

class HttpConnection
{
public:
    /// Connects to host:port (names are resolved; every address is tried). A zero timeout means none.
    /// Fails with a short reason ("Connection refused", "timeout reached").
    [[nodiscard]] static util::Result<std::unique_ptr<HttpConnection>> Connect(const std::string& host, uint16_t port,
                                                                               std::chrono::seconds timeout);
    ~HttpConnection();
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    /// Sends one request and reads the reply. `headers` are added as given (e.g. Authorization).
    [[nodiscard]] util::Result<HttpResponse>
    Request(const std::string& method, const std::string& path, const std::string& body,
            const std::vector<std::pair<std::string, std::string>>& headers = {});
    /// Request("POST", path, body) with Content-Type application/json and an Authorization header (if not empty).
    [[nodiscard]] util::Result<HttpResponse> Post(const std::string& path, const std::string& body,
                                                  const std::string& authorization);
    /// True once the server closed the connection or an error happened.
    bool Closed() const;

    class Impl;

private:
    explicit HttpConnection(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace hearth::rpc

#endif // HEARTH_RPC_HTTP_CLIENT_H
