import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { formatTag } from './tag.js';

/** Stable error codes; the CLI maps them to exit codes and users can match on them. */
export type DicomErrorCode =
  | 'TRUNCATED'
  | 'LENGTH_PAST_END'
  | 'ODD_LENGTH'
  | 'BAD_VR'
  | 'BAD_TAG'
  | 'BAD_ITEM'
  | 'TOO_DEEP'
  | 'LIMIT_EXCEEDED'
  | 'NOT_DICOM'
  | 'BAD_META'
  | 'UNSUPPORTED_TRANSFER_SYNTAX'
  | 'BAD_VALUE'
  | 'BAD_CHARSET'
  | 'UNKNOWN_ATTRIBUTE'
  | 'BAD_PATH'
  | 'BAD_JSON'
  | 'IO'
  | 'INVALID_ARGUMENT'
  | 'INTERRUPTED'
  | 'INTERNAL';

export interface DicomErrorDetails {
  file?: string;
  tag?: number;
  offset?: number;
  cause?: unknown;
}

/** The one error type the toolkit throws: a code, where it happened, and a message a user can act on. */
export class DicomError extends Error {
  readonly code: DicomErrorCode;
  file?: string;
  readonly tag?: number;
  readonly offset?: number;

  constructor(code: DicomErrorCode, message: string, details: DicomErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DicomError';
    this.code = code;
    this.file = details.file;
    this.tag = details.tag;
    this.offset = details.offset;
  }

  /** One line: file, offset, tag, message. */
  describe(): string {
    const where: string[] = [];
    if (this.file) where.push(this.file);
    if (this.offset !== undefined) where.push(`offset ${this.offset}`);
    if (this.tag !== undefined) where.push(`tag ${formatTag(this.tag)}`);
    return where.length ? `${where.join(', ')}: ${this.message}` : this.message;
  }
}

/**
 * What every command says of a path where nothing is, read or named: one wording whether a folder walk, an open or a
 * stat found it missing.
 */
export const NO_SUCH_FILE = 'no such file or directory';

/**
 * What is said of a path where nothing is: NO_SUCH_FILE, and, when the path is a symbolic link whose target is gone (a
 * deleted original, a drive moved), that it is one and where it points: the link is there to see, and "no such file"
 * alone sends the user looking for a file that is not missing.
 */
export function missingText(path: string): string {
  try {
    if (lstatSync(path).isSymbolicLink()) return `${NO_SUCH_FILE}: a symbolic link to ${readlinkSync(path)}, where nothing is`;
  } catch {
    // nothing at the path itself either
  }
  if (notUtf8Name(path)) return `${NO_SUCH_FILE} by this name: the file's name is not UTF-8 (shown with � for its bytes), and cannot be opened by the name listed; rename it`;
  return NO_SUCH_FILE;
}

/**
 * Whether `path` is the name (decoded with U+FFFD in place of bytes that are not UTF-8) of an entry of its folder whose
 * name is not UTF-8: a folder walk lists such a file, which its decoded name then does not open.
 */
function notUtf8Name(path: string): boolean {
  if (!path.includes('\uFFFD')) return false;
  const name = basename(path);
  try {
    return readdirSync(dirname(path), { encoding: 'buffer' }).some((bytes) => bytes.toString() === name && !bytes.equals(Buffer.from(name)));
  } catch {
    return false;
  }
}

/** The error for a path where nothing is (missingText), naming it. */
export const noSuchFile = (path: string, cause?: unknown): DicomError => new DicomError('IO', missingText(path), { file: path, cause });

/**
 * An error's message for a DicomError about `files` (a file, and the temporary file written for it, say). A Node system
 * error ("ENOENT: no such file or directory, open '/a/b'") reads "no such file or directory (ENOENT)" when it is about
 * one of them, which the DicomError names already, and a missing one NO_SUCH_FILE; one about another path keeps it.
 */
export function systemErrorText(error: unknown, ...files: string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const { code, syscall, path, dest } = error as NodeJS.ErrnoException & { dest?: string };
  if (typeof code !== 'string' || !syscall || !message.startsWith(`${code}: `)) return message;
  let text = message.slice(code.length + 2);
  const about = `, ${syscall}${path === undefined ? '' : ` '${path}'`}`;
  if (dest === undefined && text.endsWith(about) && (path === undefined || files.some((file) => resolve(path) === resolve(file)))) {
    text = text.slice(0, -about.length);
    // nothing at the path named: said as every command says it
    if (code === 'ENOENT' && path !== undefined) return missingText(path);
  }
  return `${text} (${code})`;
}

/**
 * Whether an error comes from the operating system (ENOENT, EACCES, EISDIR, ENOSPC …: it has the system call that
 * failed) or from Node's file system layer (ERR_FS_FILE_TOO_LARGE): a fault of the file or the machine, not the code.
 */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  return error instanceof Error && typeof code === 'string' && (typeof syscall === 'string' || code.startsWith('ERR_FS_'));
}

/**
 * An error that is no fault of the input: a bug (a TypeError, a RangeError …), in the toolkit or in how a program
 * called it. Said to be one, with the error it was (the cause), so that it is not taken for a file that cannot be read
 * or is damaged.
 */
export function internalError(error: unknown, file?: string): DicomError {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new DicomError('INTERNAL', `a bug, not a fault of the input: ${what}`, { file, cause: error });
}

/**
 * Returns the error as a DicomError, naming `file` (when given, and the error did not already): a system error as IO,
 * anything else that is not a DicomError as INTERNAL.
 */
export function asDicomError(error: unknown, file?: string): DicomError {
  if (error instanceof DicomError) {
    if (file && !error.file) error.file = file;
    return error;
  }
  if (!isSystemError(error)) return internalError(error, file);
  return new DicomError('IO', file ? systemErrorText(error, file) : systemErrorText(error), { file, cause: error });
}

/** The error as a DicomError naming the file (asDicomError). */
export const withFile = (error: unknown, file: string): DicomError => asDicomError(error, file);

/**
 * A parser's message as one line: JSON.parse quotes the text it stopped in (newlines and all), the YAML parser ends its
 * first line with ":" and shows the place on the lines after. One-line messages are what the CLI prints per problem.
 */
export function oneLine(message: string): string {
  const [first = '', ...rest] = message.split('\n');
  if (/:\s*$/.test(first) && rest.length) return first.replace(/:\s*$/, '');
  return [first, ...rest].join('\\n');
}
