/**
 * DIMSE command sets (PS3.7 section 9.3 and 10.3): group 0000 elements, always Implicit VR Little Endian, with
 * Command Group Length first. A small dedicated codec: commands are on the hot path of every message.
 */

export const CommandField = {
  C_STORE_RQ: 0x0001,
  C_STORE_RSP: 0x8001,
  C_GET_RQ: 0x0010,
  C_GET_RSP: 0x8010,
  C_FIND_RQ: 0x0020,
  C_FIND_RSP: 0x8020,
  C_MOVE_RQ: 0x0021,
  C_MOVE_RSP: 0x8021,
  C_ECHO_RQ: 0x0030,
  C_ECHO_RSP: 0x8030,
  N_EVENT_REPORT_RQ: 0x0100,
  N_EVENT_REPORT_RSP: 0x8100,
  N_GET_RQ: 0x0110,
  N_GET_RSP: 0x8110,
  N_SET_RQ: 0x0120,
  N_SET_RSP: 0x8120,
  N_ACTION_RQ: 0x0130,
  N_ACTION_RSP: 0x8130,
  N_CREATE_RQ: 0x0140,
  N_CREATE_RSP: 0x8140,
  N_DELETE_RQ: 0x0150,
  N_DELETE_RSP: 0x8150,
  C_CANCEL_RQ: 0x0fff,
} as const;

const FIELD_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(CommandField).map(([k, v]) => [v, k.replace(/_(RQ|RSP)$/, '-$1').replace(/^([CN])_/, '$1-').replace(/_/g, '-')]),
);

export function commandName(field: number): string {
  return FIELD_NAMES[field] ?? `command 0x${field.toString(16).padStart(4, '0')}`;
}

export const isResponse = (field: number): boolean => (field & 0x8000) !== 0;

/** Command Data Set Type (0000,0800) value meaning "no data set". */
export const NO_DATA_SET = 0x0101;

export const Priority = { Medium: 0x0000, High: 0x0001, Low: 0x0002 } as const;

/** A command set as named fields; elements this codec does not know are kept raw in `other`. */
export interface Command {
  commandField: number;
  messageId?: number;
  messageIdBeingRespondedTo?: number;
  affectedSopClassUid?: string;
  requestedSopClassUid?: string;
  affectedSopInstanceUid?: string;
  requestedSopInstanceUid?: string;
  moveDestination?: string;
  priority?: number;
  commandDataSetType: number;
  status?: number;
  offendingElement?: number[];
  errorComment?: string;
  errorId?: number;
  eventTypeId?: number;
  attributeIdentifierList?: number[];
  actionTypeId?: number;
  remaining?: number;
  completed?: number;
  failed?: number;
  warning?: number;
  moveOriginatorAeTitle?: string;
  moveOriginatorMessageId?: number;
  other?: Map<number, Buffer>;
}

type Kind = 'UI' | 'US' | 'AE' | 'LO' | 'AT' | 'UL';
type Field = Exclude<keyof Command, 'other'>;

const FIELDS: [number, Field, Kind][] = [
  [0x00000002, 'affectedSopClassUid', 'UI'],
  [0x00000003, 'requestedSopClassUid', 'UI'],
  [0x00000100, 'commandField', 'US'],
  [0x00000110, 'messageId', 'US'],
  [0x00000120, 'messageIdBeingRespondedTo', 'US'],
  [0x00000600, 'moveDestination', 'AE'],
  [0x00000700, 'priority', 'US'],
  [0x00000800, 'commandDataSetType', 'US'],
  [0x00000900, 'status', 'US'],
  [0x00000901, 'offendingElement', 'AT'],
  [0x00000902, 'errorComment', 'LO'],
  [0x00000903, 'errorId', 'US'],
  [0x00001000, 'affectedSopInstanceUid', 'UI'],
  [0x00001001, 'requestedSopInstanceUid', 'UI'],
  [0x00001002, 'eventTypeId', 'US'],
  [0x00001005, 'attributeIdentifierList', 'AT'],
  [0x00001008, 'actionTypeId', 'US'],
  [0x00001020, 'remaining', 'US'],
  [0x00001021, 'completed', 'US'],
  [0x00001022, 'failed', 'US'],
  [0x00001023, 'warning', 'US'],
  [0x00001030, 'moveOriginatorAeTitle', 'AE'],
  [0x00001031, 'moveOriginatorMessageId', 'US'],
];
const BY_TAG = new Map(FIELDS.map(([t, f, k]) => [t, { field: f, kind: k }]));

