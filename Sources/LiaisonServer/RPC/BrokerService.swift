import Foundation
import GRPCCore
import LiaisonContract
import LiaisonCore
import LiaisonSecurity
import LiaisonWire
import Logging
import SwiftProtobuf
import X509

/// The `liaison.v1.Broker` service: authenticates each call from its certificate, validates the
/// request against the contract, commits it through the engine and the store, and answers after the
/// commit. Deliveries reach subscribers through the store's commit feed, never from here.
struct BrokerService: Liaison_V1_Broker.SimpleServiceProtocol {
  let broker: BrokerContext

  private var configuration: BrokerConfiguration { broker.configuration }
  private var authenticator: Authenticator { broker.authenticator }
  private var store: any FederationStore { broker.store }
  private var clock: any WallClock { broker.clock }

  /// Refuses the call when the agency is over its rate.
  private func admit(_ principal: Principal) throws {
    guard admitted(1, principal) == 1 else { throw rateLimited(principal).status }
  }

  /// How many of `count` requests the agency may make now.
  private func admitted(_ count: Int, _ principal: Principal) -> Int {
    let now = clock.nowMillis()
    return broker.limiter.withLock { $0.take(count, for: principal.agency, now: now) }
  }

  private func rateLimited(_ principal: Principal) -> LiaisonError {
    let wait = broker.limiter.withLock { $0.retryAfter(for: principal.agency) }
    return LiaisonError(
      .rateLimited,
      "\(principal.agency) exceeded \(Int(configuration.limits.agencyRequestsPerSecond)) requests per second; retry in \(Int((wait * 1000).rounded(.up))) ms with the same idempotency key"
    )
  }

  // MARK: Submit

  func submit(request: Liaison_V1_SubmitRequest, context: ServerContext) async throws -> Liaison_V1_SubmitResponse {
    let principal = try authenticator.principal(context)
    switch await submitAll([request], from: principal).answers()[0] {
    case .success(let response): return response
    case .failure(let error): throw error.status
    }
  }

