import { badValue, unpad } from './checks.js';

/** The five components of one PN component group, in value order (PS3.5 6.2.1). */
export interface PersonNameComponents {
  familyName: string;
  givenName: string;
  middleName: string;
  namePrefix: string;
  nameSuffix: string;
}

/** A PN value: up to three component groups; an empty group is absent. */
export interface PersonName {
  alphabetic?: PersonNameComponents;
  ideographic?: PersonNameComponents;
  phonetic?: PersonNameComponents;
}

/** The DICOM JSON form of one PN value (PS3.18 F.2.2). */
export interface PersonNameJson {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

const GROUPS = ['alphabetic', 'ideographic', 'phonetic'] as const;
const JSON_GROUPS = ['Alphabetic', 'Ideographic', 'Phonetic'] as const;
const COMPONENTS = ['familyName', 'givenName', 'middleName', 'namePrefix', 'nameSuffix'] as const;
/** PS3.5 Table 6.2-1: 64 characters per component group. */
const MAX_GROUP_LENGTH = 64;

/** Splits one PN value into its component groups, checking there are at most three. */
function splitGroups(value: string): string[] {
  const groups = unpad(value).split('=');
  if (groups.length > GROUPS.length) badValue('PN', value, `${groups.length} component groups (at most 3)`);
  return groups;
}

/** Joins parts with a delimiter after dropping trailing empty ones, as PS3.5 asks of PN. */
const joinTrimmed = (parts: readonly string[], delimiter: '^' | '='): string =>
  parts.join(delimiter).replace(new RegExp(`[\\${delimiter}]+$`), '');

function parseGroup(value: string, group: string): PersonNameComponents | undefined {
  if (group === '') return undefined;
  const parts = group.split('^');
  if (parts.length > COMPONENTS.length) badValue('PN', value, `${parts.length} components in "${group}" (at most 5)`);
  return Object.fromEntries(COMPONENTS.map((key, i) => [key, parts[i] ?? ''])) as unknown as PersonNameComponents;
}

/** Parses one PN value ("Yamada^Tarou=山田^太郎=やまだ^たろう"). Throws BAD_VALUE for more than 3 groups or 5 components. */
export function parsePersonName(value: string): PersonName {
  const groups = splitGroups(value);
  const name: PersonName = {};
  GROUPS.forEach((key, i) => {
    const components = parseGroup(value, groups[i] ?? '');
    if (components) name[key] = components;
  });
  return name;
}

function formatGroup(components: Partial<PersonNameComponents> | undefined): string {
  const parts = COMPONENTS.map((key) => components?.[key] ?? '');
  const bad = parts.find((part) => /[\\^=\x00-\x1f]/.test(part));
  if (bad !== undefined) badValue('PN', bad, 'a name component cannot contain \\ ^ = or control characters');
  const text = joinTrimmed(parts, '^');
  if ([...text].length > MAX_GROUP_LENGTH) badValue('PN', text, `component group longer than ${MAX_GROUP_LENGTH} characters`);
  return text;
}

/** Formats a PN value, dropping trailing empty components and groups. Throws BAD_VALUE for delimiters inside components. */
export function formatPersonName(name: PersonName): string {
  return joinTrimmed(GROUPS.map((key) => formatGroup(name[key])), '=');
}

/** The DICOM JSON object of one PN value; empty groups are left out. */
export function personNameToJson(value: string): PersonNameJson {
  const groups = splitGroups(value);
  return Object.fromEntries(JSON_GROUPS.map((key, i) => [key, groups[i] ?? '']).filter(([, group]) => group !== ''));
}

/** One PN value from its DICOM JSON object. Throws BAD_VALUE when a group contains '=' or '\'. */
export function personNameFromJson(json: PersonNameJson): string {
  const groups = JSON_GROUPS.map((key) => json[key] ?? '');
  const bad = groups.find((group) => /[=\\]/.test(group));
  if (bad !== undefined) badValue('PN', bad, 'a component group cannot contain = or \\');
  return joinTrimmed(groups, '=');
}
