/** DIMSE status codes (PS3.7 Annex C) and the service-specific ones of PS3.4, with what they mean. */

export type StatusCategory = 'success' | 'warning' | 'failure' | 'cancel' | 'pending';

export const Status = {
  Success: 0x0000,
  Cancel: 0xfe00,
  Pending: 0xff00,
  PendingOptionalKeysNotSupported: 0xff01,
  // general (PS3.7 C)
  WarningAttributeListError: 0x0107,
  WarningAttributeValueOutOfRange: 0x0116,
  NoSuchAttribute: 0x0105,
  InvalidAttributeValue: 0x0106,
  ProcessingFailure: 0x0110,
  DuplicateSopInstance: 0x0111,
  NoSuchSopInstance: 0x0112,
  NoSuchEventType: 0x0113,
  NoSuchArgument: 0x0114,
  InvalidArgumentValue: 0x0115,
  InvalidObjectInstance: 0x0117,
  NoSuchSopClass: 0x0118,
  ClassInstanceConflict: 0x0119,
  MissingAttribute: 0x0120,
  MissingAttributeValue: 0x0121,
  SopClassNotSupported: 0x0122,
  NoSuchActionType: 0x0123,
  NotAuthorized: 0x0124,
  DuplicateInvocation: 0x0210,
  UnrecognizedOperation: 0x0211,
  MistypedArgument: 0x0212,
  ResourceLimitation: 0x0213,
  // storage (PS3.4 B.2.3)
  OutOfResources: 0xa700,
  DataSetDoesNotMatchSopClass: 0xa900,
  CannotUnderstand: 0xc000,
  CoercionOfDataElements: 0xb000,
  DataSetDoesNotMatchSopClassWarning: 0xb007,
  ElementsDiscarded: 0xb006,
} as const;

/** Success, warning, failure, cancel or pending (PS3.7 C.1-C.5). */
export function statusCategory(status: number): StatusCategory {
  if (status === 0x0000) return 'success';
  if (status === 0xfe00) return 'cancel';
  if (status === 0xff00 || status === 0xff01) return 'pending';
  if (status === 0x0001 || status === 0x0107 || status === 0x0116 || (status & 0xf000) === 0xb000) return 'warning';
  return 'failure';
}

/** The DIMSE services whose statuses are told apart: a code means different things in each (PS3.4). */
export type DimseService = 'C-ECHO' | 'C-STORE' | 'C-FIND' | 'C-GET' | 'C-MOVE' | 'N-GET';

/** The general statuses (PS3.7 C), the same in every service that has them. */
const GENERAL: Record<number, string> = {
  0x0000: 'Success',
  0x0105: 'Failure: no such attribute',
  0x0106: 'Failure: invalid attribute value',
  0x0107: 'Warning: attribute list error',
  0x0110: 'Failure: processing failure',
  0x0111: 'Failure: duplicate SOP instance',
  0x0112: 'Failure: no such SOP instance',
  0x0113: 'Failure: no such event type',
  0x0114: 'Failure: no such argument',
  0x0115: 'Failure: invalid argument value',
  0x0116: 'Warning: attribute value out of range',
  0x0117: 'Failure: invalid object instance',
  0x0118: 'Failure: no such SOP class',
  0x0119: 'Failure: class-instance conflict',
  0x0120: 'Failure: missing attribute',
  0x0121: 'Failure: missing attribute value',
  0x0122: 'Refused: SOP class not supported',
  0x0123: 'Failure: no such action type',
  0x0124: 'Refused: not authorized',
  0x0210: 'Failure: duplicate invocation',
  0x0211: 'Failure: unrecognized operation',
  0x0212: 'Failure: mistyped argument',
  0x0213: 'Failure: resource limitation',
  0xfe00: 'Cancel: operation terminated due to a cancel request',
};

/** A service's own codes, exact or by range (a mask and its value), before the general ones. */
interface ServiceStatuses {
  exact: Record<number, string>;
  ranges: readonly { mask: number; value: number; text: string }[];
}

/** Query/retrieve codes C-FIND, C-GET and C-MOVE share (PS3.4 C.4.1.1.4, C.4.2.1.5, C.4.3.1.4). */
const QUERY_RETRIEVE_RANGES = [
  { mask: 0xff00, value: 0xa900, text: 'Failed: identifier does not match SOP class' },
  { mask: 0xf000, value: 0xc000, text: 'Failed: unable to process' },
] as const;

const RETRIEVE: ServiceStatuses = {
  exact: {
    0xa701: 'Refused: out of resources - unable to calculate number of matches',
    0xa702: 'Refused: out of resources - unable to perform sub-operations',
    0xa801: 'Refused: move destination unknown',
    0xb000: 'Warning: sub-operations complete - one or more failures or warnings',
    0xff00: 'Pending: sub-operations are continuing',
  },
  ranges: QUERY_RETRIEVE_RANGES,
};

const SERVICES: Record<DimseService, ServiceStatuses> = {
  'C-ECHO': { exact: {}, ranges: [] },
  // PS3.4 B.2.3
  'C-STORE': {
    exact: {
      0xb000: 'Warning: coercion of data elements',
      0xb006: 'Warning: elements discarded',
      0xb007: 'Warning: data set does not match SOP class',
    },
    ranges: [
      { mask: 0xff00, value: 0xa700, text: 'Refused: out of resources' },
      { mask: 0xff00, value: 0xa900, text: 'Error: data set does not match SOP class' },
      { mask: 0xf000, value: 0xc000, text: 'Error: cannot understand' },
    ],
  },
  'C-FIND': {
    exact: {
      0xa700: 'Refused: out of resources',
      0xff00: 'Pending: matches are continuing',
      0xff01: 'Pending: matches are continuing - one or more optional keys were not supported',
    },
    ranges: QUERY_RETRIEVE_RANGES,
  },
  'C-GET': RETRIEVE,
  'C-MOVE': RETRIEVE,
  // PS3.4 F.8.2.1.3 (and the other N-GET SOP classes that have it)
  'N-GET': { exact: { 0x0001: 'Warning: requested optional attributes are not supported' }, ranges: [] },
};

/**
 * What a status means in the answer to a request of `service`, e.g. "Refused: out of resources (0xA700)": the codes of
 * PS3.4 are the service's own (0xB000 is a C-STORE's coercion of data elements, a C-MOVE's failed sub-operations); one
 * the service does not define is given its category (PS3.7 C), "Warning (0x0001)".
 */
export function statusMeaning(status: number, service: DimseService): string {
  const hex = `0x${status.toString(16).toUpperCase().padStart(4, '0')}`;
  const own = SERVICES[service];
  const text = own.exact[status]
    ?? own.ranges.find((r) => (status & r.mask) === r.value)?.text
    ?? GENERAL[status]
    ?? CATEGORY_TEXT[statusCategory(status)];
  return `${text} (${hex})`;
}

const CATEGORY_TEXT: Record<StatusCategory, string> = {
  success: 'Success',
  warning: 'Warning',
  failure: 'Failure',
  cancel: 'Cancel',
  pending: 'Pending',
};
