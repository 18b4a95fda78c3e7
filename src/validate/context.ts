import type { Dataset } from '../core/dataset.js';
import { formatTag, type Tag } from '../core/tag.js';
import { keywordOf } from '../core/dictionary.js';
import type { Finding, FindingCode, Severity } from './types.js';

/** How many findings of one kind (code, module and path, item indices aside) a report lists unless told otherwise. */
export const DEFAULT_MAX_FINDINGS = 100;

/** A kind of finding the sink lists up to its cap: the first listed, and how many came after. */
interface Kind {
  first: Finding;
  listed: number;
  /** Index of its last listed finding, after which its "… and N more like it" goes. */
  last: number;
  more: number;
}

/**
 * Collects findings for one instance, dropping repeats (the same attribute checked by two modules). Of each kind it
 * keeps the first `max` (0: all) and counts the rest, so that a sequence of a million faulty items costs memory for
 * `max` findings, not for a million; `errors` and `warnings` count every finding, listed or not.
 */
export class FindingSink {
  private readonly listed: Finding[] = [];
  private readonly kindOf: Kind[] = [];
  private readonly seen = new Set<string>();
  private readonly kinds = new Map<string, Kind>();
  errors = 0;
  warnings = 0;

  constructor(private readonly max = DEFAULT_MAX_FINDINGS) {}

  add(f: Finding): void {
    // The file too: the set checks say the same of two files.
    const key = `${f.file ?? ''}|${f.code}|${f.path ?? f.keyword ?? ''}|${f.message}`;
    if (this.seen.has(key)) return;
    if (f.severity === 'error') this.errors++;
    else if (f.severity === 'warning') this.warnings++;
    const kindKey = `${f.severity}|${f.code}|${f.module ?? ''}|${pathPattern(f.path)}`;
    let kind = this.kinds.get(kindKey);
    if (!kind) this.kinds.set(kindKey, (kind = { first: f, listed: 0, last: 0, more: 0 }));
    if (this.max > 0 && kind.listed >= this.max) {
      // Not remembered: a repeat of one past the cap is counted again (two modules walking the same items).
      kind.more++;
      return;
    }
    kind.listed++;
    kind.last = this.listed.length;
    this.seen.add(key);
    this.listed.push(f);
    this.kindOf.push(kind);
  }

  /** The findings listed, each kind with more than the cap followed by one "… and N more like it" (its `more`). */
  get findings(): Finding[] {
    return this.listed.flatMap((f, i) => {
      const kind = this.kindOf[i]!;
      return kind.more > 0 && kind.last === i ? [f, moreLike(kind)] : [f];
    });
  }

  /** Adds a finding about an attribute at `path` (the path names its keyword and tag). */
  at(severity: Severity, code: FindingCode, module: string | undefined, where: AttributeWhere, message: string): void {
    const f: Finding = { severity, code, message, keyword: where.keyword, tag: formatTag(where.tag), path: where.path };
    if (module) f.module = module;
    this.add(f);
  }
}

/** A path with its item indices left out: "ReferencedImageSequence[*].ReferencedSOPClassUID". */
const pathPattern = (path: string | undefined): string => path?.replace(/\[\d+\]/g, '[*]') ?? '';

/** The finding that stands for a kind's findings past the cap. */
function moreLike(kind: Kind): Finding {
  const { severity, code, module, keyword, tag, path } = kind.first;
  const f: Finding = { severity, code, message: `… and ${kind.more} more like it`, more: kind.more };
  if (module) f.module = module;
  if (keyword) f.keyword = keyword;
  if (tag) f.tag = tag;
  if (path) f.path = pathPattern(path);
  return f;
}

export interface AttributeWhere {
  keyword: string;
  tag: Tag;
  path: string;
}

/** Where an attribute sits: its keyword (or tag text for unknown ones), tag, and its path from the top-level data set. */
export function where(prefix: string, tag: Tag, keyword?: string): AttributeWhere {
  const name = keyword ?? keywordOf(tag) ?? formatTag(tag);
  return { keyword: name, tag, path: prefix ? `${prefix}.${name}` : name };
}

/** The data sets a check walks: the instance, and the transfer syntax in effect. */
export interface InstanceContext {
  root: Dataset;
  transferSyntaxUid?: string;
  /** Ids of the modules the IOD requires of this instance (some conditions depend on what the IOD asks for). */
  requiredModules?: ReadonlySet<string>;
}
