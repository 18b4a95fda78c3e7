/**
 * The archive's SQLite index: patient / study / series / instance rows with the attributes the query services
 * (C-FIND, QIDO) will match on. One row per SOP Instance UID; re-stored instances replace their row. A series row is
 * one study's part of a series (keyed by study and series UID, as dcm4chee and Orthanc key theirs): an instance that
 * names a series of another study does not take that series' instances along.
 */
import Database from 'better-sqlite3';
import type { Dataset } from '../core/dataset.js';
import { DicomError } from '../core/errors.js';
import { holdTag, isLive, releaseTag } from './owners.js';

export const SCHEMA_VERSION = 3;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS patients (
  pk INTEGER PRIMARY KEY,
  patient_id TEXT NOT NULL,
  issuer TEXT NOT NULL,
  patient_name TEXT,
  birth_date TEXT,
  sex TEXT,
  UNIQUE (patient_id, issuer)
);
CREATE TABLE IF NOT EXISTS studies (
  study_uid TEXT PRIMARY KEY,
  patient_pk INTEGER NOT NULL REFERENCES patients(pk),
  study_date TEXT,
  study_time TEXT,
  accession_number TEXT,
  study_id TEXT,
  study_description TEXT,
  referring_physician TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS studies_patient ON studies(patient_pk);
CREATE INDEX IF NOT EXISTS studies_date ON studies(study_date);
CREATE TABLE IF NOT EXISTS series (
  study_uid TEXT NOT NULL REFERENCES studies(study_uid),
  series_uid TEXT NOT NULL,
  modality TEXT,
  series_number INTEGER,
  series_description TEXT,
  body_part TEXT,
  series_date TEXT,
  series_time TEXT,
  frame_of_reference_uid TEXT,
  PRIMARY KEY (study_uid, series_uid)
);
CREATE INDEX IF NOT EXISTS series_by_uid ON series(series_uid);
CREATE TABLE IF NOT EXISTS instances (
  sop_instance_uid TEXT PRIMARY KEY,
  sop_class_uid TEXT NOT NULL,
  study_uid TEXT NOT NULL,
  series_uid TEXT NOT NULL,
  instance_number INTEGER,
  transfer_syntax_uid TEXT NOT NULL,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  rows INTEGER,
  columns INTEGER,
  number_of_frames INTEGER,
  content_date TEXT,
  content_time TEXT,
  specific_character_set TEXT,
  source_ae TEXT,
  source_user TEXT,
  received_at TEXT NOT NULL,
  FOREIGN KEY (study_uid, series_uid) REFERENCES series(study_uid, series_uid)
);
CREATE INDEX IF NOT EXISTS instances_series ON instances(series_uid, study_uid);
`;

/** The series and instances columns both version 2 and this one have, in the order the copy names them. */
const SERIES_COLUMNS = 'study_uid, series_uid, modality, series_number, series_description, body_part, series_date, series_time, frame_of_reference_uid';
const INSTANCE_COLUMNS = `sop_instance_uid, sop_class_uid, series_uid, instance_number, transfer_syntax_uid, path, size, rows, columns,
  number_of_frames, content_date, content_time, specific_character_set, source_ae, source_user, received_at`;

/**
 * Brings the tables of an index of an earlier version up to this one (before SCHEMA, without foreign key checks, in one
 * transaction). A step that only adds a nullable column (version 2) leaves an index the versions before it still
 * write; version 3 rebuilds the series and instances tables, which versions before it cannot write.
 */
function migrate(db: Database.Database): void {
  const columns = (db.prepare('PRAGMA table_info(instances)').all() as { name: string }[]).map((c) => c.name);
  if (columns.length === 0) return; // a new index
  // version 2: the user an object's association acted for
  if (!columns.includes('source_user')) db.exec('ALTER TABLE instances ADD COLUMN source_user TEXT');
  // version 3: a series row per study (it was keyed by the series UID alone, so an instance naming the series under
  // another study moved every instance of the series there); each instance keeps the study its series row named.
  if (!columns.includes('study_uid')) {
    db.exec(`DROP INDEX IF EXISTS instances_series; DROP INDEX IF EXISTS series_study;
      ALTER TABLE instances RENAME TO instances_v2; ALTER TABLE series RENAME TO series_v2;
      ${SCHEMA}
      INSERT INTO series (${SERIES_COLUMNS}) SELECT ${SERIES_COLUMNS} FROM series_v2;
      INSERT INTO instances (study_uid, ${INSTANCE_COLUMNS})
        SELECT (SELECT study_uid FROM series_v2 s WHERE s.series_uid = i.series_uid), ${INSTANCE_COLUMNS} FROM instances_v2 i;
      DROP TABLE instances_v2; DROP TABLE series_v2;`);
  }
}

/**
 * Refuses an index a later release wrote (its schema version above this one's): its tables may hold what this release
 * would not keep up (a column it must fill, rows keyed otherwise), and opening it would mark it as written by this one.
 * Nothing is written to it before this check.
 */
function refuseNewerSchema(db: Database.Database, path: string): void {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (!hasMeta) return;
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  const version = Number(row?.value);
  if (!(version > SCHEMA_VERSION)) return;
  throw new DicomError('IO', `the index is of schema version ${row!.value}, written by a later release than this one (version ${SCHEMA_VERSION}), and is left unchanged: `
    + 'run that release, or delete the index (and its -wal and -shm files) to have it made again from the files', { file: path });
}

export interface InstanceRow {
  sopInstanceUid: string;
  sopClassUid: string;
  studyUid: string;
  seriesUid: string;
  transferSyntaxUid: string;
  /** Relative to the archive folder. */
  path: string;
  size: number;
  sourceAe?: string;
  /** The user the storing association acted for (user identity negotiation); absent for objects re-indexed from their files. */
  sourceUser?: string;
  receivedAt: string;
}

export interface IndexedInstance extends InstanceRow {
  patientId: string;
  patientName?: string;
  modality?: string;
  instanceNumber?: number;
}

export interface ArchiveCounts {
  patients: number;
  studies: number;
  series: number;
  instances: number;
}

const text = (ds: Dataset, name: string): string | null => {
  try {
    const v = ds.getString(name);
    return v === undefined || v === '' ? null : v;
  } catch {
    return null;
  }
};
const int = (ds: Dataset, name: string): number | null => {
  try {
    const v = ds.getNumber(name);
    return v === undefined || !Number.isFinite(v) ? null : Math.trunc(v);
  } catch {
    return null;
  }
};

/** Whether two rows of values (same keys) are equal. */
const sameValues = (a: Record<string, unknown>, b: Record<string, unknown>): boolean => {
  for (const k in b) if (a[k] !== b[k]) return false;
  return true;
};

export interface ArchiveIndexOptions {
  /**
   * Told when the commit at the end of an event-loop turn fails (rows of answered objects are then missing until the
   * next open re-indexes their files). Default: a process warning.
   */
  onError?: (e: Error) => void;
}

/**
 * The index of an archive. Rows are written in one transaction per event-loop turn: `put` writes an instance's rows
 * at once (in a savepoint, so a failure undoes only them), visible to every read through this connection, and the
 * transaction is committed when the turn ends. So a C-STORE answered after `put` is indexed, and the index costs one
 * commit per turn instead of one per object, after the answer rather than before it. A crash loses at most the
 * rows of one turn, which the next open restores from the files (`wasDirty`).
 */
export class ArchiveIndex {
  readonly db: Database.Database;
  private readonly upsertPatient: Database.Statement;
  private readonly patientPk: Database.Statement;
  private readonly upsertStudy: Database.Statement;
  private readonly upsertSeries: Database.Statement;
  private readonly upsertInstance: Database.Statement;
  private readonly instanceByUid: Database.Statement;
  private readonly pruneSeries: Database.Statement;
  private readonly previousRow: Database.Statement;
  private readonly pruneStudies: Database.Statement;
  private readonly prunePatients: Database.Statement;
  private readonly studyPatient: Database.Statement;
  private readonly putTransaction: (row: InstanceRow, ds: Dataset) => { path: string } | undefined;

  /** Whether the previous run ended without closing the index (crash, kill), or the index is new: rows may be missing for stored files. */
  readonly wasDirty: boolean;
  /** This archive's mark in the meta table while it is open (its holder's tag, see owners.ts). */
  private readonly tag: string;
  private readonly mark: string;
  /**
   * A turn's commit failed (rows written by `put` were lost), or a stored file could not be indexed: the index must not
   * be marked complete at close, so that the next open re-indexes the files it lacks.
   */
  private incomplete = false;
  private readonly onError: (e: Error) => void;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly dataVersion: Database.Statement;
  /** data_version when the caches were last known good: it changes when another connection commits. */
  private seenVersion?: number;

  constructor(path: string, options: ArchiveIndexOptions = {}) {
    this.onError = options.onError ?? ((e) => process.emitWarning(`archive index ${path}: ${e.message}`));
    this.db = new Database(path);
    try {
      refuseNewerSchema(this.db, path);
    } catch (e) {
      this.db.close();
      throw e;
    }
    this.db.pragma('journal_mode = WAL');
    // WAL with synchronous=NORMAL: a commit survives a crash of this process, not necessarily a power failure. The
    // files are the record (each fsynced before it is acknowledged); after an unclean stop the archive re-indexes
    // any file the index lost (see Archive.open), so an acknowledged object is never lost from the index either.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // with foreign keys off, as SQLite's procedure for changing a table's keys asks: the old tables are renamed and
    // dropped while rows still refer to them
    this.db.transaction(() => migrate(this.db)).immediate();
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE CAST(value AS INTEGER) < CAST(excluded.value AS INTEGER)").run(String(SCHEMA_VERSION));
    const state = this.db.prepare("SELECT value FROM meta WHERE key = 'open'").get() as { value: string } | undefined;
    // Each archive open on the index holds a mark of its own ('open:<pid>-<tag>'), removed when it closes cleanly: one
    // flag for all would be cleared by the first to close while another, still storing, may yet be killed.
    const stale = (this.db.prepare("SELECT key FROM meta WHERE key LIKE 'open:%'").all() as { key: string }[])
      .map((r) => r.key)
      .filter((key) => {
        const [, pid, tag] = /^open:(\d+)-([0-9a-f]+)$/.exec(key) ?? [];
        return pid === undefined || !isLive(Number(pid), tag!);
      });
    // A new index beside objects already stored (the old one deleted, or damaged and replaced) lacks them all, as
    // after a crash: both are filled in from the files. 'open' = '1' is the single flag of earlier versions.
    this.wasDirty = state === undefined || state.value === '1' || stale.length > 0;
    this.tag = holdTag();
    this.mark = `open:${process.pid}-${this.tag}`;
    this.db.transaction(() => {
      for (const key of stale) this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
      this.db.prepare("INSERT INTO meta (key, value) VALUES ('open', '0') ON CONFLICT (key) DO UPDATE SET value = '0'").run();
      this.db.prepare("INSERT INTO meta (key, value) VALUES (?, '1')").run(this.mark);
    }).immediate();
    this.db.pragma('wal_checkpoint(FULL)');
    this.upsertPatient = this.db.prepare(`INSERT INTO patients (patient_id, issuer, patient_name, birth_date, sex) VALUES (@patientId, @issuer, @name, @birthDate, @sex)
      ON CONFLICT (patient_id, issuer) DO UPDATE SET patient_name = excluded.patient_name, birth_date = excluded.birth_date, sex = excluded.sex`);
    this.patientPk = this.db.prepare('SELECT pk FROM patients WHERE patient_id = ? AND issuer = ?');
    this.upsertStudy = this.db.prepare(`INSERT INTO studies (study_uid, patient_pk, study_date, study_time, accession_number, study_id, study_description, referring_physician, updated_at)
      VALUES (@studyUid, @patientPk, @date, @time, @accession, @studyId, @description, @referring, @now)
      ON CONFLICT (study_uid) DO UPDATE SET patient_pk = excluded.patient_pk, study_date = excluded.study_date, study_time = excluded.study_time,
        accession_number = excluded.accession_number, study_id = excluded.study_id, study_description = excluded.study_description,
        referring_physician = excluded.referring_physician, updated_at = excluded.updated_at`);
    this.upsertSeries = this.db.prepare(`INSERT INTO series (study_uid, series_uid, modality, series_number, series_description, body_part, series_date, series_time, frame_of_reference_uid)
      VALUES (@studyUid, @seriesUid, @modality, @number, @description, @bodyPart, @date, @time, @frameOfReference)
      ON CONFLICT (study_uid, series_uid) DO UPDATE SET modality = excluded.modality, series_number = excluded.series_number,
        series_description = excluded.series_description, body_part = excluded.body_part, series_date = excluded.series_date,
        series_time = excluded.series_time, frame_of_reference_uid = excluded.frame_of_reference_uid`);
    this.upsertInstance = this.db.prepare(`INSERT INTO instances (sop_instance_uid, sop_class_uid, study_uid, series_uid, instance_number, transfer_syntax_uid, path, size, rows, columns,
        number_of_frames, content_date, content_time, specific_character_set, source_ae, source_user, received_at)
      VALUES (@sopInstanceUid, @sopClassUid, @studyUid, @seriesUid, @number, @transferSyntaxUid, @path, @size, @rows, @columns, @frames, @contentDate, @contentTime, @charset, @sourceAe, @sourceUser, @receivedAt)
      ON CONFLICT (sop_instance_uid) DO UPDATE SET sop_class_uid = excluded.sop_class_uid, study_uid = excluded.study_uid, series_uid = excluded.series_uid,
        instance_number = excluded.instance_number, transfer_syntax_uid = excluded.transfer_syntax_uid, path = excluded.path, size = excluded.size,
        rows = excluded.rows, columns = excluded.columns, number_of_frames = excluded.number_of_frames, content_date = excluded.content_date,
        content_time = excluded.content_time, specific_character_set = excluded.specific_character_set, source_ae = excluded.source_ae,
        source_user = excluded.source_user, received_at = excluded.received_at`);
    this.instanceByUid = this.db.prepare(`SELECT i.sop_instance_uid AS sopInstanceUid, i.sop_class_uid AS sopClassUid, i.study_uid AS studyUid,
        i.series_uid AS seriesUid, i.transfer_syntax_uid AS transferSyntaxUid, i.path, i.size, i.source_ae AS sourceAe, i.source_user AS sourceUser, i.received_at AS receivedAt,
        p.patient_id AS patientId, p.patient_name AS patientName, s.modality, i.instance_number AS instanceNumber
      FROM instances i JOIN series s USING (study_uid, series_uid) JOIN studies st USING (study_uid) JOIN patients p ON p.pk = st.patient_pk
      WHERE i.sop_instance_uid = ?`);
    this.previousRow = this.db.prepare('SELECT study_uid AS studyUid, series_uid AS seriesUid, path, size FROM instances WHERE sop_instance_uid = ?');
    this.pruneSeries = this.db.prepare(`DELETE FROM series WHERE study_uid = @studyUid AND series_uid = @seriesUid
      AND NOT EXISTS (SELECT 1 FROM instances WHERE study_uid = @studyUid AND series_uid = @seriesUid)`);
    this.pruneStudies = this.db.prepare('DELETE FROM studies WHERE study_uid NOT IN (SELECT DISTINCT study_uid FROM series)');
    this.prunePatients = this.db.prepare('DELETE FROM patients WHERE NOT EXISTS (SELECT 1 FROM studies WHERE studies.patient_pk = patients.pk)');
    this.studyPatient = this.db.prepare('SELECT patient_pk AS pk FROM studies WHERE study_uid = ?');
    // made once: better-sqlite3 builds a wrapper per call to `transaction`; inside the turn's transaction it runs as a
    // savepoint
    this.putTransaction = this.db.transaction((row: InstanceRow, ds: Dataset) => this.writeRows(row, ds));
    // IMMEDIATE: another connection (a second serve on the folder) cannot commit between the check of data_version
    // and this turn's writes
    this.begin = this.db.prepare('BEGIN IMMEDIATE');
    this.dataVersion = this.db.prepare('PRAGMA data_version').pluck();
    this.commit = this.db.prepare('COMMIT');
    this.rollback = this.db.prepare('ROLLBACK');
  }

  /**
   * The patient, study and series rows written last, with the values written: a batch of one series rewrites none of
   * them (each rewrite dirties pages that every later commit and fsync on the disk has to write too). Cleared whenever
   * rows are removed, after a failed transaction, and when another connection has committed since.
   */
  private lastPatient?: { values: Record<string, unknown>; pk: number };
  private lastStudy?: Record<string, unknown>;
  private lastSeries?: Record<string, unknown>;

  /**
   * Indexes an instance (in one transaction) from its data set header; replaces an existing row for the same UID and
   * returns that row's path.
   */
  put(row: InstanceRow, ds: Dataset): { path: string } | undefined {
    if (!this.db.inTransaction) {
      this.begin.run();
      setImmediate(() => this.commitTurn());
      // Another connection's commit may have changed or removed the rows the caches stand for (a re-sent instance
      // that left its series): they would skip rows that must be written again
      const version = this.dataVersion.get() as number;
      if (version !== this.seenVersion) this.forgetLastRows();
      this.seenVersion = version;
    }
    try {
      return this.putTransaction(row, ds);
    } catch (e) {
      // rolled back: what the caches say was written may not be there
      this.forgetLastRows();
      throw e;
    }
  }

  /** After a rollback: the rows the caches remember may not have been written. */
  private forgetLastRows(): void {
    this.lastPatient = undefined;
    this.lastStudy = undefined;
    this.lastSeries = undefined;
  }

  /** The rows of one instance; run inside `putTransaction`. */
  private writeRows(row: InstanceRow, ds: Dataset): { path: string } | undefined {
    const before = this.previousRow.get(row.sopInstanceUid) as { studyUid: string; seriesUid: string; path: string } | undefined;
    const patient = {
      patientId: text(ds, 'PatientID') ?? '', issuer: text(ds, 'IssuerOfPatientID') ?? '', name: text(ds, 'PatientName'),
      birthDate: text(ds, 'PatientBirthDate'), sex: text(ds, 'PatientSex'),
    };
    let pk: number;
    if (this.lastPatient && sameValues(this.lastPatient.values, patient)) pk = this.lastPatient.pk;
    else {
      this.lastPatient = undefined;
      this.upsertPatient.run(patient);
      pk = (this.patientPk.get(patient.patientId, patient.issuer) as { pk: number }).pk;
      this.lastPatient = { values: patient, pk };
    }
    const study = {
      studyUid: row.studyUid, patientPk: pk, date: text(ds, 'StudyDate'), time: text(ds, 'StudyTime'), accession: text(ds, 'AccessionNumber'),
      studyId: text(ds, 'StudyID'), description: text(ds, 'StudyDescription'), referring: text(ds, 'ReferringPhysicianName'),
    };
    let patientLeft = false;
    if (!this.lastStudy || !sameValues(this.lastStudy, study)) {
      this.lastStudy = undefined;
      const holder = this.studyPatient.get(row.studyUid) as { pk: number } | undefined;
      patientLeft = holder !== undefined && holder.pk !== pk;
      this.upsertStudy.run({ ...study, now: row.receivedAt });
      this.lastStudy = study;
    }
    const series = {
      seriesUid: row.seriesUid, studyUid: row.studyUid, modality: text(ds, 'Modality'), number: int(ds, 'SeriesNumber'),
      description: text(ds, 'SeriesDescription'), bodyPart: text(ds, 'BodyPartExamined'), date: text(ds, 'SeriesDate'), time: text(ds, 'SeriesTime'),
      frameOfReference: text(ds, 'FrameOfReferenceUID'),
    };
    if (!this.lastSeries || !sameValues(this.lastSeries, series)) {
      this.lastSeries = undefined;
      this.upsertSeries.run(series);
      this.lastSeries = series;
    }
    this.upsertInstance.run({
      sopInstanceUid: row.sopInstanceUid, sopClassUid: row.sopClassUid, studyUid: row.studyUid, seriesUid: row.seriesUid, number: int(ds, 'InstanceNumber'),
      transferSyntaxUid: row.transferSyntaxUid, path: row.path, size: row.size, rows: int(ds, 'Rows'), columns: int(ds, 'Columns'),
      frames: int(ds, 'NumberOfFrames'), contentDate: text(ds, 'ContentDate'), contentTime: text(ds, 'ContentTime'),
      charset: ds.has('SpecificCharacterSet') ? ds.getStrings('SpecificCharacterSet').join('\\') : null, sourceAe: row.sourceAe ?? null, sourceUser: row.sourceUser ?? null, receivedAt: row.receivedAt,
    });
    if (before && (before.studyUid !== row.studyUid || before.seriesUid !== row.seriesUid)) {
      // the instance moved to another series or study: drop what became empty
      this.lastSeries = undefined;
      this.lastStudy = undefined;
      this.pruneSeries.run({ studyUid: before.studyUid, seriesUid: before.seriesUid });
      this.pruneStudies.run();
      patientLeft = true;
    }
    // a study that moved to another patient, or went with its last series, may leave its patient without studies
    if (patientLeft) this.prunePatients.run();
    return before && { path: before.path };
  }

  /** A stored file is left unindexed (its rows could not be written): the next open re-indexes the files the index lacks. */
  markIncomplete(): void {
    this.incomplete = true;
  }

  /** Commits the rows written in this turn (run when the turn ends, and at close). */
  commitTurn(): void {
    if (!this.db.open || !this.db.inTransaction) return;
    try {
      this.commit.run();
    } catch (e) {
      // SQLite may have rolled back already; if not, end the transaction so the next turn starts a fresh one
      if (this.db.inTransaction) {
        try {
          this.rollback.run();
        } catch {
          /* nothing more to undo */
        }
      }
      this.incomplete = true;
      this.forgetLastRows();
      this.onError(new Error(`rows of stored objects could not be committed (${(e as Error).message}); they are re-indexed at the next open`));
    }
  }

  get(sopInstanceUid: string): IndexedInstance | undefined {
    const r = this.instanceByUid.get(sopInstanceUid) as (IndexedInstance & { patientName: string | null; modality: string | null; instanceNumber: number | null; sourceAe: string | null; sourceUser: string | null }) | undefined;
    if (!r) return undefined;
    return {
      ...r,
      patientName: r.patientName ?? undefined,
      modality: r.modality ?? undefined,
      instanceNumber: r.instanceNumber ?? undefined,
      sourceAe: r.sourceAe ?? undefined,
      sourceUser: r.sourceUser ?? undefined,
    };
  }

  counts(): ArchiveCounts {
    const one = (sql: string): number => (this.db.prepare(sql).get() as { n: number }).n;
    return {
      patients: one('SELECT count(*) AS n FROM patients'),
      studies: one('SELECT count(*) AS n FROM studies'),
      series: one('SELECT count(*) AS n FROM series'),
      instances: one('SELECT count(*) AS n FROM instances'),
    };
  }

  /**
   * Removes an instance's row, and the series, study and patient rows it leaves without instances; with `read`, only
   * while the row still names that file (and size): another archive open on the folder may have stored the instance
   * again since the row was read. Returns whether it removed it.
   */
  remove(sopInstanceUid: string, read?: { path: string; size?: number }): boolean {
    this.forgetLastRows();
    return this.db.transaction(() => {
      const before = this.previousRow.get(sopInstanceUid) as { studyUid: string; seriesUid: string; path: string; size: number } | undefined;
      if (!before || (read && (before.path !== read.path || (read.size !== undefined && before.size !== read.size)))) return false;
      this.db.prepare('DELETE FROM instances WHERE sop_instance_uid = ?').run(sopInstanceUid);
      this.pruneSeries.run(before);
      this.pruneStudies.run();
      this.prunePatients.run();
      return true;
    })();
  }

  /** Points an instance's row at another path (its file moved), in the turn's transaction when one is open. */
  setPath(sopInstanceUid: string, path: string): void {
    this.db.prepare('UPDATE instances SET path = ? WHERE sop_instance_uid = ?').run(path, sopInstanceUid);
  }

  /** Every indexed instance: its UID, path (relative) and the size its file had. */
  entries(): { sopInstanceUid: string; path: string; size: number }[] {
    return this.db.prepare('SELECT sop_instance_uid AS sopInstanceUid, path, size FROM instances').all() as { sopInstanceUid: string; path: string; size: number }[];
  }

  /** Every indexed instance path (relative). */
  paths(): string[] {
    return (this.db.prepare('SELECT path FROM instances').all() as { path: string }[]).map((r) => r.path);
  }

  /** Commits the open turn and closes; its mark is removed unless rows were lost (re-indexed next open). */
  close(): void {
    this.commitTurn();
    if (!this.incomplete) {
      this.db.prepare('DELETE FROM meta WHERE key = ?').run(this.mark);
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
    this.db.close();
    releaseTag(this.tag);
  }
}
