import Foundation
import PostgresNIO

extension PostgresJobStore {
    /// Where and how ``PostgresJobStore`` connects, and which PostgreSQL schema holds its tables.
    ///
    /// Make one from a URL with ``init(url:)`` or field by field. Its descriptions
    /// (`description`, `debugDescription`, `dump`) never show the password.
    public struct Configuration: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
        CustomReflectable
    {
        /// Whether and how to use TLS, as libpq's `sslmode`.
        public enum TLS: Sendable {
            /// Plain TCP (`sslmode=disable`).
            case disable
            /// TLS if the server offers it, else plain (`prefer`, libpq's default; like libpq,
            /// ``Configuration/init(url:)`` does not verify the certificate in this mode).
            case prefer(TLSConfiguration)
            /// TLS or no connection (`require`, `verify-ca`, `verify-full`).
            case require(TLSConfiguration)
        }

        public var host: String
        public var port: Int
        public var username: String
        /// Never part of any description, error or log line.
        public var password: String?
        /// `nil` means the database named like the user.
        public var database: String?
        public var tls: TLS

        /// The connection pool's options (pool size, connect timeout, keep-alive).
        public var options = PostgresClient.Configuration.Options()

        /// The PostgreSQL schema the tables live in; `nil` means the connection's `search_path`
        /// (normally `public`). `migrate()` creates a named schema if it does not exist. Stores
        /// on one database with different schemas are separate queues (tests use one each).
        /// A plain lowercase identifier: letters, digits and `_`, at most 63 bytes.
        public var schema: String?

        /// The first delay before the LISTEN connection is opened again after it failed; each
        /// further failure doubles it, up to ``listenMaximumBackoff``.
        public var listenInitialBackoff: Duration = .milliseconds(100)

        /// The longest delay between attempts to re-open the LISTEN connection.
        public var listenMaximumBackoff: Duration = .seconds(5)

        /// A configuration field by field.
        public init(
            host: String, port: Int = 5432, username: String, password: String?, database: String?,
            tls: TLS, schema: String? = nil
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.tls = tls
            self.schema = schema
        }

        /// Parses a libpq-style URL:
        /// `postgres://user:password@host:port/database?sslmode=disable&schema=name`
        /// (`postgresql://` too).
        ///
        /// - `user` and `password` may be percent-encoded (and need not be: everything before the
        ///   last `@` is the user info); the port defaults to 5432; a missing database means the
        ///   database named like the user.
        /// - Query parameters: `sslmode` (`disable`, `allow`, `prefer` (the default), `require`,
        ///   `verify-ca`, `verify-full`), `schema` (see ``schema``), `connect_timeout` (seconds).
        ///   Any other parameter is an error.
        /// - Throws: ``JobStoreError`` with code `.configuration`; the message names what is wrong
        ///   but never contains the password (nor the URL, which may hold it).
        public init(url: String) throws(JobStoreError) {
            self = try PostgresURL.parse(url)
        }

        /// The `PostgresClient` (pool) configuration.
        public var clientConfiguration: PostgresClient.Configuration {
            let clientTLS: PostgresClient.Configuration.TLS = switch tls {
            case .disable: .disable
            case .prefer(let configuration): .prefer(configuration)
            case .require(let configuration): .require(configuration)
            }
            var client = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: clientTLS)
            client.options = options
            return client
        }

        /// The configuration of one connection outside the pool (the connection check).
        func connectionConfiguration() throws -> PostgresConnection.Configuration {
            let connectionTLS: PostgresConnection.Configuration.TLS = switch tls {
            case .disable: .disable
            case .prefer(let configuration): .prefer(try NIOSSLContext(configuration: configuration))
            case .require(let configuration): .require(try NIOSSLContext(configuration: configuration))
            }
            var connection = PostgresConnection.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: connectionTLS)
            let timeout = options.connectTimeout.components
            connection.options.connectTimeout = .nanoseconds(
                timeout.seconds * 1_000_000_000 + timeout.attoseconds / 1_000_000_000)
            connection.options.tlsServerName = options.tlsServerName
            connection.options.requireBackendKeyData = options.requireBackendKeyData
            connection.options.additionalStartupParameters = options.additionalStartupParameters
            return connection
        }

        public var description: String {
            var text = "postgres://\(username)"
            if password != nil { text += ":***" }
            text += "@" + (host.contains(":") ? "[\(host)]" : host) + ":\(port)/" + (database ?? "")
            var parameters: [String] = []
            switch tls {
            case .disable: parameters.append("sslmode=disable")
            case .prefer: break
            case .require: parameters.append("sslmode=require")
            }
            if let schema { parameters.append("schema=\(schema)") }
            if !parameters.isEmpty { text += "?" + parameters.joined(separator: "&") }
            return text
        }

        public var debugDescription: String { "PostgresJobStore.Configuration(\(description))" }

        public var customMirror: Mirror {
            Mirror(self, children: ["url": description], displayStyle: .struct)
        }
    }
}

