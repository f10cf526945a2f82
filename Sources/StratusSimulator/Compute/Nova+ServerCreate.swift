import Foundation

extension CloudState {
    /// `POST /servers`: validates like Nova, then starts a build that ends after `timings.serverBuild`.
    mutating func createServer(_ call: ServiceCall) -> SimulatorReply {
        let body: [String: JSON]
        switch novaBody(call) {
        case .success(let object): body = object
        case .failure(let error): return error.reply
        }
        guard let server = body["server"], let spec = server.objectValue else {
            return novaError(400, "Invalid input for field/attribute server. Value: None. 'server' is a required property", call)
        }
        func invalid(_ reason: String) -> SimulatorReply {
            ErrorStyle.faultWrapper.reply(
                400, "Invalid input for field/attribute server. Value: \(server.serialized()). \(reason)",
                request: call.request)
        }
        guard let name = spec["name"]?.stringValue else {
            return invalid("'name' is a required property")
        }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 255 else {
            return novaError(400, "Invalid input for field/attribute name. Value: \(name). '\(name)' does not match '^(?! )[a-zA-Z0-9]'", call)
        }
        guard let flavorRef = spec["flavorRef"]?.stringValue ?? spec["flavorRef"]?.intValue.map(String.init) else {
            return invalid("'flavorRef' is a required property")
        }
        let networks = spec["networks"]
        if call.version >= APIVersion(2, 37) && networks == nil {
            return invalid("'networks' is a required property")
        }
        if spec["tags"] != nil && call.version < APIVersion(2, 52) {
            return invalid("Additional properties are not allowed ('tags' was unexpected)")
        }
        if spec["description"] != nil && call.version < APIVersion(2, 19) {
            return invalid("Additional properties are not allowed ('description' was unexpected)")
        }
        let networkRequested: Bool
        switch networks {
        case nil:
            networkRequested = true
        case .some(.string(let mode)) where mode == "none" || mode == "auto":
            guard call.version >= APIVersion(2, 37) else {
                return novaError(400, "Bad networks format", call)
            }
            networkRequested = mode == "auto"
        case .some(.array(let requested)):
            guard requested.allSatisfy({ $0["uuid"]?.stringValue != nil || $0["port"]?.stringValue != nil }) else {
                return novaError(400, "Bad networks format: network uuid is not in proper format", call)
            }
            networkRequested = !requested.isEmpty
        default:
            return invalid("'networks' must be \"none\", \"auto\" or a list of networks")
        }
        let tags = spec["tags"]?.stringArray ?? []
        if spec["tags"] != nil {
            if let problem = NovaTags.validate(tags) { return novaError(400, problem, call) }
        }
        let metadata: [String: String]
        if let given = spec["metadata"] {
            guard let dictionary = given.stringDictionary else {
                return novaError(400, "Invalid input for field/attribute metadata. Value: \(given.serialized()). metadata values must be strings", call)
            }
            metadata = dictionary
        } else {
            metadata = [:]
        }
        guard let flavor = Flavor.find(flavorRef) else {
            return novaError(400, "Flavor \(flavorRef) could not be found.", call)
        }
        let bootPlan: BootVolumePlan
        switch bootVolumePlan(spec["block_device_mapping_v2"], call) {
        case .success(let plan): bootPlan = plan
        case .failure(let error): return error.reply
        }
        let imageRef = spec["imageRef"]?.stringValue ?? bootPlan.localBootImageID ?? ""
        let imageID = imageRef.split(separator: "/").last.map(String.init) ?? imageRef
        if !bootPlan.bootsFromVolume {
            guard !imageID.isEmpty else {
                return novaError(400, "Missing imageRef attribute", call)
            }
            guard let image = visibleImage(imageID, for: call.principal) else {
                return novaError(400, "Can not find requested image", call)
            }
            guard image.status == "active" else {
                return novaError(400, "Image \(image.id) is not active.", call)
            }
            if image.minDisk > flavor.disk {
                return novaError(400, "Flavor's disk is too small for requested image. Flavor disk is \(flavor.disk * 1_073_741_824) bytes, minimum requested disk is \(image.minDisk * 1_073_741_824) bytes.", call)
            }
        }
        let keyName = spec["key_name"]?.stringValue
        if let keyName, keyPairs[Self.keyPairKey(userID: call.principal.userID, name: keyName)] == nil {
            return novaError(400, "Invalid key_name provided.", call)
        }
        if let problem = userDataProblem(spec["user_data"], call) { return problem }
        let plan: ServerNetworkPlan
        switch serverNetworkPlan(networkRequested ? networks : .string("none"), call) {
        case .success(let found): plan = found
        case .failure(let error): return error.reply
        }
        let groups: (names: [String], ids: [String])
        switch serverSecurityGroups(spec["security_groups"], call) {
        case .success(let found): groups = found
        case .failure(let error): return error.reply
        }
        let zone = spec["availability_zone"]?.stringValue ?? "nova"
        guard zone == "nova" || zone.hasPrefix("nova:") else {
            return novaError(400, "The requested availability zone is not available", call)
        }

        let serverID = Self.uuid()
        let portIDs: [String]
        switch attachPlannedPorts(plan, serverID: serverID, securityGroupIDs: groups.ids, call) {
        case .success(let ids): portIDs = ids
        case .failure(let error): return error.reply
        }
        let sequence = nextSequence()
        var record = ServerRecord(
            id: serverID,
            name: name,
            projectID: call.principal.projectID,
            userID: call.principal.userID,
            imageID: bootPlan.bootsFromVolume ? "" : imageID,
            flavor: flavor,
            metadata: metadata,
            tags: tags,
            status: "BUILD",
            vmState: "building",
            taskState: "spawning",
            powerState: PowerState.noState,
            host: nextHost(),
            createdAt: call.now,
            updatedAt: call.now,
            availabilityZone: "nova",
            keyName: keyName,
            description: spec["description"]?.stringValue,
            adminPass: spec["adminPass"]?.stringValue ?? Self.randomPassword(),
            configDrive: spec["config_drive"]?.boolValue ?? false,
            networkRequested: networkRequested,
            sequence: sequence,
            instanceNumber: sequence
        )
        record.portIDs = portIDs
        record.securityGroupNames = groups.names
        record.userData = spec["user_data"]?.stringValue
        attachBootVolumes(bootPlan, to: &record, call)
        servers[record.id] = record
        let succeeded = !random.chance(faults.buildErrorRate)
        schedule(.serverBuilt(serverID: record.id, succeeded: succeeded), after: timings.serverBuild, from: call.now)

        let base = call.request.baseURL
        return .json(
            202,
            [
                "server": [
                    "id": .string(record.id),
                    "links": NovaServerView.links("servers", record.id, baseURL: base),
                    "OS-DCF:diskConfig": "MANUAL",
                    "security_groups": .array(groups.names.map { ["name": .string($0)] }),
                    "adminPass": .string(record.adminPass),
                ]
            ],
            headers: [("Location", "\(base)/compute/v2.1/servers/\(record.id)")]
        )
    }

    /// A random 12-character admin password, like Nova generates.
    static func randomPassword() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}
