/// Per-event times of a latency run, against each event's scheduled send time.
struct LatencySamples: Sendable {
  var start: UInt64 = 0
  var delivered: [UInt64]
  var confirmed: [UInt64]
  var sent: [UInt64]
  var duplicates = 0
  let rate: Int

  init(count: Int, rate: Int) {
    delivered = Array(repeating: 0, count: count)
    confirmed = Array(repeating: 0, count: count)
    sent = Array(repeating: 0, count: count)
    self.rate = rate
  }

  func due(_ index: Int, rate: Int) -> UInt64 { start + UInt64(index) * 1_000_000_000 / UInt64(rate) }

  mutating func deliver(_ index: Int, at now: UInt64) -> Bool {
    guard delivered.indices.contains(index) else { return false }
    guard delivered[index] == 0 else {
      duplicates += 1
      return false
    }
    delivered[index] = now
    return true
  }

  mutating func send(_ index: Int, at now: UInt64) {
    if sent.indices.contains(index) { sent[index] = now }
  }

  mutating func confirm(_ index: Int, at now: UInt64) {
    if confirmed.indices.contains(index) { confirmed[index] = now }
  }

  /// Sorted latencies (ns) of the events from `first` on, for the chosen times.
  func latencies(from first: Int, _ times: KeyPath<LatencySamples, [UInt64]>) -> [UInt64] {
    let list = self[keyPath: times]
    return (first..<list.count).compactMap { index in
      let at = list[index]
      let scheduled = due(index, rate: rate)
      return at == 0 || at < scheduled ? nil : at - scheduled
    }.sorted()
  }
}
