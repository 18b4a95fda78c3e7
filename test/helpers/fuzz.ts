import { DicomError } from '../../src/core/errors.js';
import { readDicom } from '../../src/io/part10-reader.js';
import { encodeDicom } from '../../src/io/part10-writer.js';

/** A small seeded generator so a failing case can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Mutation = 'truncate' | 'flip' | 'splice' | 'length' | 'duplicate';
const KINDS: Mutation[] = ['truncate', 'flip', 'splice', 'length', 'duplicate'];

/** Damages a copy of `data`: cuts it, flips bytes, splices in another file, plants absurd lengths or repeats a run. */
export function mutate(data: Buffer, other: Buffer, random: () => number): { kind: Mutation; bytes: Buffer } {
  const kind = KINDS[Math.floor(random() * KINDS.length)]!;
  const at = (n: number): number => Math.floor(random() * Math.max(1, n));
  const bytes = Buffer.from(data);
  switch (kind) {
    case 'truncate':
      return { kind, bytes: bytes.subarray(0, at(bytes.length)) };
    case 'flip':
      for (let i = 0, n = 1 + at(8); i < n; i++) bytes[at(bytes.length)] = at(256);
      return { kind, bytes };
    case 'splice': {
      const cut = at(bytes.length);
      const from = at(other.length);
      return { kind, bytes: Buffer.concat([bytes.subarray(0, cut), other.subarray(from, from + at(4096))]) };
    }
    case 'length': {
      const pos = at(bytes.length - 4);
      const lengths = [0xffffffff, 0xfffffffe, 0x7fffffff, 0x10000, 1, 3];
      bytes.writeUInt32LE(lengths[at(lengths.length)]!, Math.max(0, pos));
      return { kind, bytes };
    }
    case 'duplicate': {
      const start = at(bytes.length);
      const run = bytes.subarray(start, start + at(2048));
      const insertAt = at(bytes.length);
      return { kind, bytes: Buffer.concat([bytes.subarray(0, insertAt), run, bytes.subarray(insertAt)]) };
    }
  }
}

export interface FuzzOutcome {
  ms: number;
  error?: DicomError;
}

/**
 * Parses damaged input strictly and leniently, and writes back what the lenient parse recovered. Anything thrown
 * that is not a DicomError about the input (one that is not, or an INTERNAL one) escapes to the caller: that is the
 * bug a fuzz run looks for.
 */
export function exercise(bytes: Buffer): FuzzOutcome {
  const start = performance.now();
  let error: DicomError | undefined;
  const attempt = (fn: () => void): void => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof DicomError) || e.code === 'INTERNAL') throw e;
      error ??= e;
    }
  };
  attempt(() => readDicom(bytes, { limits: { maxValueLength: 64 * 1024 * 1024 } }));
  attempt(() => {
    const file = readDicom(bytes, { lenient: true, limits: { maxValueLength: 64 * 1024 * 1024 } });
    for (const el of file.dataset) void el.length;
    if (file.dataset.has('SOPInstanceUID') && file.dataset.has('SOPClassUID')) encodeDicom(file);
  });
  return { ms: performance.now() - start, error };
}
