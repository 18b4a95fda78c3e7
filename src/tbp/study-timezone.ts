import { parseDT } from '../core/values/date-time.js';

/**
 * The UTC offset (minutes) the study's times are at, when the date-times that say it (`2024-09-01T12:01:00+02:00` in the
 * manifest, EXIF OffsetTimeOriginal) all say one: its objects then carry it as Timezone Offset From UTC, which also
 * places their study date and time and the times given without an offset. None when no date-time gives an offset, or
 * when they give several (a capture across a change of clock): a DA or TM cannot be placed then, and none is guessed.
 */
export function studyUtcOffset(dateTimes: Iterable<string | undefined>): number | undefined {
  const offsets = new Set<number>();
  for (const value of dateTimes) {
    const offset = value === undefined ? undefined : parseDT(value).offsetMinutes;
    if (offset !== undefined) offsets.add(offset);
  }
  return offsets.size === 1 ? [...offsets][0] : undefined;
}
