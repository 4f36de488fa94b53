/// Counters of a throughput run.
struct ThroughputStats: Sendable {
  var firstSubmit: UInt64 = 0
  var lastConfirm: UInt64 = 0
  var lastAck: UInt64 = 0
  var confirmed = 0
  var refused = 0
  var consumed = 0
  var duplicates = 0
  var deliveryBatches = 0
}
