import Foundation

/// Writes a generated private key where only its owner can read it: a new file, mode 600,
/// never one that already exists (an existing key is never overwritten).
public enum PrivateKeyFile {
    /// Why a key file could not be written.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The path that was refused or failed.
        public var path: String
        /// True when the file already existed (nothing was written).
        public var exists: Bool
        /// The system's reason.
        public var reason: String

        public var description: String { exists ? "\(path) already exists" : "cannot write \(path): \(reason)" }
    }

    /// The default path for key pair `name`: `./NAME.pem`.
    public static func defaultPath(for name: String) -> String { "./\(name).pem" }

    /// Throws ``Failure`` (exists) when `path` exists, and when its directory cannot be written to —
    /// checked before the key pair is created, so a refusal leaves nothing behind in the cloud.
    public static func checkWritable(_ path: String) throws {
        if FileManager.default.fileExists(atPath: path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil {
            throw Failure(path: path, exists: true, reason: "file exists")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let target = directory.isEmpty ? "." : directory
        guard FileManager.default.isWritableFile(atPath: target) else {
            throw Failure(path: path, exists: false, reason: "directory \(target) is not writable")
        }
    }

    /// Creates `path` (exclusively, mode 600) and writes `key` to it. Throws ``Failure`` when the file
    /// exists or cannot be written; a partly written file is removed.
    public static func write(_ key: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR)
        guard fd >= 0 else {
            let code = errno
            throw Failure(path: path, exists: code == EEXIST, reason: String(cString: strerror(code)))
        }
        // The umask cannot widen 600, but set it explicitly in case the file system ignored the mode.
        fchmod(fd, S_IRUSR | S_IWUSR)
        var bytes = Array(key.utf8)
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(path)
                throw Failure(path: path, exists: false, reason: reason)
            }
            written += result
        }
        let synced = fsync(fd) == 0 || errno == EINVAL
        let syncReason = String(cString: strerror(errno))
        let closed = close(fd) == 0
        guard synced, closed else {
            unlink(path)
            throw Failure(path: path, exists: false, reason: synced ? String(cString: strerror(errno)) : syncReason)
        }
    }
}
