/// Nova's power states.
enum PowerState {
    static let noState = 0
    static let running = 1
    static let shutdown = 4
}
