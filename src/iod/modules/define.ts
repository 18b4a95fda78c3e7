import type { AttributeDefinition, Condition, ValueRule } from './types.js';

// Terse constructors so that module tables stay one attribute per line.

type Extra = Omit<AttributeDefinition, 'keyword' | 'type' | 'condition' | 'items'>;

export const t1 = (keyword: string, extra: Extra = {}): AttributeDefinition => ({ keyword, type: '1', ...extra });
export const t2 = (keyword: string, extra: Extra = {}): AttributeDefinition => ({ keyword, type: '2', ...extra });
export const t3 = (keyword: string, extra: Extra = {}): AttributeDefinition => ({ keyword, type: '3', ...extra });
export const t1c = (keyword: string, condition: Condition, extra: Extra = {}): AttributeDefinition => ({ keyword, type: '1C', condition, ...extra });
export const t2c = (keyword: string, condition: Condition, extra: Extra = {}): AttributeDefinition => ({ keyword, type: '2C', condition, ...extra });

/** A sequence attribute; `type` may be a condition-less type or a [type, condition] pair. */
export function sq(
  keyword: string,
  type: AttributeDefinition['type'],
  items: readonly AttributeDefinition[],
  extra: Extra & { condition?: Condition } = {},
): AttributeDefinition {
  return { keyword, type, items, ...extra };
}

export const enumerated = (values: readonly (string | number)[], index?: number): ValueRule =>
  index === undefined ? { kind: 'enumerated', values } : { kind: 'enumerated', values, index };
export const defined = (values: readonly (string | number)[], index?: number): ValueRule =>
  index === undefined ? { kind: 'defined', values } : { kind: 'defined', values, index };

export const YES_NO = ['YES', 'NO'] as const;
