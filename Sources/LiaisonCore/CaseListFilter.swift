/// Which cases ListCases returns for an agency.
public struct CaseListFilter: Hashable, Sendable {
  /// Only this channel, or all.
  public var channel: Channel?
  /// Only this state, or all.
  public var state: String?
  /// Only cases where the agency has this role, or any.
  public var role: PartyRole?
  /// At most this many.
  public var limit: Int
  /// Only cases older than this case number (the page token), or from the newest.
  public var before: Int64?
  /// Only cases with a running deadline due at or before this time (ms since the epoch): `now` lists the
  /// overdue cases, `now + N days` those due within N days.
  public var dueBefore: Int64?

  public init(
    channel: Channel? = nil, state: String? = nil, role: PartyRole? = nil, limit: Int = 50, before: Int64? = nil
  ) {
    self.channel = channel
    self.state = state
    self.role = role
    self.limit = limit
    self.before = before
  }
}
