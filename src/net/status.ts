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

const EXACT: Record<number, string> = {
  0x0000: 'Success',
  0x0001: 'Warning: requested optional attributes are not supported',
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
  0xa701: 'Refused: out of resources - unable to calculate number of matches',
  0xa702: 'Refused: out of resources - unable to perform sub-operations',
  0xa801: 'Refused: move destination unknown',
  0xb000: 'Warning: coercion of data elements',
  0xb006: 'Warning: elements discarded',
  0xb007: 'Warning: data set does not match SOP class',
  0xfe00: 'Cancel: operation terminated due to a cancel request',
  0xff00: 'Pending',
  0xff01: 'Pending: one or more optional keys were not supported',
};

/** What a status means, e.g. "Refused: out of resources (0xA700)". */
export function statusMeaning(status: number): string {
  const hex = `0x${status.toString(16).toUpperCase().padStart(4, '0')}`;
  let text = EXACT[status];
  if (!text) {
    if ((status & 0xff00) === 0xa700) text = 'Refused: out of resources';
    else if ((status & 0xff00) === 0xa900) text = 'Error: data set does not match SOP class';
    else if ((status & 0xf000) === 0xc000) text = 'Error: cannot understand';
    else if ((status & 0xf000) === 0xa000) text = 'Failure';
    else if ((status & 0xf000) === 0xb000) text = 'Warning';
    else text = statusCategory(status) === 'warning' ? 'Warning' : 'Failure';
  }
  return `${text} (${hex})`;
}
