/// Waiting on many operations at once.
extension Operations {
    /// Every value, in the order given; throws the first failure (the others keep running).
    public static func all<Value: Sendable>(_ operations: [CloudOperation<Value>]) async throws -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(operations.count)
        for operation in operations { values.append(try await operation.value) }
        return values
    }

    /// The first operation to succeed, with its index; throws the last failure if all fail.
    public static func first<Value: Sendable>(_ operations: [CloudOperation<Value>]) async throws -> (index: Int, value: Value) {
        var lastError: (any Error)?
        for try await (index, result) in completed(operations) {
            switch result {
            case .success(let value): return (index, value)
            case .failure(let error): lastError = error
            }
        }
        throw lastError ?? OperationError(code: .failed, message: "no operations given")
    }

    /// Each operation's result as it completes: `(index, result)` in completion order.
    public static func completed<Value: Sendable>(
        _ operations: [CloudOperation<Value>]
    ) -> AsyncThrowingStream<(Int, Result<Value, any Error>), any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                await withTaskGroup(of: (Int, Result<Value, any Error>).self) { group in
                    for (index, operation) in operations.enumerated() {
                        group.addTask {
                            do { return (index, .success(try await operation.value)) } catch { return (index, .failure(error)) }
                        }
                    }
                    for await item in group { continuation.yield(item) }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
