// An index as version 2 made it (its schema as SQLite stored it), for the migration tests: series keyed by their UID
// alone, instances naming only their series.
import Database from 'better-sqlite3';

const SCHEMA_V2 = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE patients (
  pk INTEGER PRIMARY KEY,
  patient_id TEXT NOT NULL,
  issuer TEXT NOT NULL,
  patient_name TEXT,
  birth_date TEXT,
  sex TEXT,
  UNIQUE (patient_id, issuer)
);
CREATE TABLE studies (
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
CREATE INDEX studies_patient ON studies(patient_pk);
CREATE INDEX studies_date ON studies(study_date);
CREATE TABLE series (
  series_uid TEXT PRIMARY KEY,
  study_uid TEXT NOT NULL REFERENCES studies(study_uid),
  modality TEXT,
  series_number INTEGER,
  series_description TEXT,
  body_part TEXT,
  series_date TEXT,
  series_time TEXT,
  frame_of_reference_uid TEXT
);
CREATE INDEX series_study ON series(study_uid);
CREATE TABLE instances (
  sop_instance_uid TEXT PRIMARY KEY,
  sop_class_uid TEXT NOT NULL,
  series_uid TEXT NOT NULL REFERENCES series(series_uid),
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
  received_at TEXT NOT NULL
);
CREATE INDEX instances_series ON instances(series_uid);
INSERT INTO meta (key, value) VALUES ('schema_version', '2'), ('open', '0');
`;

export interface V2Instance {
  sopInstanceUid: string;
  studyUid: string;
  seriesUid: string;
  path: string;
  sourceUser?: string;
}

/**
 * Writes an index of version 2 (closed cleanly) at `path` with these instances of one patient, each series in the
 * study its first instance names (a series row held one study); `version1` leaves out the source_user column.
 */
export function writeV2Index(path: string, instances: V2Instance[], version1 = false): void {
  const db = new Database(path);
  db.exec(SCHEMA_V2);
  if (version1) db.exec("ALTER TABLE instances DROP COLUMN source_user; UPDATE meta SET value = '1' WHERE key = 'schema_version'");
  db.prepare("INSERT INTO patients (pk, patient_id, issuer, patient_name) VALUES (1, 'P1', '', 'Old^Index')").run();
  for (const i of instances) {
    db.prepare("INSERT OR IGNORE INTO studies (study_uid, patient_pk, study_date, updated_at) VALUES (?, 1, '20240102', 'then')").run(i.studyUid);
    db.prepare("INSERT OR IGNORE INTO series (series_uid, study_uid, modality, series_number) VALUES (?, ?, 'OT', 1)").run(i.seriesUid, i.studyUid);
    db.prepare(`INSERT INTO instances (sop_instance_uid, sop_class_uid, series_uid, instance_number, transfer_syntax_uid, path, size, rows, columns, source_ae${version1 ? '' : ', source_user'}, received_at)
      VALUES (?, '1.2.840.10008.5.1.4.1.1.7', ?, 1, '1.2.840.10008.1.2.1', ?, 100, 2, 3, 'OLD'${version1 ? '' : ', ?'}, 'then')`)
      .run(i.sopInstanceUid, i.seriesUid, i.path, ...(version1 ? [] : [i.sourceUser ?? null]));
  }
  db.close();
}
