import Foundation
import GRDB
import LiaisonCore

extension SQLiteStore {
  /// The named, versioned migrations. Never edit a shipped migration; add a new one.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-cases-events-deliveries") { db in
      try db.execute(
        sql: """
          -- Keys are integers that grow with time (case number, event seq, delivery id), so the hot
          -- inserts append to the right edge of their B-trees; text ids are stored, not indexed.
          CREATE TABLE cases(
            number INTEGER PRIMARY KEY, id TEXT NOT NULL, channel TEXT NOT NULL, state TEXT NOT NULL,
            sender TEXT NOT NULL, operator TEXT, addressees TEXT NOT NULL, copies TEXT NOT NULL,
            title TEXT NOT NULL, drill INTEGER NOT NULL, confidentiality INTEGER NOT NULL,
            opened_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_sequence INTEGER NOT NULL
          );
          CREATE TABLE case_parties(
            agency TEXT NOT NULL, case_number INTEGER NOT NULL, role TEXT NOT NULL,
            PRIMARY KEY(agency, case_number)
          ) WITHOUT ROWID;
          CREATE TABLE events(
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL, case_id TEXT NOT NULL, case_number INTEGER NOT NULL,
            sequence INTEGER NOT NULL,
            action TEXT NOT NULL, actor TEXT NOT NULL, operator TEXT, time INTEGER NOT NULL,
            state TEXT NOT NULL, idempotency_key TEXT NOT NULL, content BLOB NOT NULL, signature BLOB NOT NULL
          );
          CREATE UNIQUE INDEX events_by_case ON events(case_number, sequence);
          -- A delivery's id is its event's seq × 256 + the recipient's index, so an event's deliveries
          -- are one rowid range and need no secondary index.
          CREATE TABLE deliveries(
            id INTEGER PRIMARY KEY, agency TEXT NOT NULL, role TEXT NOT NULL, acked_at INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT ''
          );
          CREATE TABLE idempotency(
            sender TEXT NOT NULL, key TEXT NOT NULL, request_hash BLOB NOT NULL, event_seq INTEGER NOT NULL,
            PRIMARY KEY(sender, key)
          ) WITHOUT ROWID;
          """)
    }
    migrator.registerMigration("v2-attachments") { db in
      try db.execute(
        sql: """
          CREATE TABLE attachments(
            sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, media_type TEXT NOT NULL, title TEXT NOT NULL,
            uploaded_by TEXT NOT NULL, uploaded_at INTEGER NOT NULL, data BLOB NOT NULL
          ) WITHOUT ROWID;
          CREATE TABLE case_attachments(
            sha256 TEXT NOT NULL, case_number INTEGER NOT NULL, PRIMARY KEY(sha256, case_number)
          ) WITHOUT ROWID;
          """)
    }
    migrator.registerMigration("v3-case-workflow") { db in
      // Cases follow per-channel workflows; cases opened under the generic lifecycle start over in
      // their workflow's first state.
      try db.execute(
        sql: """
          ALTER TABLE cases ADD COLUMN workflow TEXT NOT NULL DEFAULT '';
          UPDATE cases SET workflow = channel WHERE workflow = '';
          UPDATE cases SET state = CASE channel
            WHEN 'criminal_transfer' THEN 'transferred' WHEN 'dispute' THEN 'applied' ELSE 'sent' END
          WHERE state = 'submitted';
          """)
    }
    migrator.registerMigration("v4-clocks") { db in
      // Statutory clocks of each case. Open alarms are found through the partial index on next_at:
      // the scheduler needs only the earliest one.
      try db.execute(
        sql: """
          CREATE TABLE clocks(
            case_number INTEGER NOT NULL, position INTEGER NOT NULL, policy_id TEXT NOT NULL,
            started_at INTEGER NOT NULL, due_at INTEGER NOT NULL, provisional INTEGER NOT NULL,
            status TEXT NOT NULL, remaining INTEGER NOT NULL, met_at INTEGER, stage TEXT NOT NULL,
            level INTEGER NOT NULL, repeat_count INTEGER NOT NULL, next_at INTEGER,
            PRIMARY KEY(case_number, position)
          ) WITHOUT ROWID;
          CREATE INDEX clocks_by_alarm ON clocks(next_at) WHERE next_at IS NOT NULL;
          """)
    }
    migrator.registerMigration("v5-supervisors") { db in
      try db.execute(sql: "ALTER TABLE cases ADD COLUMN supervisors TEXT NOT NULL DEFAULT ''")
    }
    // The tamper-evident trail: every event, acknowledgement, read of a restricted case and
    // escalation acknowledgement, each link hashing the one before (see AuditLink).
    migrator.registerMigration("v6-audit") { db in
      try db.execute(
        sql: """
          CREATE TABLE audit (
            seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref TEXT NOT NULL, actor TEXT NOT NULL,
            at INTEGER NOT NULL, digest BLOB NOT NULL, previous BLOB NOT NULL, hash BLOB NOT NULL
          );
          """)
      // Events and acknowledgements stored before the chain existed are linked first, in order.
      var writer = try AuditAppender(db)
      for row in try Row.fetchAll(db, sql: "SELECT \(SQLiteStore.eventColumns) FROM events ORDER BY seq") {
        try writer.append(AuditLink.entryBeforeFormat(for: SQLiteStore.eventRecord(row)))
      }
      let acks = try Row.fetchAll(
        db, sql: "SELECT id, agency, acked_at FROM deliveries WHERE acked_at IS NOT NULL ORDER BY id"
      ).map { row in
        Acknowledgement(
          id: row[0], attempts: 1, at: row[2], agency: SQLiteStore.agency(row[1]), caseID: "", role: .addressee,
          action: .submit)
      }
      if !acks.isEmpty { try writer.append(AuditLink.entry(forAcknowledgements: acks)) }
    }
    // Federation: replicas of cases homed at peer brokers (found by id through a partial index, so
    // this broker's own cases pay nothing), the durable outbound queue per peer, and the last item
    // applied from each peer (items are applied once). Queue ids never repeat (AUTOINCREMENT), even
    // when the queue empties, since the peer skips ids it has applied.
    migrator.registerMigration("v7-federation") { db in
      try db.execute(
        sql: """
          ALTER TABLE cases ADD COLUMN home TEXT NOT NULL DEFAULT '';
          CREATE UNIQUE INDEX cases_replicated ON cases(id) WHERE home <> '';
          CREATE TABLE outbound(
            id INTEGER PRIMARY KEY AUTOINCREMENT, peer TEXT NOT NULL, kind TEXT NOT NULL, event_seq INTEGER NOT NULL,
            recipients TEXT NOT NULL, clock_start INTEGER, payload BLOB NOT NULL, queued_at INTEGER NOT NULL
          );
          CREATE INDEX outbound_by_peer ON outbound(peer, id);
          CREATE TABLE inbound(peer TEXT PRIMARY KEY, last_id INTEGER NOT NULL) WITHOUT ROWID;
          CREATE INDEX case_attachments_by_case ON case_attachments(case_number);
          """)
    }
    // The rule a case was opened under, the copies the channel policy added, the addressees that
    // signed their receipt (per-party receipts and the action rules read them).
    migrator.registerMigration("v8-case-rules") { db in
      try db.execute(
        sql: """
          ALTER TABLE cases ADD COLUMN rule TEXT NOT NULL DEFAULT '';
          ALTER TABLE cases ADD COLUMN auto_copies TEXT NOT NULL DEFAULT '';
          ALTER TABLE cases ADD COLUMN receipted TEXT NOT NULL DEFAULT '';
          UPDATE cases SET receipted = coalesce((
            SELECT group_concat(actor, ',') FROM (
              SELECT actor FROM events WHERE events.case_number = cases.number AND action = 'receipt' ORDER BY seq)
          ), '');
          """)
    }
    // Deadlines per party (each addressee's receipt, each respondent's reply), and the unit a clock
    // counts in, so that a paused day clock resumes in days on the calendar. Clocks recorded before
    // count as they did: continuously.
    migrator.registerMigration("v9-clock-parties") { db in
      try db.execute(
        sql: """
          ALTER TABLE clocks ADD COLUMN party TEXT NOT NULL DEFAULT '';
          ALTER TABLE clocks ADD COLUMN counting TEXT NOT NULL DEFAULT 'continuous';
          ALTER TABLE clocks ADD COLUMN run_start INTEGER NOT NULL DEFAULT 0;
          ALTER TABLE clocks ADD COLUMN run_length INTEGER NOT NULL DEFAULT 0;
          UPDATE clocks SET run_start = started_at, run_length = due_at - started_at;
          -- Running clocks whose due time depends on a year without an official schedule: counted
          -- again when its calendar is added.
          CREATE INDEX clocks_provisional ON clocks(case_number) WHERE provisional = 1 AND status = 'running';
          """)
    }
    // The audit chain covers what readers rely on beyond the events: each case as a transaction
    // leaves it (row, parties, attachments), each uploaded attachment, and each event's place in
    // the global order and its case number (event links after the `format` link). What is stored
    // now is linked first, as it stands.
    migrator.registerMigration("v10-audit-coverage") { db in
      try db.execute(sql: "CREATE INDEX case_parties_by_case ON case_parties(case_number)")
      let now = Int64(Date().timeIntervalSince1970 * 1000)
      var writer = try AuditAppender(db)
      if try AuditAppender.head(db) != nil { try writer.append(AuditLink.formatEntry(at: now)) }
      for number in try Int64.fetchAll(db, sql: "SELECT number FROM cases ORDER BY number") {
        if let snapshot = try CaseSnapshot.load(db, number: number) {
          try writer.append(AuditLink.entry(for: snapshot, at: now))
        }
      }
      for row in try Row.fetchAll(
        db,
        sql: "SELECT sha256, size, media_type, title, uploaded_by, uploaded_at FROM attachments ORDER BY uploaded_at")
      {
        try writer.append(AuditLink.entry(forUpload: SQLiteStore.attachmentRecord(row)))
      }
    }
    return migrator
  }
}
