import { oneLine } from '../core/errors.js';
import { ManifestError, formatPath } from './manifest-error.js';

/** An object or array being scanned: the path to it, and for an object its keys so far (with their lines). */
interface Container {
  path: (string | number)[];
  keys?: Map<string, number>;
  /** Object: the key whose value comes next (undefined while a key is expected). Array: the index of the next value. */
  key?: string;
  index: number;
}

/**
 * The duplicate keys of valid JSON text, one problem each, named by path and lines. JSON.parse keeps the last of
 * them, YAML refuses them: a manifest means one value per field, whichever form it is in.
 */
function duplicateKeys(text: string): string[] {
  const problems: string[] = [];
  const stack: Container[] = [];
  let line = 1;
  const pathHere = (): (string | number)[] => {
    const top = stack.at(-1);
    if (!top) return [];
    return [...top.path, top.keys ? top.key! : top.index];
  };
  for (let pos = 0; pos < text.length; pos++) {
    const c = text[pos];
    if (c === '\n') line++;
    else if (c === '{' || c === '[') stack.push({ path: pathHere(), index: 0, ...(c === '{' ? { keys: new Map() } : {}) });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack.at(-1)!;
      if (top.keys) top.key = undefined;
      else top.index++;
    } else if (c === '"') {
      const start = pos;
      // The closing quote is the first one not escaped (preceded by an even number of backslashes).
      for (pos++; text[pos] !== '"'; pos++) if (text[pos] === '\\') pos++;
      const top = stack.at(-1);
      if (top?.keys && top.key === undefined) {
        const key = JSON.parse(text.slice(start, pos + 1)) as string;
        const first = top.keys.get(key);
        if (first === undefined) top.keys.set(key, line);
        else problems.push(`${formatPath([...top.path, key])}: given twice (lines ${first} and ${line}); give it once`);
        top.key = key;
      }
    }
  }
  return problems;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null/y;

/** Whether `pattern` (sticky) matches at `pos`; the offset after it, or -1. */
function matchAt(pattern: RegExp, text: string, pos: number): number {
  pattern.lastIndex = pos;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/**
 * The offset of the first character that makes `text` not JSON (its length when the text stops early), found by
 * walking the grammar without recursion: V8 names some errors (a token a list or object does not take) only by
 * quoting the text around them, which does not say where in a long file they are.
 */
function syntaxErrorOffset(text: string): number {
  const open: string[] = [];
  // value: a value is due; key: a key is due; first: after "{" or "[", where the closer may come; after: a value ended.
  let want: 'value' | 'key' | 'first' | 'after' = 'value';
  let pos = 0;
  for (;;) {
    while (WHITESPACE.has(text[pos]!)) pos++;
    if (pos >= text.length) return pos;
    const c = text[pos]!;
    const top = open.at(-1);
    if (want === 'first') {
      if (c === (top === '{' ? '}' : ']')) {
        open.pop();
        pos++;
        want = 'after';
      } else want = top === '{' ? 'key' : 'value';
    } else if (want === 'key') {
      const end = c === '"' ? matchAt(STRING, text, pos) : -1;
      if (end < 0) return pos;
      pos = end;
      while (WHITESPACE.has(text[pos]!)) pos++;
      if (text[pos] !== ':') return pos;
      pos++;
      want = 'value';
    } else if (want === 'value') {
      if (c === '{' || c === '[') {
        open.push(c);
        pos++;
        want = 'first';
        continue;
      }
      const end = c === '"' ? matchAt(STRING, text, pos) : Math.max(matchAt(NUMBER, text, pos), matchAt(LITERAL, text, pos));
      if (end < 0) return pos;
      pos = end;
      want = 'after';
    } else {
      if (top === undefined || (c !== ',' && c !== (top === '{' ? '}' : ']'))) return pos;
      pos++;
      if (c === ',') want = top === '{' ? 'key' : 'value';
      else open.pop();
    }
  }
}

/**
 * JSON.parse's message with the line and column of the offset it names (Node 20 gives only the offset: "at position
 * 1234"; for a token a list or object does not take it quotes the text around it instead, which is left out and the
 * offset found by syntaxErrorOffset), and what stopped it when that is what other formats allow and JSON does not: a
 * comment, a comma after the last entry.
 */
function syntaxMessage(text: string, message: string): string {
  const at = /at position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : syntaxErrorOffset(text);
  if (!at) message = message.replace(/, (?:\.\.\.)?".*$/, '');
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const place = /\(line \d+ column \d+\)/.test(message) ? '' : ` (line ${line}, column ${column})`;
  const next = text[offset];
  const hint = next === '/' ? '; JSON has no comments'
    : (next === '}' || next === ']') && /,\s*$/.test(before) ? '; JSON has no comma after the last entry' : '';
  return `${message}${place}${hint}`;
}

/**
 * Parses a JSON manifest or metadata file as strictly as YAML ones are read: text that is not JSON, or an object with
 * a key given twice, is refused (ManifestError naming `file`).
 */
export function parseJsonText(text: string, file: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(file, [`not valid JSON: ${syntaxMessage(text, oneLine((e as Error).message))}`]);
  }
  const duplicates = duplicateKeys(text);
  if (duplicates.length) throw new ManifestError(file, duplicates);
  return value;
}
