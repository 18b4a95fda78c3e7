import type * as Zlib from 'node:zlib';
import { Dataset } from '../core/dataset.js';
import { DicomError } from '../core/errors.js';
import { onFirstUse } from '../core/on-first-use.js';
import { BufferSource, type ByteSource } from './byte-source.js';
import { DatasetParser, PrefixExhausted } from './dataset-parser.js';
import { NO_STOP, type ResolvedReadOptions } from './read-options.js';
import type { TransferSyntax } from './transfer-syntax.js';

const zlib = onFirstUse<typeof Zlib>('node:zlib');

/** The compressed bytes a header scan inflates first: a few KiB of header compress to less. */
const FIRST_PREFIX = 8 * 1024;
/**
 * The compressed bytes a full read inflates first to learn how long the data set is (inflatedLengthAtLeast): from a
 * little, which may inflate a thousandfold, doubling up to enough for a header with a large ICC profile, each prefix
 * inflating to SIZING_OUTPUT at most. A stream no longer than SIZING_FIRST is simply inflated.
 */
const SIZING_FIRST = 1024;
const SIZING_PREFIX = 1024 * 1024;
const SIZING_OUTPUT = 16 * 1024 * 1024;
/** Room after the value that tells the length, for elements that may follow it (padding, a digital signature). */
const SLACK = 1024 * 1024;
/** Deflate cannot inflate to more than about 1,032 times its size: a length past that is damage, not a hint. */
const MAX_DEFLATE_RATIO = 1032;

/**
 * Reads the deflated data set that starts at `offset`. A full read inflates it whole: the data set is held in memory
 * anyway, once (into a buffer of the length its start tells, see `inflate`). A header scan (`stopAtTag`) inflates a
 * prefix of the compressed bytes, doubling it only while the parse needs bytes past what the prefix gave, so a small
 * file that inflates to gigabytes (a deflate bomb) costs a scan its header. The output of a prefix is the start of the
 * whole output, so the scan reads what a full inflate would.
 */
export function readDeflated(src: ByteSource, offset: number, syntax: TransferSyntax, options: ResolvedReadOptions): Dataset {
  const length = src.length - offset;
  if (options.stopAtTag !== NO_STOP) {
    const undo = undoFrom(options);
    // The last prefix is the whole stream, still parsed as a prefix, so that a scan behaves the same whatever the
    // stream's size: it succeeds once it has found its tag, and damage after the tag is not its concern. The first
    // prefix cannot inflate past the limit (deflate inflates 1,032-fold at most), so that a header within the limit is
    // found however much the rest of the data set would inflate to.
    const first = Math.max(64, Math.min(FIRST_PREFIX, Math.floor(options.limits.maxInflatedLength / MAX_DEFLATE_RATIO)));
    for (let n = Math.min(first, length); ; n = Math.min(2 * n, length)) {
      try {
        return parseInflated(inflate(src.view(offset, n), options, true), syntax, options, true);
      } catch (e) {
        if (!(e instanceof PrefixExhausted)) throw e;
        // the next prefix is parsed from the start: what this one warned and counted does not count twice
        undo();
      }
      if (n === length) break;
    }
  }
  const atLeast = length > SIZING_FIRST ? inflatedLengthAtLeast(src, offset, syntax, options) : undefined;
  let inflated: Buffer;
  try {
    inflated = inflate(src.view(offset, length), options, false, atLeast);
  } catch (e) {
    // Read leniently, a stream cut short gives what it holds, as a cut file of another syntax does.
    if (!options.lenient || !(e instanceof DicomError) || e.code !== 'BAD_VALUE') throw e;
    inflated = inflate(src.view(offset, length), options, true);
    options.warnings.push(`the deflated data set does not end (${e.message}): the ${inflated.length} bytes it inflates to are read`);
    options.cutShort = true;
  }
  return parseInflated(inflated, syntax, options, false);
}

/**
 * How long the inflated data set is at least, told by the value that holds the bulk of it (in an image, Pixel Data):
 * the first value that runs past a prefix and ends where at least 90% of the compressed length would inflate to
 * (inflated data is hardly ever shorter than compressed). Growing prefixes are parsed until one ends in such a value:
 * shorter ones (an ICC profile) may come before it. Undefined when none is found, or the start does not parse (the
 * full read then says why). Nothing of the attempt stays in `options`.
 */
function inflatedLengthAtLeast(src: ByteSource, offset: number, syntax: TransferSyntax, options: ResolvedReadOptions): number | undefined {
  const length = src.length - offset;
  const undo = undoFrom(options);
  for (let n = SIZING_FIRST; n <= SIZING_PREFIX && n < length; n *= 2) {
    try {
      // a prefix shorter than the stream always ends in PrefixExhausted, parsed to its end or not
      parseInflated(inflate(src.view(offset, n), options, true, undefined, SIZING_OUTPUT), syntax, options, true);
    } catch (e) {
      if (!(e instanceof PrefixExhausted)) return undefined;
      const needs = e.needs;
      if (needs !== undefined && needs >= 0.9 * length) return needs <= length * MAX_DEFLATE_RATIO ? needs : undefined;
    } finally {
      undo();
    }
  }
  return undefined;
}

/** Takes `options` back to where they are now: the warnings given and elements counted since are forgotten. */
function undoFrom(options: ResolvedReadOptions): () => void {
  const { warnings, budget } = options;
  const warned = warnings.length;
  const left = budget.elements;
  return () => {
    warnings.length = warned;
    budget.elements = left;
  };
}

function parseInflated(inflated: Buffer, syntax: TransferSyntax, options: ResolvedReadOptions, prefix: boolean): Dataset {
  const dataset = new Dataset();
  new DatasetParser(new BufferSource(inflated), options, prefix).parse(dataset, 0, inflated.length, syntax);
  return dataset;
}

/**
 * Inflates raw deflate (PS3.5 A.5), or a zlib stream as some writers produce. A prefix of the input gives what it
 * holds (a sync flush) instead of failing as truncated. Given how long the output is at least (`atLeast`), raw deflate
 * is first inflated into one buffer of that length and SLACK more, which zlib returns as it is: its usual output, in
 * chunks joined at the end, holds the data set twice at that moment. Output past `maxOutputLength` is refused.
 */
function inflate(data: Buffer, options: ResolvedReadOptions, prefix: boolean, atLeast?: number, maxOutputLength = options.limits.maxInflatedLength): Buffer {
  const { constants, inflateRawSync, inflateSync } = zlib();
  const finishFlush = prefix ? constants.Z_SYNC_FLUSH : constants.Z_FINISH;
  if (atLeast !== undefined && atLeast + SLACK < maxOutputLength) {
    const chunkSize = atLeast + SLACK;
    try {
      // Capped one byte short of the buffer, so that longer output stops before zlib takes a second one.
      return inflateRawSync(data, { finishFlush, chunkSize, maxOutputLength: chunkSize - 1 });
    } catch {
      /* longer after all, or not raw deflate, or damaged: the usual way below runs, and reports what it finds */
    }
  }
  const zlibOptions = { maxOutputLength, finishFlush };
  try {
    return inflateRawSync(data, zlibOptions);
  } catch (raw) {
    try {
      return inflateSync(data, zlibOptions);
    } catch {
      const reason = (raw as Error).message;
      if ((raw as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new DicomError('LIMIT_EXCEEDED', `deflated data set inflates to more than ${maxOutputLength} bytes (limits.maxInflatedLength)`, { file: options.file, cause: raw });
      }
      throw new DicomError('BAD_VALUE', `deflated data set cannot be inflated: ${reason}`, { file: options.file, cause: raw });
    }
  }
}
