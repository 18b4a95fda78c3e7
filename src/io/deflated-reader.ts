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
 * Reads the deflated data set that starts at `offset`. A full read inflates it whole: the data set is held in memory
 * anyway. A header scan (`stopAtTag`) inflates a prefix of the compressed bytes, doubling it only while the parse
 * needs bytes past what the prefix gave, so a small file that inflates to gigabytes (a deflate bomb) costs a scan
 * its header. The output of a prefix is the start of the whole output, so the scan reads what a full inflate would.
 */
export function readDeflated(src: ByteSource, offset: number, syntax: TransferSyntax, options: ResolvedReadOptions): Dataset {
  const length = src.length - offset;
  if (options.stopAtTag !== NO_STOP) {
    const { warnings, budget } = options;
    const warned = warnings.length;
    const left = budget.elements;
    // The last prefix is the whole stream, still parsed as a prefix, so that a scan behaves the same whatever the
    // stream's size: it succeeds once it has found its tag, and damage after the tag is not its concern.
    for (let n = Math.min(FIRST_PREFIX, length); ; n = Math.min(2 * n, length)) {
      try {
        return parseInflated(inflate(src.view(offset, n), options, true), syntax, options, true);
      } catch (e) {
        if (!(e instanceof PrefixExhausted)) throw e;
        // the next prefix is parsed from the start: what this one warned and counted does not count twice
        warnings.length = warned;
        budget.elements = left;
      }
      if (n === length) break;
    }
  }
  return parseInflated(inflate(src.view(offset, length), options, false), syntax, options, false);
}

function parseInflated(inflated: Buffer, syntax: TransferSyntax, options: ResolvedReadOptions, prefix: boolean): Dataset {
  const dataset = new Dataset();
  new DatasetParser(new BufferSource(inflated), options, prefix).parse(dataset, 0, inflated.length, syntax);
  return dataset;
}

/**
 * Inflates raw deflate (PS3.5 A.5), or a zlib stream as some writers produce. A prefix of the input gives what it
 * holds (a sync flush) instead of failing as truncated.
 */
function inflate(data: Buffer, options: ResolvedReadOptions, prefix: boolean): Buffer {
  const maxOutputLength = options.limits.maxInflatedLength;
  const { constants, inflateRawSync, inflateSync } = zlib();
  const zlibOptions = { maxOutputLength, finishFlush: prefix ? constants.Z_SYNC_FLUSH : constants.Z_FINISH };
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
