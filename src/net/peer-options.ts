import { checkAeTitle } from './ae-title.js';
import type { PeerOptions } from './requestor.js';
import { checkTimers } from './association.js';
import { checkSetting, hostProblem, pduLengthProblem, portProblem, requireSetting, timeoutProblem } from './setting-ranges.js';

/**
 * Refuses settings no peer could be reached with (DicomError INVALID_ARGUMENT naming the option), before anything is
 * read or any connection made: every association would fail alike, so it is the settings' problem, not the files'.
 */
export function checkPeerOptions(o: PeerOptions): void {
  requireSetting('host', o.host, hostProblem);
  requireSetting('port', o.port, portProblem);
  if (o.callingAeTitle !== undefined) checkAeTitle(o.callingAeTitle, 'callingAeTitle');
  if (o.calledAeTitle !== undefined) checkAeTitle(o.calledAeTitle, 'calledAeTitle');
  checkSetting('maxPduLength', o.maxPduLength, pduLengthProblem);
  checkSetting('connectTimeout', o.connectTimeout, timeoutProblem);
  checkTimers(o.timers);
}
