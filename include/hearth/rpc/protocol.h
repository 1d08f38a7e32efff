#ifndef HEARTH_RPC_PROTOCOL_H
#define HEARTH_RPC_PROTOCOL_H

// JSON-RPC error codes and HTTP status codes exactly as Core's src/rpc/protocol.h (CORE-FACTS §4), and the
// exception RPC handlers throw to answer with an error. Exceptions stay inside the rpc layer: the method
// table catches them and turns them into JSON-RPC error objects.

#include <stdexcept>
#include <string>

namespace hearth::rpc {

/// HTTP status codes the server uses.
enum class HttpStatus : unsigned {
    OK = 200,
    NO_CONTENT = 204,
    BAD_REQUEST = 400,
    UNAUTHORIZED = 401,
    FORBIDDEN = 403,
    NOT_FOUND = 404,
    BAD_METHOD = 405,
    PAYLOAD_TOO_LARGE = 413,
    INTERNAL_SERVER_ERROR = 500,
    SERVICE_UNAVAILABLE = 503,
};

/// Core's RPCErrorCode.
enum class RpcErrorCode : int {
    // Standard JSON-RPC 2.0 errors
    INVALID_REQUEST = -32600,
    METHOD_NOT_FOUND = -32601,
    INVALID_PARAMS = -32602,
    INTERNAL_ERROR = -32603,
    PARSE_ERROR = -32700,

    // General application defined errors
    MISC_ERROR = -1,
    TYPE_ERROR = -3,
    INVALID_ADDRESS_OR_KEY = -5,
    OUT_OF_MEMORY = -7,
    INVALID_PARAMETER = -8,
    DATABASE_ERROR = -20,
    DESERIALIZATION_ERROR = -22,
    VERIFY_ERROR = -25,
    VERIFY_REJECTED = -26,
    VERIFY_ALREADY_IN_UTXO_SET = -27,
    IN_WARMUP = -28,
    METHOD_DEPRECATED = -32,
    LIMIT_EXCEEDED = -37,

    // P2P client errors
    CLIENT_NOT_CONNECTED = -9,
    CLIENT_IN_INITIAL_DOWNLOAD = -10,
    CLIENT_NODE_ALREADY_ADDED = -23,
    CLIENT_NODE_NOT_ADDED = -24,
    CLIENT_NODE_NOT_CONNECTED = -29,
    CLIENT_INVALID_IP_OR_SUBNET = -30,
    CLIENT_P2P_DISABLED = -31,
    CLIENT_MEMPOOL_DISABLED = -33,
    CLIENT_NODE_CAPACITY_REACHED = -34,

    // Wallet errors
    WALLET_ERROR = -4,
    WALLET_INSUFFICIENT_FUNDS = -6,
    WALLET_INVALID_LABEL_NAME = -11,
    WALLET_KEYPOOL_RAN_OUT = -12,
    WALLET_UNLOCK_NEEDED = -13,
    WALLET_PASSPHRASE_INCORRECT = -14,
    WALLET_WRONG_ENC_STATE = -15,
    WALLET_ENCRYPTION_FAILED = -16,
    WALLET_ALREADY_UNLOCKED = -17,
    WALLET_NOT_FOUND = -18,
    WALLET_NOT_SPECIFIED = -19,
    WALLET_ALREADY_LOADED = -35,
    WALLET_ALREADY_EXISTS = -36,

    // Aliases kept by Core for backward compatibility
    TRANSACTION_ERROR = VERIFY_ERROR,
    TRANSACTION_REJECTED = VERIFY_REJECTED,
    TRANSACTION_ALREADY_IN_CHAIN = VERIFY_ALREADY_IN_UTXO_SET,
};

/// JSON-RPC protocol version of a request: 1.0/1.1 ("legacy", also when "jsonrpc" is absent) or 2.0.
enum class JsonRpcVersion { V1_LEGACY, V2 };

/// Thrown by RPC handlers (and the dispatcher) to answer with {"code": code, "message": message}.
class JsonRpcError : public std::runtime_error
{
public:
    JsonRpcError(RpcErrorCode code, const std::string& message) : std::runtime_error{message}, m_code{code} {}
    RpcErrorCode code() const { return m_code; }
    int code_int() const { return static_cast<int>(m_code); }

private:
    RpcErrorCode m_code;
};

} // namespace hearth::rpc

#endif // HEARTH_RPC_PROTOCOL_H
