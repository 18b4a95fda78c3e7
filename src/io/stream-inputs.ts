import { constants, createReadStream, fstatSync, openSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { asDicomError, withFile } from '../core/errors.js';
import { limitsInForce } from '../core/limits-in-force.js';
import { streamTooLong } from './byte-source.js';
import { readDicom, readDicomFile, STANDARD_INPUT, type DicomFile } from './part10-reader.js';
import type { ReadOptions } from './read-options.js';

/** Standard input and the pipes among a command's inputs, read beforehand: each one's bytes, or why it could not be read. */
export type StreamInputs = ReadonlyMap<string, Buffer | Error>;

/**
 * Reads standard input (`-`) or a pipe named as a file to its end, as readDicomFile reads it, up to
 * limits.maxStreamLength, but without stopping the event loop: a FIFO waiting for its writer, or a terminal, then
 * leaves signal handlers free to run, and `signal` ends the wait (rejecting with its reason).
 */
function readStreamInput(path: string, signal?: AbortSignal): Promise<Buffer> {
  const limit = limitsInForce().maxStreamLength;
  let stream: Readable;
  if (path === STANDARD_INPUT) stream = process.stdin;
  else {
    // Opened without blocking, a FIFO does not wait for a writer here; read as a socket, it waits in the event loop.
    const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    stream = fstatSync(fd).isFIFO() ? new Socket({ fd, readable: true, writable: false }) : createReadStream('', { fd });
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let used = 0;
    const fail = (e: unknown): void => {
      signal?.removeEventListener('abort', aborted);
      stream.destroy();
      reject(e);
    };
    const aborted = (): void => fail(signal!.reason);
    signal?.addEventListener('abort', aborted, { once: true });
    stream.on('data', (chunk: Buffer) => {
      used += chunk.length;
      if (used > limit) return fail(streamTooLong(limit));
      chunks.push(chunk);
    });
    stream.once('error', fail);
    stream.once('end', () => {
      signal?.removeEventListener('abort', aborted);
      resolve(Buffer.concat(chunks, used));
    });
  });
}

/**
 * Reads the standard input and pipes among `paths` (`isStream`) beforehand, one after the other, so that a command
 * that reads its files synchronously can still be stopped by a signal while it waits for one. Rejects only with
 * `signal`'s reason; a stream that cannot be read keeps its error, for the command to report when it comes to it.
 */
export async function readStreamInputs(paths: readonly string[], isStream: (path: string) => boolean, signal?: AbortSignal): Promise<StreamInputs> {
  const read = new Map<string, Buffer | Error>();
  for (const path of paths) {
    if (read.has(path) || !isStream(path)) continue;
    try {
      read.set(path, await readStreamInput(path, signal));
    } catch (e) {
      if (signal?.aborted && e === signal.reason) throw e;
      read.set(path, withFile(e, path));
    }
  }
  return read;
}

/** readDicomFile, or for a stream read beforehand (readStreamInputs) the same read of its bytes, or its read's error. */
export function readDicomInput(path: string, options: ReadOptions, streams?: StreamInputs): DicomFile {
  const bytes = streams?.get(path);
  if (bytes === undefined) return readDicomFile(path, options);
  if (bytes instanceof Error) throw bytes;
  try {
    const file = readDicom(bytes, { ...options, file: path });
    file.path = path;
    return file;
  } catch (e) {
    throw asDicomError(e, path);
  }
}
