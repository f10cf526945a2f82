import Foundation

/// Pending events ordered by due time (ties keep scheduling order).
struct EventQueue: Sendable {
    private struct Entry: Sendable {
        var due: Date
        var order: Int
        var event: SimulationEvent
    }

    private var entries: [Entry] = []
    private var counter = 0

    /// Schedules `event` at `due`.
    mutating func schedule(_ event: SimulationEvent, at due: Date) {
        counter += 1
        let entry = Entry(due: due, order: counter, event: event)
        let index = entries.firstIndex { $0.due > due } ?? entries.endIndex
        entries.insert(entry, at: index)
    }

    /// Removes and returns the earliest event due at or before `now`, with its due time.
    mutating func popDue(at now: Date) -> (event: SimulationEvent, due: Date)? {
        guard let first = entries.first, first.due <= now else { return nil }
        entries.removeFirst()
        return (first.event, first.due)
    }

    /// Number of pending events.
    var count: Int { entries.count }
}
