/// A Nova flavor. The simulator serves devstack's classic m1.* set.
struct Flavor: Sendable, Hashable {
    var id: String
    var name: String
    var vcpus: Int
    var ram: Int
    var disk: Int
    var ephemeral: Int = 0
    var swap: Int = 0

    /// m1.tiny (1) … m1.xlarge (5), with the sizes real devstack uses.
    static let catalog: [Flavor] = [
        Flavor(id: "1", name: "m1.tiny", vcpus: 1, ram: 512, disk: 1),
        Flavor(id: "2", name: "m1.small", vcpus: 1, ram: 2048, disk: 20),
        Flavor(id: "3", name: "m1.medium", vcpus: 2, ram: 4096, disk: 40),
        Flavor(id: "4", name: "m1.large", vcpus: 4, ram: 8192, disk: 80),
        Flavor(id: "5", name: "m1.xlarge", vcpus: 8, ram: 16384, disk: 160),
    ]

    /// The flavor with this id (or, like a `flavorRef` URL, ending in `/id`).
    static func find(_ reference: String) -> Flavor? {
        let id = reference.split(separator: "/").last.map(String.init) ?? reference
        return catalog.first { $0.id == id }
    }
}