  func submitStream(
    request: RPCAsyncSequence<Liaison_V1_SubmitBatch, any Error>, response: RPCWriter<Liaison_V1_SubmitResults>,
    context: ServerContext
  ) async throws {
    let principal = try authenticator.principal(context)
    // Batches go to the store as they arrive (it groups them into commits); their answers are
    // written in request order, each once its commit is durable.
    let (pending, submitted) = AsyncStream<PendingSubmission>.makeStream()
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        for await submission in pending {
          let answers = await submission.answers()
          try await response.write(
            .with {
              $0.results = answers.map { result in
                switch result {
                case .success(let ok): .with { $0.ok = ok }
                case .failure(let error): .with { $0.error = error.detail }
                }
              }
            })
        }
      }
      do {
        for try await batch in request {
          guard batch.requests.count <= configuration.limits.maxBatch else {
            throw LiaisonError(
              .tooLarge,
              "a SubmitBatch holds at most \(configuration.limits.maxBatch) requests, got \(batch.requests.count)"
            ).status
          }
          submitted.yield(submitAll(batch.requests, from: principal))
        }
      } catch {
        submitted.finish()
        throw error
      }
      submitted.finish()
      try await group.waitForAll()
    }
  }

  /// Requests handed to the store: which slot is which command, or a refusal before the store.
  private struct PendingSubmission: Sendable {
    var slots: [Result<Int, LiaisonError>]
    var ticket: CommitTicket<Result<[CommandResult], LiaisonError>>
    var metrics: BrokerMetrics

    func answers() async -> [Result<Liaison_V1_SubmitResponse, LiaisonError>] {
      let committed = await ticket.value
      let results: [Result<CommittedEvent, LiaisonError>]
      switch committed {
      case .success(let list): results = list.map(\.answer)
      case .failure(let error): return slots.map { $0.flatMap { _ in .failure(error) } }
      }
      metrics.countSubmissions(results.count { (try? $0.get().countsInStatistics) == true })
      return slots.map { slot in slot.flatMap { index in results[index].map(EventAssembler.submitResponse) } }
    }
  }

  /// Validates and hands the requests to the store (within the agency's rate).
  private func submitAll(_ requests: [Liaison_V1_SubmitRequest], from principal: Principal) -> PendingSubmission {
    let validator = broker.validator
    var commands: [CaseCommand] = []
    var slots: [Result<Int, LiaisonError>] = []
    let granted = requests.isEmpty ? 0 : admitted(requests.count, principal)
    for (index, request) in requests.enumerated() {
      guard index < granted else {
        slots.append(.failure(rateLimited(principal)))
        continue
      }
      do {
        commands.append(.submit(try validator.submitCommand(request, from: principal)))
        slots.append(.success(commands.count - 1))
      } catch {
        slots.append(.failure(error))
      }
    }
    return PendingSubmission(
      slots: slots, ticket: store.commit(commands, engine: broker.rules.engine), metrics: broker.metrics)
  }

  // MARK: Act

  func act(request: Liaison_V1_ActRequest, context: ServerContext) async throws -> Liaison_V1_ActResponse {
    let principal = try authenticator.principal(context)
    try admit(principal)
    var command: ActCommand
    let certificate = authenticator.certificate(context)
    do {
      command = try broker.validator.actCommand(
        request, from: principal, certificate: certificate, now: clock.nowMillis())
    } catch {
      throw error.status
    }
    // A case homed at a peer is sequenced there; this region's supervisors acknowledge this
    // broker's own escalations here.
    if let home = broker.rules.engine.home(ofCase: request.caseID), command.action != .acknowledgeEscalation {
      return try await forward(request, command, by: principal, certificate: certificate, to: home)
    }
    switch await broker.store.commit(.act(command), engine: broker.rules.engine).flatMap(\.answer) {
    case .success(let result):
      if result.countsInStatistics { broker.metrics.countAction() }
      return .with {
        $0.event = EventAssembler.event(result.event, of: result.caseRecord)
        $0.duplicate = result.duplicate
      }
    case .failure(let error):
      throw error.status
    }
  }

  /// An action on a case homed at a peer broker: queued for the peer with the time it was taken,
  /// then the answer awaited a while (SPEC.md §12).
  private func forward(
    _ request: Liaison_V1_ActRequest, _ command: ActCommand, by principal: Principal, certificate: Certificate?,
    to home: String
  ) async throws -> Liaison_V1_ActResponse {
    var request = request
    var command = command
    if request.idempotencyKey.isEmpty {
      // The home broker recognises a forwarded action sent twice by its key.
      request.idempotencyKey = "forwarded-\(UUID().uuidString.lowercased())"
      command.idempotencyKey = request.idempotencyKey
    }
    command.forwardedPayload = FederationCodec.forwardedAction(
      request, by: principal, takenAt: clock.nowMillis(), certificate: certificate)
    let queued = command
    let broker = self.broker
    let verdict = await broker.waiters.wait(
      actor: principal.agency, idempotencyKey: command.idempotencyKey,
      // How long a call waits is network time, not the broker's clock (which tests move by hand).
      timeoutMillis: configuration.federation.actWaitMillis, clock: SystemClock()
    ) {
      switch await broker.store.commit(.act(queued), engine: broker.rules.engine) {
      case .failure(let error): return .failure(error)
      case .success(let result):
        if case .refused(let error) = result.outcome { return .failure(error) }
        return .success(())
      }
    }
    switch verdict {
    case nil:
      return .with { $0.forwarded = true }
    case .success(let result):
      if result.countsInStatistics { broker.metrics.countAction() }
      return .with {
        $0.event = EventAssembler.event(result.event, of: result.caseRecord)
        $0.duplicate = result.duplicate
      }
    case .failure(let error):
      throw error.status
    }
  }

  // MARK: Subscribe

  func subscribe(
    request: RPCAsyncSequence<Liaison_V1_SubscribeRequest, any Error>, response: RPCWriter<Liaison_V1_DeliveryBatch>,
    context: ServerContext
  ) async throws {
    let principal = try authenticator.principal(context)
    let hub = broker.hub
    let (connection, deliveries) = hub.open(agency: principal.agency, ackWait: configuration.delivery.defaultAckWait)
    defer { hub.close(connection) }
    broker.logger.info(
      "subscriber connected", metadata: ["agency": "\(principal.agency)", "connection": "\(connection)"])
    // Acknowledgements are confirmed in the order they were handed to the store, each once committed.
    let (confirmations, confirm) = AsyncStream<DeliveryHub.PendingAcknowledgements>.makeStream()
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask {
        for await batch in deliveries {
          try await response.write(batch)
        }
      }
      group.addTask {
        for await pending in confirmations { await hub.confirm(pending) }
      }
      group.addTask {
        defer { confirm.finish() }
        var ackWait = configuration.delivery.defaultAckWait
        var first = true
        for try await message in request {
          if first, message.hasOptions, message.options.ackWaitMs > 0 {
            ackWait = Int64(min(max(message.options.ackWaitMs, 100), 3_600_000))
            hub.setAckWait(connection, ackWait: ackWait)
          }
          first = false
          let pending = hub.receive(
            connection, credit: Int(message.credit), acks: message.acks.map { Int64(bitPattern: $0) },
            extend: message.extend.map { Int64(bitPattern: $0) },
            extendBy: message.extendMs > 0 ? Int64(message.extendMs) : ackWait)
          if let pending { confirm.yield(pending) }
        }
      }
      // The delivery stream ending (shutdown) or the client's requests ending ends the subscription.
      try await group.next()
      group.cancelAll()
    }
    broker.logger.info(
      "subscriber disconnected", metadata: ["agency": "\(principal.agency)", "connection": "\(connection)"])
  }

  // MARK: Reads

  func getCase(request: Liaison_V1_GetCaseRequest, context: ServerContext) async throws -> Liaison_V1_CaseView {
    let principal = try authenticator.principal(context)
    try admit(principal)
    guard let record = try await store.caseRecord(request.caseID), record.role(of: principal.agency) != nil else {
      // The same answer whether the case is missing or not the caller's: no probing for case ids.
      throw LiaisonError.caseNotFound(request.caseID, for: principal.agency).status
    }
    if record.isRestricted { store.recordRead(of: record.id, by: principal.agency) }
    // A supervisor an escalation added to a work secret sees ids, times, states and deadlines only.
    let content = record.showsContent(to: principal.agency)
    let events = try await store.events(ofCase: record.id)
    let deliveries = try await store.deliveries(ofCase: record.id)
    let deadlines = try await store.deadlines(ofCase: record.id)
    let rules = broker.rules.deadlines
    let now = clock.nowMillis()
    return .with {
      $0.summary = EventAssembler.summary(record, deadlines: deadlines, content: content)
      $0.events = events.map { EventAssembler.event($0, of: record, redacted: !content) }
      $0.deliveries = deliveries.map(EventAssembler.deliveryStatus)
      $0.deadlines = deadlines.map { EventAssembler.deadlineStatus($0, of: record, rules: rules, now: now) }
      $0.allowedActions = broker.rules.engine.allowedActions(for: principal.agency, on: record).map(\.rawValue)
    }
  }

  func listCases(request: Liaison_V1_ListCasesRequest, context: ServerContext) async throws
    -> Liaison_V1_ListCasesResponse
  {
    let principal = try authenticator.principal(context)
    try admit(principal)
    var filter = CaseListFilter(
      channel: Channel(wire: request.channel), state: request.state.isEmpty ? nil : request.state,
      role: PartyRole(wire: request.role), limit: Int(request.pageSize == 0 ? 50 : min(request.pageSize, 500)))
    let now = clock.nowMillis()
    if request.overdue { filter.dueBefore = now }
    if request.dueWithinDays > 0 {
      // Within N working days: due before the end of the Nth working day from today.
      if let calendar = broker.rules.deadlines?.calendar {
        let last = calendar.addingWorkingDays(Int(request.dueWithinDays), to: ShanghaiTime.date(of: now)).date
        filter.dueBefore = ShanghaiTime.endOfDay(last)
      } else {
        filter.dueBefore = now + Int64(request.dueWithinDays) * 86_400_000
      }
    }
    if !request.pageToken.isEmpty {
      guard let before = Int64(request.pageToken) else {
        throw LiaisonError(.fieldInvalid, "page_token is not one this broker issued", field: "page_token").status
      }
      filter.before = before
    }
    let (cases, next) = try await store.listCases(for: principal.agency, filter)
    let deadlines = try await store.deadlines(ofCases: cases.map(\.id))
    return .with {
      $0.cases = cases.map {
        var summary = EventAssembler.summary(
          $0, deadlines: deadlines[$0.id] ?? [], rules: broker.rules.deadlines, now: now,
          content: $0.showsContent(to: principal.agency))
        // Asked for what is due: the deadlines that are.
        if let dueBefore = filter.dueBefore {
          summary.openDeadlines.removeAll { $0.dueAt.millis > dueBefore }
        }
        return summary
      }
      $0.nextPageToken = next.map(String.init) ?? ""
    }
  }

  // MARK: Directory

  func getAgencies(request: Liaison_V1_GetAgenciesRequest, context: ServerContext) async throws
    -> Liaison_V1_GetAgenciesResponse
  {
    _ = try authenticator.principal(context)
    let directory = authenticator.currentDirectory
    let agencies = request.ids.isEmpty ? directory.agencies : request.ids.compactMap(directory.agency)
    return .with {
      $0.agencies = agencies.map { agency in
        .with {
          $0.id = agency.id.rawValue
          $0.name = agency.name
          $0.region = agency.region
          $0.kinds = agency.kinds.map(\.rawValue).sorted()
          if let key = agency.sealingKey { $0.sealingKey = Data(key) }
        }
      }
    }
  }

  // MARK: Attachments

  func putAttachment(request: RPCAsyncSequence<Liaison_V1_AttachmentChunk, any Error>, context: ServerContext)
    async throws -> Liaison_V1_AttachmentRef
  {
    let principal = try authenticator.principal(context)
    try admit(principal)
    var header = Liaison_V1_AttachmentHeader()
    var data: [UInt8] = []
    var first = true
    for try await chunk in request {
      if first { header = chunk.header }
      first = false
      guard data.count + chunk.data.count <= configuration.limits.maxAttachmentBytes else {
        throw LiaisonError(
          .tooLarge, "attachments are limited to \(configuration.limits.maxAttachmentBytes) bytes", field: "data"
        ).status
      }
      data.append(contentsOf: chunk.data)
    }
    let digest = Hex.encode(RequestDigest.sha256(data))
    if !header.sha256.isEmpty, header.sha256 != digest {
      throw LiaisonError(
        .attachmentDigestMismatch,
        "the uploaded bytes have SHA-256 \(digest), not the declared \(header.sha256); nothing was stored",
        field: "header.sha256"
      ).status
    }
    let record = AttachmentRecord(
      sha256: digest, size: Int64(data.count), mediaType: header.mediaType, title: header.title,
      uploadedBy: principal.agency, uploadedAt: clock.nowMillis())
    try await store.putAttachment(record, data: data)
    return .with {
      $0.sha256 = digest
      $0.size = UInt64(data.count)
      $0.title = header.title
      $0.mediaType = header.mediaType
    }
  }

  func getAttachment(
    request: Liaison_V1_GetAttachmentRequest, response: RPCWriter<Liaison_V1_AttachmentChunk>, context: ServerContext
  ) async throws {
    let principal = try authenticator.principal(context)
    try admit(principal)
    let access = try await store.access(toAttachment: request.sha256, by: principal.agency)
    guard access.allows(principal.agency) else {
      throw LiaisonError(
        .attachmentNotFound, "attachment \(request.sha256) does not exist or \(principal.agency) may not read it",
        field: "sha256"
      ).status
    }
    let restricted = access.restrictedCases(for: principal.agency)
    if !restricted.isEmpty, !access.uploader {
      store.recordAttachmentRead(request.sha256, through: restricted, by: principal.agency)
    }
    var found = try await store.attachment(request.sha256)
    if found == nil {
      // Referenced by a case homed at a peer: its broker keeps the bytes.
      do {
        found = try await broker.remoteAttachment(request.sha256)
      } catch {
        throw error.status
      }
    }
    guard let (record, data) = found else {
      throw LiaisonError(
        .attachmentNotFound, "attachment \(request.sha256) does not exist or \(principal.agency) may not read it",
        field: "sha256"
      ).status
    }
    try await AttachmentChunks.send(record, data, to: response)
  }
}
