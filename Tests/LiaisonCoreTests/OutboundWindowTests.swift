import LiaisonCore
import Testing

@Suite("Federation flow control")
struct OutboundWindowTests {
  @Test("never more than the window in flight; acknowledgements release in queue order")
  func windowAndAcknowledgements() {
    var window = OutboundWindow(limit: 5, batchSize: 3)
    #expect(window.room == 3)
    window.sent([10, 12, 13])
    #expect(window.room == 2, "the window, not the batch size, limits the next batch")
    #expect(window.lastSent == 13)
    window.sent([20, 21])
    #expect(window.room == 0)
    #expect(window.inFlight == 5)
    #expect(!window.acknowledgedOnce)
    #expect(window.acknowledge(upTo: 12) == 2)
    #expect(window.acknowledgedOnce)
    #expect(window.room == 2)
    // An acknowledgement of an id between two sent ones releases only those before it.
    #expect(window.acknowledge(upTo: 19) == 1)
    #expect(window.acknowledge(upTo: 19) == 0, "acknowledging again releases nothing")
    #expect(window.acknowledge(upTo: 100) == 2)
    #expect(window.inFlight == 0)
    #expect(window.room == 3)
    #expect(window.lastSent == 21, "the next read starts after the last item sent")
  }

  @Test("nonsense limits still let one item through")
  func degenerateLimits() {
    var window = OutboundWindow(limit: 0, batchSize: 0)
    #expect(window.room == 1)
    window.sent([1])
    #expect(window.room == 0)
  }
}
