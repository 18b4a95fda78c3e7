import { Dataset } from '../core/dataset.js';
import { DicomError } from '../core/errors.js';

/** What a value is, for a message: "a Dataset", "an object", "a string", "undefined". */
function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  const name = typeof value !== 'object' ? typeof value : (value as object).constructor?.name ?? 'Object';
  const kind = name === 'Object' ? 'object' : name;
  return `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind}`;
}

const refuse = (call: string, problem: string): never => {
  throw new DicomError('INVALID_ARGUMENT', `${call}: ${problem}`);
};

/**
 * Refuses, for JavaScript callers that no type checker helps, the shapes a write is easily given by mistake: the Dataset
 * itself where a file ({ dataset }) is expected, the arguments the wrong way round, a transfer syntax UID where the
 * options go (it would be dropped and the file written in another syntax). Each would otherwise fail deep inside, as
 * a TypeError, or not at all.
 */
export function checkWriteArguments(call: string, args: { path?: unknown; file: unknown; options: unknown }): void {
  const { path, file, options } = args;
  if ('path' in args && typeof path !== 'string') refuse(call, `the path is ${kindOf(path)}, not a string (are the path and the file the wrong way round?)`);
  if (file instanceof Dataset) refuse(call, 'give the file as { dataset }, not the Dataset itself');
  if (typeof file !== 'object' || file === null) refuse(call, `the file is ${kindOf(file)}: give { dataset } (a file as read, or an object holding a Dataset)`);
  const { dataset } = file as { dataset?: unknown };
  if (!(dataset instanceof Dataset)) refuse(call, `the file's dataset is ${kindOf(dataset)}, not a Dataset`);
  if (typeof options !== 'object' || options === null) refuse(call, `the options are ${kindOf(options)}, not an object (a transfer syntax is given as { transferSyntaxUid })`);
}

/** Refuses a data set to encode that is not a Dataset: a file as read (give its dataset), or anything else. */
export function checkDatasetArgument(call: string, ds: unknown): void {
  if (ds instanceof Dataset) return;
  if ((ds as { dataset?: unknown } | undefined)?.dataset instanceof Dataset) refuse(call, 'give the Dataset (file.dataset), not the file holding it');
  refuse(call, `the data set is ${kindOf(ds)}, not a Dataset`);
}

/**
 * Refuses what a read is easily given by mistake from JavaScript: a path where the bytes go (readDicom('a.dcm')), bytes
 * or nothing where a path goes, options that are no object (a transfer syntax UID given to readDicom).
 */
export function checkReadArguments(call: string, args: { path?: unknown; buffer?: unknown; options: unknown }): void {
  const { path, buffer, options } = args;
  if ('path' in args && typeof path !== 'string') refuse(call, `the path is ${kindOf(path)}, not a string${Buffer.isBuffer(path) ? ' (readDicom reads bytes)' : ''}`);
  if ('buffer' in args && !Buffer.isBuffer(buffer)) refuse(call, `the bytes are ${kindOf(buffer)}, not a Buffer${typeof buffer === 'string' ? ' (readDicomFile reads a file by its path)' : ''}`);
  if (typeof options !== 'object' || options === null) refuse(call, `the options are ${kindOf(options)}, not an object`);
}
