import Foundation

/// JSON `null` for request bodies built from dictionaries.
enum NSNullValue {
    /// The value JSONSerialization writes as `null`.
    static var null: NSNull { NSNull() }
}
