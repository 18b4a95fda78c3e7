import type { Association, DataSource } from './association.js';
import { CommandField, Priority } from './command.js';
import { statusCategory, statusMeaning, type StatusCategory } from './status.js';
import { checkAeTitle } from './ae-title.js';
import { checkSetting, messageIdProblem, priorityProblem } from './setting-ranges.js';

export interface StoreResponse {
  status: number;
  category: StatusCategory;
  meaning: string;
  errorComment?: string;
  offendingElement?: number[];
}

export interface StoreRequestOptions {
  /** Priority.Medium (the default), High or Low. */
  priority?: number;
  /** Set when the store is a C-MOVE sub-operation. */
  moveOriginatorAeTitle?: string;
  moveOriginatorMessageId?: number;
}

/**
 * Sends one C-STORE-RQ with its data set (already encoded in the context's transfer syntax) and awaits the response;
 * options the command could not carry are refused (DicomError INVALID_ARGUMENT naming the option) before anything is sent.
 */
export async function cStore(
  assoc: Association,
  contextId: number,
  sopClassUid: string,
  sopInstanceUid: string,
  data: DataSource,
  options: StoreRequestOptions = {},
): Promise<StoreResponse> {
  checkSetting('priority', options.priority, priorityProblem);
  checkSetting('moveOriginatorMessageId', options.moveOriginatorMessageId, messageIdProblem);
  if (options.moveOriginatorAeTitle !== undefined) checkAeTitle(options.moveOriginatorAeTitle, 'moveOriginatorAeTitle');
  const rsp = await assoc.request(contextId, {
    commandField: CommandField.C_STORE_RQ,
    affectedSopClassUid: sopClassUid,
    affectedSopInstanceUid: sopInstanceUid,
    priority: options.priority ?? Priority.Medium,
    commandDataSetType: 0x0000,
    moveOriginatorAeTitle: options.moveOriginatorAeTitle,
    moveOriginatorMessageId: options.moveOriginatorMessageId,
  }, data);
  const status = rsp.command.status ?? 0xffff;
  return {
    status,
    category: statusCategory(status),
    meaning: statusMeaning(status, 'C-STORE'),
    errorComment: rsp.command.errorComment,
    offendingElement: rsp.command.offendingElement,
  };
}