/// The URL parser behind ``PostgresJobStore/Configuration/init(url:)``.
enum PostgresURL {
    static func parse(_ url: String) throws(JobStoreError) -> PostgresJobStore.Configuration {
        func bad(_ message: String) -> JobStoreError {
            JobStoreError(.configuration, "PostgreSQL URL: \(message)")
        }
        guard let schemeEnd = url.range(of: "://") else {
            throw bad("expected postgres://user:password@host:port/database")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw bad("the scheme must be postgres:// or postgresql://")
        }
        // Everything up to the last "@" is the user info, so "@", "/", "?", "#" and ":" in a
        // password work even unencoded; the host, path and query come after it.
        let rest = Substring(url[schemeEnd.upperBound...])
        let at = rest.lastIndex(of: "@")
        var tail = at.map { rest[rest.index(after: $0)...] } ?? rest
        if let hash = tail.firstIndex(of: "#") { tail = tail[..<hash] }
        var queryText: Substring = ""
        if let question = tail.firstIndex(of: "?") {
            queryText = tail[tail.index(after: question)...]
            tail = tail[..<question]
        }
        var pathText: Substring = ""
        var hostPort = tail
        if let slash = tail.firstIndex(of: "/") {
            pathText = tail[tail.index(after: slash)...]
            hostPort = tail[..<slash]
        }
        let userInfo = at.map { rest[..<$0] }
        guard let userInfo, !userInfo.isEmpty else { throw bad("a user name is required (postgres://user@host/db)") }
        let username: String
        var password: String?
        if let colon = userInfo.firstIndex(of: ":") {
            guard let user = userInfo[..<colon].removingPercentEncoding else {
                throw bad("the user name is not valid percent-encoding")
            }
            guard let pass = userInfo[userInfo.index(after: colon)...].removingPercentEncoding else {
                throw bad("the password is not valid percent-encoding")
            }
            username = user
            password = pass
        } else {
            guard let user = userInfo.removingPercentEncoding else {
                throw bad("the user name is not valid percent-encoding")
            }
            username = user
        }
        guard !username.isEmpty else { throw bad("a user name is required (postgres://user@host/db)") }

        var host: String
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw bad("unterminated [IPv6] host") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw bad("unexpected text after the [IPv6] host") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = String(hostPort)
        }
        host = host.removingPercentEncoding ?? host
        guard !host.isEmpty else { throw bad("a host is required (postgres://user@host/db)") }
        var port = 5432
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw bad("the port must be a number from 1 to 65535")
            }
            port = value
        }

        var database: String?
        if !pathText.isEmpty {
            guard let name = pathText.removingPercentEncoding, !name.contains("/") else {
                throw bad("the database name must be one path segment")
            }
            database = name
        }

        // libpq's prefer and require encrypt but do not verify the certificate.
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        var tls = PostgresJobStore.Configuration.TLS.prefer(unverified)
        var schema: String?
        var connectTimeout: Duration?
        for pair in queryText.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            switch name {
            case "sslmode":
                switch value {
                case "disable":
                    tls = .disable
                case "allow", "prefer":
                    tls = .prefer(unverified)
                case "require":
                    tls = .require(unverified)
                case "verify-ca":
                    var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
                    tlsConfiguration.certificateVerification = .noHostnameVerification
                    tls = .require(tlsConfiguration)
                case "verify-full":
                    tls = .require(.makeClientConfiguration())
                default:
                    throw bad("sslmode must be disable, allow, prefer, require, verify-ca or verify-full")
                }
            case "schema":
                guard PostgresSchemaName.isValid(value) else {
                    throw bad("schema must be 1 to 63 lowercase letters, digits or _, not starting with a digit")
                }
                schema = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw bad("connect_timeout must be a positive number of seconds")
                }
                connectTimeout = .seconds(seconds)
            default:
                // Not named: with a malformed URL, what looks like a parameter may be password.
                throw bad("unknown query parameter (known: sslmode, schema, connect_timeout)")
            }
        }

        var configuration = PostgresJobStore.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls,
            schema: schema)
        if let connectTimeout { configuration.options.connectTimeout = connectTimeout }
        return configuration
    }
}

/// Schema names: what URLs accept (plain lowercase identifiers), and how SQL spells any name
/// (``Configuration/schema`` can be set to anything).
package enum PostgresSchemaName {
    /// `name` as a quoted SQL identifier.
    package static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `text` as an SQL string literal.
    package static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    package static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        if bytes[0] >= UInt8(ascii: "0") && bytes[0] <= UInt8(ascii: "9") { return false }
        return bytes.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }
    }
}
