import type { Dataset } from '../core/dataset.js';
import { formatTag, type Tag } from '../core/tag.js';
import { keywordOf } from '../core/dictionary.js';
import type { Finding, FindingCode, Severity } from './types.js';

/** Collects findings for one instance, dropping repeats (the same attribute checked by two modules). */
export class FindingSink {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();

  add(f: Finding): void {
    const key = `${f.code}|${f.path ?? f.keyword ?? ''}|${f.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.findings.push(f);
  }

  /** Adds a finding about an attribute at `path` (the path names its keyword and tag). */
  at(severity: Severity, code: FindingCode, module: string | undefined, where: AttributeWhere, message: string): void {
    const f: Finding = { severity, code, message, keyword: where.keyword, tag: formatTag(where.tag), path: where.path };
    if (module) f.module = module;
    this.add(f);
  }
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
