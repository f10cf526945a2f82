import Foundation
import StratusOpenStack

extension Record {
    /// A server's fields, in the order every format prints them.
    public static func server(_ server: Server) -> Record {
        Record([
            ("name", .string(server.name)), ("id", .string(server.id)),
            ("status", .string(server.status.rawValue)), ("task_state", .optional(server.taskState)),
            ("flavor", .optional(server.flavor?.name ?? server.flavor?.id)), ("image", .optional(server.imageID)),
            ("addresses", .list(server.addresses.sorted { $0.key < $1.key }.flatMap { $0.value.map(\.address) })),
            ("volumes", .list(server.attachedVolumeIDs)), ("fault", .optional(server.fault?.message)),
            ("created", .optional(server.created.map(Self.timestamp))),
        ])
    }

    /// A volume's fields.
    public static func volume(_ volume: Volume) -> Record {
        Record([
            ("name", .optional(volume.name)), ("id", .string(volume.id)), ("status", .string(volume.status.rawValue)),
            ("size_gib", .int(volume.size)), ("attached_to", .list(volume.attachments.compactMap(\.serverID))),
            ("created", .optional(volume.createdAt.map(Self.timestamp))),
        ])
    }

    /// An image's fields.
    public static func image(_ image: Image) -> Record {
        Record([
            ("name", .optional(image.name)), ("id", .string(image.id)), ("status", .string(image.status.rawValue)),
            ("visibility", .optional(image.visibility)), ("size_bytes", image.size.map { .int(Int($0)) } ?? .null),
        ])
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
