import { openSync, closeSync, fstatSync } from 'node:fs';
import { readFully } from '../io/byte-source.js';

/** Where the data set of a Part 10 file starts, and in which transfer syntax it is encoded. */
export interface Part10Layout {
  datasetOffset: number;
  datasetLength: number;
  transferSyntaxUid: string;
  fileSize: number;
  /** Media Storage SOP Class / Instance UID from the meta header, when present. */
  sopClassUid?: string;
  sopInstanceUid?: string;
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

const FIRST_READ = 4 * 1024;
const firstRead = Buffer.allocUnsafe(FIRST_READ);

/**
 * Finds the data set of a Part 10 file by walking its File Meta Information (explicit VR little endian, group 0002)
 * without parsing the rest; undefined when the file has no preamble and meta header.
 */
export function part10Layout(path: string): Part10Layout | undefined {
  const fd = openSync(path, 'r');
  try {
    const fileSize = fstatSync(fd).size;
    // Meta headers are a few hundred bytes: read 4 KiB first (into a buffer kept for the next file: nothing returned
    // refers to it), 64 KiB only for an unusually long one.
    for (const size of [FIRST_READ, 64 * 1024]) {
      const head = size === FIRST_READ ? firstRead : Buffer.allocUnsafe(size);
      const got = readFully(fd, head, 0, Math.min(fileSize, size), 0);
      const r = walkMeta(head, got, fileSize);
      if (r !== 'more') return r;
      if (got >= fileSize) return undefined;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Walks group 0002 in `head`; 'more' when the bytes read end inside it. */
function walkMeta(head: Buffer, got: number, fileSize: number): Part10Layout | undefined | 'more' {
  if (got < 132 + 12 || head.toString('latin1', 128, 132) !== 'DICM') return undefined;
  const complete = got >= fileSize;
  let pos = 132;
  let tsUid: string | undefined;
  let sopClassUid: string | undefined;
  let sopInstanceUid: string | undefined;
  const uid = (a: number, b: number): string => head.toString('latin1', a, b).replace(/[\0 ]+$/, '');
  for (;;) {
    if (pos + 8 > got) {
      if (!complete) return 'more';
      break;
    }
    if (head.readUInt16LE(pos) !== 0x0002) break;
    const element = head.readUInt16LE(pos + 2);
    const vr = head.toString('latin1', pos + 4, pos + 6);
    let length: number;
    let valueStart: number;
    if (LONG_VRS.has(vr)) {
      if (pos + 12 > got) return complete ? undefined : 'more';
      length = head.readUInt32LE(pos + 8);
      valueStart = pos + 12;
    } else {
      length = head.readUInt16LE(pos + 6);
      valueStart = pos + 8;
    }
    if (valueStart + length > got) return complete ? undefined : 'more';
    if (element === 0x0010) tsUid = uid(valueStart, valueStart + length);
    else if (element === 0x0002) sopClassUid = uid(valueStart, valueStart + length) || undefined;
    else if (element === 0x0003) sopInstanceUid = uid(valueStart, valueStart + length) || undefined;
    pos = valueStart + length;
  }
  if (!tsUid) return undefined;
  return { datasetOffset: pos, datasetLength: fileSize - pos, transferSyntaxUid: tsUid, fileSize, sopClassUid, sopInstanceUid };
}
