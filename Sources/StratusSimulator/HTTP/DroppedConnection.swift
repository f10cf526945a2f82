/// Thrown after drop-after-commit closed the connection, so nothing is written.
struct DroppedConnection: Error {}
