import { openSync, closeSync, fstatSync } from 'node:fs';
import { readFully } from '../io/byte-source.js';

/** Where the data set of a Part 10 file starts, and in which transfer syntax it is encoded. */
export interface Part10Layout {
  datasetOffset: number;
  datasetLength: number;
  transferSyntaxUid: string;
  fileSize: number;
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/**
 * Finds the data set of a Part 10 file by walking its File Meta Information (explicit VR little endian, group 0002)
 * without parsing the rest; undefined when the file has no preamble and meta header.
 */
export function part10Layout(path: string): Part10Layout | undefined {
  const fd = openSync(path, 'r');
  try {
    const fileSize = fstatSync(fd).size;
    const head = Buffer.allocUnsafe(Math.min(fileSize, 64 * 1024));
    const got = readFully(fd, head, 0, head.length, 0);
    if (got < 132 + 12 || head.toString('latin1', 128, 132) !== 'DICM') return undefined;
    let pos = 132;
    let tsUid: string | undefined;
    while (pos + 8 <= got && head.readUInt16LE(pos) === 0x0002) {
      const element = head.readUInt16LE(pos + 2);
      const vr = head.toString('latin1', pos + 4, pos + 6);
      let length: number;
      let valueStart: number;
      if (LONG_VRS.has(vr)) {
        if (pos + 12 > got) return undefined;
        length = head.readUInt32LE(pos + 8);
        valueStart = pos + 12;
      } else {
        length = head.readUInt16LE(pos + 6);
        valueStart = pos + 8;
      }
      if (valueStart + length > got) return undefined;
      if (element === 0x0010) tsUid = head.toString('latin1', valueStart, valueStart + length).replace(/[\0 ]+$/, '');
      pos = valueStart + length;
    }
    if (!tsUid) return undefined;
    return { datasetOffset: pos, datasetLength: fileSize - pos, transferSyntaxUid: tsUid, fileSize };
  } finally {
    closeSync(fd);
  }
}
