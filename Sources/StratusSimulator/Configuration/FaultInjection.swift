/// Faults the simulator injects into API traffic, decided per request by a seeded random
/// generator (see ``SimulatorConfiguration/seed``).
///
/// Faults apply to the Compute, Block Storage, Image and Network APIs and to `POST /identity/v3/auth/tokens`
/// (which only gets the HTTP error faults and the latency). Version documents and `/_sim/*` are never
/// faulted. Per request the order is: latency, then one of 429 / 503 / 500 (answered before the token
/// is checked and before anything changes), then, for create requests only, drop-after-commit.
public struct FaultInjection: Sendable, Codable, Equatable {
    /// Fraction (0...1) of server builds that end in `ERROR` with a fault. Default: 0.
    public var buildErrorRate: Double
    /// The fault message of a failed build.
    /// Default: "No valid host was found. There are not enough hosts available."
    public var buildErrorMessage: String
    /// Fraction (0...1) of volume creates that end in `error`. Default: 0.
    public var volumeErrorRate: Double
    /// Fraction (0...1) of floating IP associations that end in `ERROR` instead of `ACTIVE`. Default: 0.
    public var floatingIPErrorRate: Double
    /// Fraction (0...1) of API requests answered 500 before doing anything. Default: 0.
    public var http500Rate: Double
    /// Fraction (0...1) of API requests answered 503 before doing anything. Default: 0.
    public var http503Rate: Double
    /// Fraction (0...1) of API requests answered 429 (with `Retry-After`) before doing anything. Default: 0.
    public var http429Rate: Double
    /// The `Retry-After` value, in seconds, sent with injected 429 and 503 answers. Default: 1.
    public var retryAfterSeconds: Int
    /// Milliseconds added to every faultable API request before it is handled. Default: 0.
    public var latencyMilliseconds: Int
    /// Fraction (0...1) of create requests (`POST /servers`, `POST /volumes`, `POST /images`, the
    /// `createImage` and `createBackup` server actions, `POST /os-keypairs`, and Neutron's
    /// `POST /networks`, `/subnets`, `/ports`, `/routers`, `/floatingips` and `/security-groups`) that are committed in full, after which the TCP
    /// connection is closed without a single response byte. Default: 0.
    public var dropAfterCommitRate: Double

    /// Creates a fault configuration; every parameter defaults to the value documented on its property.
    public init(
        buildErrorRate: Double = 0,
        buildErrorMessage: String = "No valid host was found. There are not enough hosts available.",
        volumeErrorRate: Double = 0,
        floatingIPErrorRate: Double = 0,
        http500Rate: Double = 0,
        http503Rate: Double = 0,
        http429Rate: Double = 0,
        retryAfterSeconds: Int = 1,
        latencyMilliseconds: Int = 0,
        dropAfterCommitRate: Double = 0
    ) {
        self.buildErrorRate = buildErrorRate
        self.buildErrorMessage = buildErrorMessage
        self.volumeErrorRate = volumeErrorRate
        self.floatingIPErrorRate = floatingIPErrorRate
        self.http500Rate = http500Rate
        self.http503Rate = http503Rate
        self.http429Rate = http429Rate
        self.retryAfterSeconds = retryAfterSeconds
        self.latencyMilliseconds = latencyMilliseconds
        self.dropAfterCommitRate = dropAfterCommitRate
    }

    /// No faults at all (the default).
    public static let none = FaultInjection()

    private enum CodingKeys: String, CodingKey {
        case buildErrorRate, buildErrorMessage, volumeErrorRate, floatingIPErrorRate, http500Rate, http503Rate, http429Rate
        case retryAfterSeconds, latencyMilliseconds, dropAfterCommitRate
    }

    /// Decodes a fault configuration; missing keys take their defaults, so `{"http500Rate": 0.5}` is valid.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = FaultInjection()
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try container.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        self.init(
            buildErrorRate: try value(.buildErrorRate, defaults.buildErrorRate),
            buildErrorMessage: try value(.buildErrorMessage, defaults.buildErrorMessage),
            volumeErrorRate: try value(.volumeErrorRate, defaults.volumeErrorRate),
            floatingIPErrorRate: try value(.floatingIPErrorRate, defaults.floatingIPErrorRate),
            http500Rate: try value(.http500Rate, defaults.http500Rate),
            http503Rate: try value(.http503Rate, defaults.http503Rate),
            http429Rate: try value(.http429Rate, defaults.http429Rate),
            retryAfterSeconds: try value(.retryAfterSeconds, defaults.retryAfterSeconds),
            latencyMilliseconds: try value(.latencyMilliseconds, defaults.latencyMilliseconds),
            dropAfterCommitRate: try value(.dropAfterCommitRate, defaults.dropAfterCommitRate)
        )
    }
}
