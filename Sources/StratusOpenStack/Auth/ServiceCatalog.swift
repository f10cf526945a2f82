/// The service catalog from a Keystone token: which URL serves which service, per interface and region.
public struct ServiceCatalog: Sendable, Hashable, Decodable {
    /// One catalog entry: a service and its endpoints.
    public struct Service: Sendable, Hashable, Decodable {
        /// The service type (`compute`, `volumev3`, `image`, …).
        public var type: String
        /// The service name (`nova`, `cinderv3`, …), when given.
        public var name: String?
        /// The service's endpoints.
        public var endpoints: [Endpoint]
    }

    /// One endpoint of a service.
    public struct Endpoint: Sendable, Hashable, Decodable {
        /// `public`, `internal` or `admin`.
        public var interface: String
        /// The region id (`region_id`, else the older `region`).
        public var region: String?
        /// The endpoint URL.
        public var url: String

        enum CodingKeys: String, CodingKey { case interface, region, regionID = "region_id", url }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            interface = try container.decode(String.self, forKey: .interface)
            url = try container.decode(String.self, forKey: .url)
            region = try container.decodeIfPresent(String.self, forKey: .regionID)
                ?? container.decodeIfPresent(String.self, forKey: .region)
        }

        /// Creates an endpoint.
        public init(interface: String, region: String?, url: String) {
            self.interface = interface
            self.region = region
            self.url = url
        }
    }

    /// Every service in the catalog.
    public var services: [Service]

    /// Creates a catalog.
    public init(services: [Service]) { self.services = services }

    public init(from decoder: any Decoder) throws {
        services = try decoder.singleValueContainer().decode([Service].self)
    }

    /// The URL of `service` for `interface` in `region` (any region when nil), trying the service
    /// type's aliases in order. Throws ``OpenStackError/Code/endpointNotFound`` naming what exists.
    public func url(for service: ServiceType, interface: String, region: String?) throws -> String {
        for type in service.catalogTypes {
            for entry in services where entry.type == type {
                if let endpoint = entry.endpoints.first(where: {
                    $0.interface == interface && (region == nil || $0.region == region)
                }) {
                    return endpoint.url
                }
            }
        }
        let available = services.flatMap { entry in
            entry.endpoints.map { "\(entry.type)/\($0.interface)/\($0.region ?? "-")" }
        }.sorted()
        throw OpenStackError(
            code: .endpointNotFound,
            message: "the catalog has no \(service.catalogTypes.joined(separator: "|")) endpoint for interface "
                + "'\(interface)'\(region.map { " in region '\($0)'" } ?? ""); it has: "
                + (available.isEmpty ? "nothing" : available.joined(separator: ", ")),
            service: service.name
        )
    }
}
