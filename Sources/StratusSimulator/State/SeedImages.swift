import Foundation

/// The public images every simulated cloud starts with.
enum SeedImages {
    /// The id of the CirrOS image; the same id as the real test harness so fixtures carry over.
    static let cirrosID = "155d900f-4e14-4e4c-a73d-069cbf4541e6"
    /// The id of the Ubuntu image.
    static let ubuntuID = "6a8c9a8e-2f3b-4f5e-9a57-0f6d2b1c4e21"
    /// The project owning the seed images (like devstack's `admin`).
    static let ownerID = IdentityDirectory.projectID(named: "admin")

    /// Creates the two active public images (creation order 1 and 2).
    static func make(now: Date) -> [ImageRecord] {
        let cirrosData = Array("stratus simulator cirros image".utf8)
        let ubuntuData = Array("stratus simulator ubuntu image".utf8)
        return [
            ImageRecord(
                id: cirrosID, name: "cirros-0.6.2-x86_64-disk", status: "active", visibility: "public",
                ownerID: ownerID, tags: [], properties: ["hw_rng_model": "virtio", "os_distro": "cirros"],
                containerFormat: "bare", diskFormat: "qcow2", size: 21_430_272, virtualSize: 117_440_512,
                checksum: MD5.hex(cirrosData), minDisk: 0, minRAM: 0, protected: false, hidden: false,
                createdAt: now, updatedAt: now, data: nil, sequence: 1
            ),
            ImageRecord(
                id: ubuntuID, name: "ubuntu-24.04", status: "active", visibility: "public",
                ownerID: ownerID, tags: [], properties: ["os_distro": "ubuntu", "os_version": "24.04"],
                containerFormat: "bare", diskFormat: "qcow2", size: 596_901_888, virtualSize: 3_758_096_384,
                checksum: MD5.hex(ubuntuData), minDisk: 3, minRAM: 0, protected: false, hidden: false,
                createdAt: now, updatedAt: now, data: nil, sequence: 2
            ),
        ]
    }
}
