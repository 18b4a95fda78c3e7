import { checkAeTitle } from './ae-title.js';
import type { PeerOptions } from './requestor.js';
import { TIMER_NAMES } from './association.js';
import { checkSetting, hostProblem, pduLengthProblem, portProblem, refuseSetting, refuseUnknownSettings, timeoutProblem } from './setting-ranges.js';

/**
 * Refuses settings no peer could be reached with (DicomError INVALID_ARGUMENT naming the option), before anything is
 * read or any connection made: every association would fail alike, so it is the settings' problem, not the files'.
 */
export function checkPeerOptions(o: PeerOptions): void {
  const host = hostProblem(o.host);
  if (host) refuseSetting('host', o.host, host);
  const port = portProblem(o.port);
  if (port) refuseSetting('port', o.port, port);
  if (o.callingAeTitle !== undefined) checkAeTitle(o.callingAeTitle, 'callingAeTitle');
  if (o.calledAeTitle !== undefined) checkAeTitle(o.calledAeTitle, 'calledAeTitle');
  checkSetting('maxPduLength', o.maxPduLength, pduLengthProblem);
  checkSetting('connectTimeout', o.connectTimeout, timeoutProblem);
  refuseUnknownSettings('timers', o.timers ?? {}, TIMER_NAMES);
  for (const [name, ms] of Object.entries(o.timers ?? {})) checkSetting(`timers.${name}`, ms, timeoutProblem);
}
