// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "stratus",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "StratusOpenStack", targets: ["StratusOpenStack"]),
        .library(name: "StratusOperations", targets: ["StratusOperations"]),
        .library(name: "StratusJobs", targets: ["StratusJobs"]),
        .library(name: "StratusCloudJobs", targets: ["StratusCloudJobs"]),
        .library(name: "StratusService", targets: ["StratusService"]),
        .library(name: "StratusGateway", targets: ["StratusGateway"]),
        .library(name: "StratusSimulator", targets: ["StratusSimulator"]),
        .library(name: "StratusTesting", targets: ["StratusTesting"]),
        .library(name: "StratusConsole", targets: ["StratusConsole"]),
        .library(name: "StratusObservability", targets: ["StratusObservability"]),
        .executable(name: "stratus", targets: ["stratus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // UTC calendar arithmetic shared by every wire-timestamp reader and writer (no dependencies).
        .target(name: "StratusTime"),
        // Typed OpenStack REST client: Keystone v3, Nova, Cinder, Glance; retries; clouds.yaml.
        .target(
            name: "StratusOpenStack",
            dependencies: [
                "StratusTime",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // Handles ("futures") for background operations, the batching monitor, client tokens.
        .target(
            name: "StratusOperations",
            dependencies: [
                "StratusOpenStack",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Durable jobs: one JobStore protocol (SQLite via GRDB, PostgreSQL via PostgresNIO),
        // the Worker service (leases, retries, exec timeout) and failure notifiers.
        .target(
            name: "StratusJobs",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Job handlers that drive the operations layer (create/delete servers) exactly once.
        .target(
            name: "StratusCloudJobs",
            dependencies: ["StratusJobs", "StratusOperations", "StratusOpenStack"]
        ),
        // Action-style JSON API framework on Hummingbird: routing by action, signed access keys,
        // projects, quotas, resource rows, idempotency keys, densefog's error table.
        .target(
            name: "StratusService",
            dependencies: [
                "StratusTime",
                "StratusJobs",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The IaaS gateway: instance/volume/image actions over jobs over operations.
        .target(
            name: "StratusGateway",
            dependencies: [
                "StratusService", "StratusJobs", "StratusCloudJobs", "StratusOperations", "StratusOpenStack",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // OpenStack-compatible fake cloud with fault injection. Depends on nothing of ours but StratusTime.
        .target(
            name: "StratusSimulator",
            dependencies: [
                "StratusTime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Helpers users and our tests import: a manual clock, a running simulator with a client.
        .target(
            name: "StratusTesting",
            dependencies: [
                "StratusOpenStack", "StratusSimulator", "StratusOperations", "StratusJobs",
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // Prometheus /metrics, /healthz and /readyz on their own port; the metrics bootstrap.
        .target(
            name: "StratusObservability",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // What the command line shows: live progress, table/json/yaml results, errors a person
        // can act on, exit codes. Pure where it can be, so tests check exactly what people see.
        .target(
            name: "StratusConsole",
            dependencies: [
                "StratusOpenStack", "StratusOperations", "StratusJobs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "stratus",
            dependencies: [
                "StratusConsole",
                "StratusObservability",
                "StratusOpenStack",
                "StratusSimulator",
                "StratusOperations",
                "StratusJobs",
                "StratusService",
                "StratusGateway",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Benchmark program: Stratus's batched monitor against openstacksdk on the real Nova.
        .executableTarget(
            name: "stratus-bench-operations",
            dependencies: [
                "StratusOpenStack",
                "StratusOperations",
                "CMallocStats",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Benchmarks/operations/Sources"
        ),
        // The operations benchmark's live-heap counter (glibc mallinfo2).
        .target(name: "CMallocStats", path: "Benchmarks/operations/CMallocStats"),
        // Benchmark program: job-queue throughput and start latency, SQLite and PostgreSQL.
        .executableTarget(
            name: "stratus-bench-jobs",
            dependencies: ["StratusJobs"],
            path: "Benchmarks/jobs/Sources"
        ),
        // Benchmark peer: the smallest Hummingbird server (the ceiling for the service benchmark).
        .executableTarget(
            name: "stratus-bench-hello",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Benchmarks/service/Sources"
        ),
        .testTarget(name: "StratusTimeTests", dependencies: ["StratusTime"]),
        .testTarget(
            name: "StratusOpenStackTests",
            dependencies: ["StratusOpenStack", "StratusTesting", "StratusSimulator"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "StratusOperationsTests",
            dependencies: ["StratusOperations", "StratusTesting", "StratusSimulator"]
        ),
        // A worker process the crash tests kill with SIGKILL.
        .executableTarget(
            name: "stratus-jobs-fixture",
            dependencies: ["StratusJobs", .product(name: "Logging", package: "swift-log")],
            path: "Tests/Fixtures/JobsWorkerFixture"
        ),
        .testTarget(
            name: "StratusJobsTests",
            dependencies: [
                "StratusJobs", "StratusOperations", "StratusTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "StratusCloudJobsTests",
            dependencies: ["StratusCloudJobs", "StratusJobs", "StratusOperations", "StratusTesting", "StratusSimulator"]
        ),
        .testTarget(
            name: "StratusServiceTests",
            dependencies: [
                "StratusService", "StratusJobs", "StratusTesting",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "StratusGatewayTests",
            dependencies: [
                "StratusGateway", "StratusService", "StratusJobs", "StratusOperations", "StratusOpenStack", "StratusTesting",
                "StratusSimulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "StratusSimulatorTests",
            dependencies: [
                "StratusSimulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "StratusConsoleTests",
            dependencies: [
                "StratusConsole", "StratusOperations", "StratusOpenStack", "StratusJobs", "StratusTesting", "StratusSimulator",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Runs the built `stratus` binary as a user would (simulator, real cloud, tmux).
        .testTarget(
            name: "StratusCLITests",
            dependencies: ["StratusTesting", "StratusSimulator", "StratusJobs", "StratusOpenStack"]
        ),
        // The guides' Swift examples, verbatim, compiled and run.
        .testTarget(
            name: "DocSnippetsTests",
            dependencies: [
                "StratusJobs", "StratusObservability", "StratusOpenStack", "StratusOperations", "StratusSimulator", "StratusTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // The whole system as processes, under faults and SIGKILL, counted (STRATUS_RELIABILITY=1).
        .testTarget(
            name: "ReliabilityTests",
            dependencies: [
                "StratusTesting", "StratusJobs", "StratusService", "StratusOpenStack",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "StratusObservabilityTests",
            dependencies: [
                "StratusObservability", "StratusOpenStack", "StratusOperations", "StratusJobs", "StratusService",
                "StratusTesting", "StratusSimulator",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Runs against a real OpenStack (../shared/realcloud); skips with a reason when absent.
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["StratusOpenStack", "StratusOperations", "StratusTesting"]
        ),
    ]
)
