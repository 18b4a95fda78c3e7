import type { Dataset } from '../core/dataset.js';
import { Element } from '../core/element.js';
import { DicomError } from '../core/errors.js';
import { tag } from '../core/tag.js';
import { MemorySink } from './byte-sink.js';
import { DatasetWriter, type SequenceLengthPolicy } from './dataset-writer.js';
import { encodeDataset, encodeDicom, type Writable } from './part10-writer.js';
import { transferSyntax } from './transfer-syntax.js';

const DIRECTORY_RECORDS = tag(0x0004, 0x1220);
const FIRST_ROOT = tag(0x0004, 0x1200);
const LAST_ROOT = tag(0x0004, 0x1202);
const NEXT = tag(0x0004, 0x1400);
const LOWER = tag(0x0004, 0x1420);
const RECORD_OFFSETS = [NEXT, LOWER];

export const isDicomdir = (ds: Dataset): boolean => ds.getElementByTag(DIRECTORY_RECORDS) !== undefined;

const readOffset = (el: Element | undefined): number => (el && Buffer.isBuffer(el.value) && el.value.length >= 4 ? el.value.readUInt32LE(0) : 0);
const writeOffset = (ds: Dataset, t: number, value: number): void => {
  const el = ds.getElementByTag(t);
  if (!el) return;
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  ds.addElement(new Element(t, 'UL', bytes));
};

/**
 * Directory records point at each other by byte offset in the file, and re-encoding (another transfer syntax, other
 * meta information) or de-identification moves them, so the offsets are carried over by record: before, each offset
 * is turned into the index of the record it points at (records lie in the file in sequence order, so sorted offsets
 * match records in order); after, back into the record's new position. Returns old offset → record index, or throws (naming `file`) when some record is not
 * reachable by offset.
 */
export function captureDirectoryLinks(ds: Dataset, file?: string): Map<number, number> {
  const records = ds.items(DIRECTORY_RECORDS);
  const offsets = new Set<number>([readOffset(ds.getElementByTag(FIRST_ROOT))]);
  for (const r of records) for (const t of RECORD_OFFSETS) offsets.add(readOffset(r.getElementByTag(t)));
  offsets.delete(0);
  const sorted = [...offsets].sort((a, b) => a - b);
  if (sorted.length !== records.length) {
    throw new DicomError('BAD_VALUE', `DICOMDIR offsets reach ${sorted.length} of ${records.length} directory records; the others cannot be carried to their new positions; make the DICOMDIR anew (e.g. with dcmmkdir)`, { file });
  }
  return new Map(sorted.map((offset, index) => [offset, index]));
}

/**
 * Rewrites every record offset of `file`'s data set for the positions the records take when the file is written with
 * `options` (captureDirectoryLinks says which record each old offset pointed at).
 */
export function relinkDirectory(file: Writable, links: Map<number, number>, options: { transferSyntaxUid: string; sequenceLength?: SequenceLengthPolicy }): void {
  const ds = file.dataset;
  const syntax = transferSyntax(options.transferSyntaxUid);
  const writer = new DatasetWriter(new MemorySink(), options.sequenceLength);
  // The preamble and meta information, as the file is written with them.
  let position = encodeDicom(file, options).length - encodeDataset(ds, options.transferSyntaxUid, options.sequenceLength).length;
  for (const el of ds) {
    if (el.tag === DIRECTORY_RECORDS) break;
    position += writer.elementLength(el, syntax);
  }
  position += syntax.explicitVR ? 12 : 8;
  const records = ds.items(DIRECTORY_RECORDS);
  const positions = records.map((item) => {
    const at = position;
    position += 8 + writer.datasetLength(item, syntax) + (writer.undefinedItem(item) ? 8 : 0);
    return at;
  });
  const moved = (old: number): number => (old === 0 ? 0 : positions[links.get(old)!] ?? 0);
  for (const t of [FIRST_ROOT, LAST_ROOT]) writeOffset(ds, t, moved(readOffset(ds.getElementByTag(t))));
  for (const r of records) for (const t of RECORD_OFFSETS) writeOffset(r, t, moved(readOffset(r.getElementByTag(t))));
}

/**
 * The root record (a patient's, in the usual hierarchy) each directory record lies under, following the offsets: the
 * study, series and image records of a patient are its record's siblings in the sequence, so only this says whose they
 * are. Records no offset reaches are left out.
 */
export function rootRecords(ds: Dataset): Map<Dataset, Dataset> {
  const records = ds.items(DIRECTORY_RECORDS);
  const links = captureDirectoryLinks(ds);
  const at = (offset: number): Dataset | undefined => (offset === 0 ? undefined : records[links.get(offset) ?? -1]);
  const owners = new Map<Dataset, Dataset>();
  // Each pending chain: its first record and the root it is under (none for the root chain). No recursion: a file may
  // nest records as deep as it has records.
  const chains: [Dataset | undefined, Dataset | undefined][] = [[at(readOffset(ds.getElementByTag(FIRST_ROOT))), undefined]];
  for (let chain = chains.pop(); chain; chain = chains.pop()) {
    const [first, root] = chain;
    for (let r = first; r && !owners.has(r); r = at(readOffset(r.getElementByTag(NEXT)))) {
      owners.set(r, root ?? r);
      chains.push([at(readOffset(r.getElementByTag(LOWER))), root ?? r]);
    }
  }
  return owners;
}
