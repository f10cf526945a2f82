import Foundation

/// One key of a Cinder sort (`sort=name:asc,created_at` or `sort_key`/`sort_dir`).
struct VolumeSortKey {
    /// A sort parameter Cinder refuses.
    struct Invalid: Error {
        var message: String
    }

    var key: String
    var ascending: Bool

    private static let known: Set<String> = ["created_at", "updated_at", "id", "name", "size", "status", "display_name"]

    /// The sort keys of a query; default `created_at` then `id`, both descending.
    static func parse(_ query: QueryParameters) -> Result<[VolumeSortKey], Invalid> {
        var keys: [VolumeSortKey] = []
        if let sort = query["sort"] {
            for item in sort.split(separator: ",") {
                let parts = item.split(separator: ":")
                let key = String(parts[0])
                let direction = parts.count > 1 ? parts[1].lowercased() : "desc"
                guard known.contains(key), ["asc", "desc"].contains(direction) else {
                    return .failure(Invalid(message: "Invalid input received: Invalid sort key or direction: \(item)"))
                }
                keys.append(VolumeSortKey(key: key, ascending: direction == "asc"))
            }
        } else if let key = query["sort_key"] {
            let direction = query["sort_dir"]?.lowercased() ?? "desc"
            guard known.contains(key), ["asc", "desc"].contains(direction) else {
                return .failure(Invalid(message: "Invalid input received: Invalid sort key or direction: \(key)"))
            }
            keys.append(VolumeSortKey(key: key, ascending: direction == "asc"))
        }
        keys.append(VolumeSortKey(key: "created_at", ascending: false))
        keys.append(VolumeSortKey(key: "sequence", ascending: false))
        return .success(keys)
    }

    /// Whether `lhs` comes before `rhs` under `keys`.
    static func ordered(_ lhs: VolumeRecord, _ rhs: VolumeRecord, by keys: [VolumeSortKey]) -> Bool {
        for sortKey in keys {
            let order = compare(lhs, rhs, sortKey.key)
            if order != .orderedSame {
                return sortKey.ascending ? order == .orderedAscending : order == .orderedDescending
            }
        }
        return false
    }

    private static func compare(_ lhs: VolumeRecord, _ rhs: VolumeRecord, _ key: String) -> ComparisonResult {
        func result<T: Comparable>(_ a: T, _ b: T) -> ComparisonResult {
            a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame
        }
        switch key {
        case "updated_at": return result(lhs.updatedAt ?? lhs.createdAt, rhs.updatedAt ?? rhs.createdAt)
        case "id": return result(lhs.id, rhs.id)
        case "name", "display_name": return result(lhs.name ?? "", rhs.name ?? "")
        case "size": return result(lhs.size, rhs.size)
        case "status": return result(lhs.status, rhs.status)
        case "sequence": return result(lhs.sequence, rhs.sequence)
        default: return result(lhs.createdAt, rhs.createdAt)
        }
    }
}