function encodeValue(kind: Kind, value: unknown): Buffer {
  switch (kind) {
    case 'US': {
      const b = Buffer.allocUnsafe(2);
      b.writeUInt16LE(Number(value) & 0xffff);
      return b;
    }
    case 'UL': {
      const b = Buffer.allocUnsafe(4);
      b.writeUInt32LE(Number(value) >>> 0);
      return b;
    }
    case 'AT': {
      const tags = value as number[];
      const b = Buffer.allocUnsafe(tags.length * 4);
      tags.forEach((t, i) => {
        b.writeUInt16LE(t >>> 16, i * 4);
        b.writeUInt16LE(t & 0xffff, i * 4 + 2);
      });
      return b;
    }
    default: {
      let s = String(value);
      if (kind === 'LO') s = s.slice(0, 64);
      if (kind === 'AE') s = s.slice(0, 16);
      if (s.length % 2 === 1) s += kind === 'UI' ? '\0' : ' ';
      return Buffer.from(s, 'latin1');
    }
  }
}

/** Encodes a command set in Implicit VR Little Endian with its Command Group Length. */
export function encodeCommand(command: Command): Buffer {
  const entries: [number, Buffer][] = [];
  for (const [tag, field, kind] of FIELDS) {
    const v = command[field];
    if (v === undefined) continue;
    entries.push([tag, encodeValue(kind, v)]);
  }
  if (command.other) for (const [tag, raw] of command.other) if (!BY_TAG.has(tag) && tag !== 0) entries.push([tag, raw]);
  entries.sort((a, b) => a[0] - b[0]);
  let total = 0;
  for (const [, v] of entries) total += 8 + v.length;
  const out = Buffer.allocUnsafe(12 + total);
  out.writeUInt32LE(0x00000000, 0);
  out.writeUInt32LE(4, 4);
  out.writeUInt32LE(total, 8);
  let pos = 12;
  for (const [tag, v] of entries) {
    out.writeUInt16LE(tag >>> 16, pos);
    out.writeUInt16LE(tag & 0xffff, pos + 2);
    out.writeUInt32LE(v.length, pos + 4);
    v.copy(out, pos + 8);
    pos += 8 + v.length;
  }
  return out;
}

export class CommandError extends Error {
  override name = 'CommandError';
}

/** Decodes a command set; throws CommandError when it is malformed. */
export function decodeCommand(b: Buffer): Command {
  const cmd: Partial<Command> & { other?: Map<number, Buffer> } = {};
  let pos = 0;
  while (pos < b.length) {
    if (b.length - pos < 8) throw new CommandError(`command set truncated at offset ${pos}`);
    const tag = ((b.readUInt16LE(pos) << 16) | b.readUInt16LE(pos + 2)) >>> 0;
    const length = b.readUInt32LE(pos + 4);
    if (tag >>> 16 !== 0) throw new CommandError(`element (${(tag >>> 16).toString(16).padStart(4, '0')},${(tag & 0xffff).toString(16).padStart(4, '0')}) in a command set`);
    if (length > b.length - pos - 8) throw new CommandError(`command element length ${length} runs past the end of the command set`);
    const v = b.subarray(pos + 8, pos + 8 + length);
    pos += 8 + length;
    if (tag === 0) continue;
    const known = BY_TAG.get(tag);
    if (!known) {
      (cmd.other ??= new Map()).set(tag, Buffer.from(v));
      continue;
    }
    let value: unknown;
    switch (known.kind) {
      case 'US':
        if (v.length < 2) throw new CommandError(`US element of length ${v.length} in a command set`);
        value = v.readUInt16LE(0);
        break;
      case 'UL':
        value = v.readUInt32LE(0);
        break;
      case 'AT': {
        const tags: number[] = [];
        for (let i = 0; i + 4 <= v.length; i += 4) tags.push(((v.readUInt16LE(i) << 16) | v.readUInt16LE(i + 2)) >>> 0);
        value = tags;
        break;
      }
      default:
        value = v.toString('latin1').replace(/[\0 ]+$/, '').replace(/^ +/, '');
    }
    (cmd as Record<string, unknown>)[known.field] = value;
  }
  if (cmd.commandField === undefined) throw new CommandError('command set has no Command Field (0000,0100)');
  if (cmd.commandDataSetType === undefined) throw new CommandError('command set has no Command Data Set Type (0000,0800)');
  return cmd as Command;
}

export const hasDataSet = (c: Command): boolean => c.commandDataSetType !== NO_DATA_SET;
