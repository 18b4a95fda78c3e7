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

/** In tag order: the encoder writes them in this order. */
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

/** The longest Error Comment (LO). */
const COMMENT_MAX = 64;

/**
 * A text as an Error Comment: the command set has no Specific Character Set, so the default repertoire only (other
 * characters become "?", line breaks spaces, the value delimiter "\\" a "/"); a longer text is cut after its last
 * whole word that leaves room for "...", which marks the cut.
 */
function commentValue(text: string): string {
  const s = text.replace(/[\t\r\n]/g, ' ').replace(/\\/g, '/').replace(/[^\x20-\x7e]/g, '?');
  if (s.length <= COMMENT_MAX) return s;
  const room = s.slice(0, COMMENT_MAX - 3);
  const space = room.lastIndexOf(' ');
  // a word as long as most of the comment (a path) is cut inside rather than dropped
  return `${space >= COMMENT_MAX / 2 ? room.slice(0, space) : room}...`;
}

/** A string value as written: within the VR's maximum and padded to even length. */
function stringValue(kind: Kind, value: unknown): string {
  let s = String(value);
  if (kind === 'LO') s = commentValue(s);
  if (kind === 'AE') s = s.slice(0, 16);
  if (s.length % 2 === 1) s += kind === 'UI' ? '\0' : ' ';
  return s;
}

function valueLength(kind: Kind, value: unknown): number {
  switch (kind) {
    case 'US':
      return 2;
    case 'UL':
      return 4;
    case 'AT':
      return (value as number[]).length * 4;
    default:
      return stringValue(kind, value).length;
  }
}

/** Writes one element (header and value) at `pos`; returns the position after it. */
function writeElement(out: Buffer, pos: number, tag: number, kind: Kind, value: unknown): number {
  out.writeUInt16LE(tag >>> 16, pos);
  out.writeUInt16LE(tag & 0xffff, pos + 2);
  const at = pos + 8;
  let length: number;
  switch (kind) {
    case 'US':
      length = out.writeUInt16LE(Number(value) & 0xffff, at) - at;
      break;
    case 'UL':
      length = out.writeUInt32LE(Number(value) >>> 0, at) - at;
      break;
    case 'AT': {
      const tags = value as number[];
      tags.forEach((t, i) => {
        out.writeUInt16LE(t >>> 16, at + i * 4);
        out.writeUInt16LE(t & 0xffff, at + i * 4 + 2);
      });
      length = tags.length * 4;
      break;
    }
    default:
      length = out.write(stringValue(kind, value), at, 'latin1');
  }
  out.writeUInt32LE(length, pos + 4);
  return at + length;
}

function writeRaw(out: Buffer, pos: number, tag: number, raw: Buffer): number {
  out.writeUInt16LE(tag >>> 16, pos);
  out.writeUInt16LE(tag & 0xffff, pos + 2);
  out.writeUInt32LE(raw.length, pos + 4);
  return pos + 8 + raw.copy(out, pos + 8);
}

/**
 * Encodes a command set in Implicit VR Little Endian with its Command Group Length, straight into one buffer (it is
 * done for every message): FIELDS are in tag order, unknown elements kept in `other` are merged in.
 */
export function encodeCommand(command: Command): Buffer {
  const extra = command.other ? [...command.other].filter(([tag]) => !BY_TAG.has(tag) && tag !== 0).sort((a, b) => a[0] - b[0]) : [];
  let total = 0;
  for (const [, field, kind] of FIELDS) {
    const v = command[field];
    if (v !== undefined) total += 8 + valueLength(kind, v);
  }
  for (const [, raw] of extra) total += 8 + raw.length;
  const out = Buffer.allocUnsafe(12 + total);
  out.writeUInt32LE(0x00000000, 0);
  out.writeUInt32LE(4, 4);
  out.writeUInt32LE(total, 8);
  let pos = 12;
  let e = 0;
  for (const [tag, field, kind] of FIELDS) {
    for (; e < extra.length && extra[e]![0] < tag; e++) pos = writeRaw(out, pos, extra[e]![0], extra[e]![1]);
    const v = command[field];
    if (v !== undefined) pos = writeElement(out, pos, tag, kind, v);
  }
  for (; e < extra.length; e++) pos = writeRaw(out, pos, extra[e]![0], extra[e]![1]);
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
  // PS3.7 9.3, 10.3: a request names itself with Message ID, which its response echoes; a response (and C-CANCEL)
  // names the request with Message ID Being Responded To. Without it, an answer cannot say what it answers.
  const response = (cmd.commandField & 0x8000) !== 0 || cmd.commandField === CommandField.C_CANCEL_RQ;
  if (!response && cmd.messageId === undefined) throw new CommandError('request has no Message ID (0000,0110)');
  if (response && cmd.messageIdBeingRespondedTo === undefined) throw new CommandError('command set has no Message ID Being Responded To (0000,0120)');
  return cmd as Command;
}

export const hasDataSet = (c: Command): boolean => c.commandDataSetType !== NO_DATA_SET;
