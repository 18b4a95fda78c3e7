import { existsSync, readFileSync } from 'node:fs';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { DicomError, oneLine, systemErrorText } from '../../core/errors.js';
import { writeFileDurablySync } from '../../io/durable-write.js';
import { refuseUnlessFile } from '../../io/regular-file.js';

/** What a derived value is for; each purpose has its own namespace in the map file and in the keyed hash. */
export type Purpose = 'uid' | 'patient' | 'shift' | 'lesion';

const FORMAT = 'tbp-dicom-deidentification-map';

interface MapFile {
  format: typeof FORMAT;
  version: 1;
  entries: Record<Purpose, Record<string, string>>;
}

const emptyEntries = (): MapFile['entries'] => ({ uid: {}, patient: {}, shift: {}, lesion: {} });

export interface PseudonymStoreOptions {
  /** Secret key: derived values are a keyed hash (HMAC-SHA-256) of the original, the same in every run. */
  key?: Buffer;
  /** JSON file remembering every replacement, read before and written after a run, so runs stay consistent. */
  mapFile?: string;
}

/**
 * The source of every replacement value (UIDs, patient pseudonyms, date shifts, lesion pseudonyms): 16 bytes per
 * (purpose, original), either from a keyed hash or random and remembered. The same original always gets the same
 * replacement within a run, across runs sharing a map file, and across runs sharing a key.
 */
export class PseudonymStore {
  private readonly entries: MapFile['entries'];
  private dirty = false;
  /** This run's replacements by original, so repeated values cost no hashing. */
  private readonly memo = new Map<string, string>();
  /** The secret key, when values are derived rather than random. */
  readonly key: Buffer | undefined;

  constructor(private readonly options: PseudonymStoreOptions = {}) {
    this.key = options.key;
    this.entries = options.mapFile && existsSync(options.mapFile) ? readMap(options.mapFile) : emptyEntries();
  }

  /**
   * The replacement for `original`. UIDs are stored in clear (the map is the way back to the source); every
   * other original (patient IDs, lesion labels) is stored only as its SHA-256, so the map does not list identities.
   */
  value(purpose: Purpose, original: string, make: (bytes: Buffer) => string): string {
    const memoKey = `${purpose}\0${original}`;
    const remembered = this.memo.get(memoKey);
    if (remembered !== undefined) return remembered;
    const made = this.lookupOrMake(purpose, original, make);
    this.memo.set(memoKey, made);
    return made;
  }

  private lookupOrMake(purpose: Purpose, original: string, make: (bytes: Buffer) => string): string {
    const table = this.entries[purpose];
    const id = purpose === 'uid' ? original : createHash('sha256').update(original).digest('hex');
    const known = table[id];
    if (known !== undefined) return known;
    const bytes = this.options.key
      ? createHmac('sha256', this.options.key).update(`${purpose}\0${original}`).digest().subarray(0, 16)
      : randomBytes(16);
    const made = make(bytes);
    table[id] = made;
    this.dirty = true;
    return made;
  }

  /** Writes the map file (atomically) when one was given and something was added. */
  save(): void {
    const path = this.options.mapFile;
    if (!path || !this.dirty) return;
    const file: MapFile = { format: FORMAT, version: 1, entries: this.entries };
    writeFileDurablySync(path, JSON.stringify(file, null, 1), 0o600);
    this.dirty = false;
  }
}

function readMap(path: string): MapFile['entries'] {
  // Checked before the open, which for a FIFO would wait for a writer.
  refuseUnlessFile(path, 'the UID map is read, then rewritten with the new replacements; give the map file');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DicomError('IO', `cannot read the UID map: ${systemErrorText(e, path)}`, { file: path, cause: e });
  }
  let parsed: Partial<MapFile>;
  try {
    parsed = JSON.parse(text) as Partial<MapFile>;
  } catch (e) {
    throw new DicomError('BAD_JSON', `the UID map is not readable JSON: ${oneLine((e as Error).message)}`, { file: path });
  }
  if (parsed.format !== FORMAT || parsed.version !== 1 || typeof parsed.entries !== 'object') {
    throw new DicomError('BAD_JSON', `not a tbp-dicom de-identification map (format "${FORMAT}", version 1)`, { file: path });
  }
  return { ...emptyEntries(), ...parsed.entries };
}

/** Reads a key file: its bytes as they are (trailing newline removed), at least 16 of them. */
export function readKeyFile(path: string): Buffer {
  let key: Buffer;
  try {
    key = readFileSync(path);
  } catch (e) {
    throw new DicomError('IO', `cannot read the key file: ${systemErrorText(e, path)}`, { file: path, cause: e });
  }
  const text = key.toString('latin1').replace(/\r?\n$/, '');
  key = Buffer.from(text, 'latin1');
  if (key.length < 16) throw new DicomError('INVALID_ARGUMENT', `the key file holds ${key.length} bytes; use at least 16 (e.g. openssl rand -hex 32)`, { file: path });
  return key;
}
