import { DicomError } from './errors.js';
import { parseTag, type Tag } from './tag.js';
import { lookupKeyword } from './dictionary.js';

/** A private attribute named by its creator: (gggg,"CREATOR",xx) where xx is the low byte of the element. */
export interface PrivateKey {
  group: number;
  creator: string;
  element: number;
}

export type AttributeKey = Tag | PrivateKey;

/** One step of a path into nested sequences: an attribute, and an item index when the path goes on inside it. */
export interface PathStep {
  key: AttributeKey;
  index?: number;
}

const PRIVATE_FORM = /^\(\s*([0-9a-f]{4})\s*,\s*"([^"]*)"\s*,\s*([0-9a-f]{2})\s*\)$/i;
const INDEXED = /^(.*)\[(\d+)\]$/;

/** Splits a path on dots outside quotes and parentheses: `Seq[0].(0013,"A.B",01)` has two steps. */
function splitSteps(text: string): string[] {
  const steps: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === '.') {
      steps.push(text.slice(start, i));
      start = i + 1;
    }
  }
  steps.push(text.slice(start));
  return steps;
}

/** Parses one attribute name: keyword, tag "(gggg,eeee)"/"ggggeeee", or private "(gggg,\"creator\",xx)". */
export function parseAttributeKey(text: string): AttributeKey {
  const trimmed = text.trim();
  const priv = PRIVATE_FORM.exec(trimmed);
  if (priv) {
    const group = parseInt(priv[1]!, 16);
    if (group % 2 === 0) throw new DicomError('BAD_PATH', `"${text}": private attributes live in odd groups`);
    return { group, creator: priv[2]!, element: parseInt(priv[3]!, 16) };
  }
  const t = parseTag(trimmed);
  if (t !== undefined) return t;
  const entry = lookupKeyword(trimmed);
  if (entry) return entry.tag;
  throw new DicomError('UNKNOWN_ATTRIBUTE', `"${text}" is neither a DICOM keyword nor a tag`);
}

/** Parsed names, since builders and edits name the same few hundred attributes over and over. */
const parsed = new Map<string, readonly PathStep[]>();
const CACHE_LIMIT = 4096;

/** Parses `ReferencedImageSequence[0].ReferencedSOPInstanceUID` into steps. */
export function parseAttributePath(text: string): readonly PathStep[] {
  const known = parsed.get(text);
  if (known) return known;
  if (!text.trim()) throw new DicomError('BAD_PATH', 'empty attribute name');
  const steps = splitSteps(text).map((raw) => {
    const m = INDEXED.exec(raw.trim());
    return m ? { key: parseAttributeKey(m[1]!), index: Number(m[2]) } : { key: parseAttributeKey(raw) };
  });
  if (parsed.size >= CACHE_LIMIT) parsed.clear();
  parsed.set(text, steps);
  return steps;
}

export const isPrivateKey = (k: AttributeKey): k is PrivateKey => typeof k === 'object';
