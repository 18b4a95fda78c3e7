import { UIDS, type UidType } from './generated/uids.js';

export type { UidType } from './generated/uids.js';

/** A UID registered in PS3.6 Annex A: SOP Class, transfer syntax, well-known instance or frame of reference, coding scheme … */
export interface UidInfo {
  uid: string;
  name: string;
  keyword: string;
  type: UidType;
  /** The IOD a storage SOP Class stores ("VL Photographic Image"). */
  iod?: string;
  retired: boolean;
}

/** Media Storage Directory Storage: a DICOMDIR, an index of the files on a medium rather than an object to store. */
export const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';

interface Registry {
  byUid: Map<string, UidInfo>;
  byKeyword: Map<string, UidInfo>;
}

let registry: Registry | undefined;

/** Parses the generated table on first use, so importing the module stays cheap. */
function load(): Registry {
  if (registry) return registry;
  const byUid = new Map<string, UidInfo>();
  const byKeyword = new Map<string, UidInfo>();
  for (const line of UIDS.split('\n')) {
    const [uid, type, keyword, name, iod, retired] = line.split('|') as [string, UidType, string, string, string, string];
    const info: UidInfo = { uid, name, keyword, type, retired: retired === 'R' };
    if (iod) info.iod = iod;
    byUid.set(uid, info);
    byKeyword.set(keyword, info);
  }
  return (registry = { byUid, byKeyword });
}

/** UI values arrive padded to even length with NUL (some writers use a space); accept them as read. */
const clean = (uid: string): string => {
  // Most UIDs asked about are clean already (dumps ask for every UID they print): checked before the regex runs.
  const last = uid.charCodeAt(uid.length - 1);
  return last === 0 || last === 0x20 ? uid.replace(/[\0 ]+$/, '') : uid;
};

export function uidInfo(uid: string): UidInfo | undefined {
  return load().byUid.get(clean(uid));
}

export function uidName(uid: string): string | undefined {
  return uidInfo(uid)?.name;
}

/**
 * A UID's name as PS3.6 gives it, "(Retired)" included (the retired Ultrasound Image Storage is not the current one
 * of the same name), or the UID itself when it is not registered (a private SOP class).
 */
export function uidLabel(uid: string): string {
  const info = uidInfo(uid);
  return info ? `${info.name}${info.retired ? ' (Retired)' : ''}` : uid;
}

/** The UID with this PS3.6 keyword ("VLPhotographicImageStorage", "ExplicitVRLittleEndian", "SCT"); case-sensitive. */
export function uidByKeyword(keyword: string): UidInfo | undefined {
  return load().byKeyword.get(keyword);
}

export function* sopClasses(): Iterable<UidInfo> {
  for (const info of load().byUid.values()) if (info.type === 'SOP Class') yield info;
}

/**
 * Whether a SOP Class stores composite objects over C-STORE: a current (not retired) SOP Class named "… Storage"
 * (or "… Storage - For Presentation/Processing"). Media Storage Directory is excluded: a DICOMDIR is never sent.
 */
export function isStorageSopClass(uid: string): boolean {
  const info = uidInfo(uid);
  return (
    info !== undefined &&
    info.type === 'SOP Class' &&
    !info.retired &&
    info.uid !== MEDIA_STORAGE_DIRECTORY &&
    / Storage( - For (Presentation|Processing))?$/.test(info.name)
  );
}

/**
 * Whether a retired SOP Class stored composite objects over C-STORE: "Ultrasound Image Storage" (the retired one),
 * "Nuclear Medicine Image Storage", "VL Image Storage - Trial", "Stored Print Storage SOP Class" … Older devices and
 * archives still send them, and dcmtk's storescp and Orthanc store them.
 */
export function isRetiredStorageSopClass(uid: string): boolean {
  const info = uidInfo(uid);
  return info !== undefined && info.type === 'SOP Class' && info.retired && / Storage( - Trial)?( SOP Class)?$/.test(info.name);
}

/** Every registered transfer syntax UID, retired ones included. */
export function transferSyntaxUids(): string[] {
  return [...load().byUid.values()].filter((info) => info.type === 'Transfer Syntax').map((info) => info.uid);
}
