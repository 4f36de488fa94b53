/// What a row of the `outbound` queue carries (its `kind` column).
enum OutboundKind: String {
  /// An event of a case homed here (`event_seq`, `recipients`, `clock_start`; attachment digests in
  /// `payload`).
  case event
  /// A forwarded action (`payload`: its wire encoding).
  case action
  /// A refusal of a forwarded action (`payload`: JSON of ``ForwardedRefusal``).
  case refusal
  /// A delivery notice (`payload`: ``DeliveryNotice/encoded``).
  case delivered
}
