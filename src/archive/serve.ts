/**
 * `tbp-dicom serve`: a storage SCP (and verification SCP) that files every object it receives into the embedded
 * archive. C-STORE success is answered only after the object is durable under its name and its rows are written (their
 * commit follows the answer; the next open re-indexes a file whose rows a crash lost).
 */
import { DicomError } from '../core/errors.js';
import { isRetiredStorageSopClass, isStorageSopClass } from '../core/uid-registry.js';
import { JPEG_2000_SYNTAXES } from '../io/transfer-syntax.js';
import { CommandField, commandName, type Command } from '../net/command.js';
import type { DataSink } from '../net/association.js';
import { DicomServer, type RequestContext, type Service, type ServerOptions, type ServiceResponse } from '../net/server.js';
import { Status } from '../net/status.js';
import { Archive, StoreRefused, type ArchiveOptions, type IncomingObject, type StoredObject } from './archive.js';

/**
 * Transfer syntaxes accepted for storage: the uncompressed ones and every current one with encapsulated pixel data,
 * video included (Video Photographic, Endoscopic and Microscopic objects come in nothing else), as storescp +xa and
 * Orthanc accept them: the archive stores the fragments as received and decodes none. Not the JPIP syntaxes (pixel
 * data by reference, the deflated ones' data set unreadable here), the SMPTE ST 2110 ones (real-time streams, not
 * storage) nor the retired ones.
 */
export const STORAGE_TRANSFER_SYNTAXES = [
  '1.2.840.10008.1.2.1', // Explicit VR Little Endian
  '1.2.840.10008.1.2', // Implicit VR Little Endian
  '1.2.840.10008.1.2.1.99', // Deflated Explicit VR Little Endian
  '1.2.840.10008.1.2.2', // Explicit VR Big Endian (retired)
  '1.2.840.10008.1.2.4.50', // JPEG Baseline (Process 1)
  '1.2.840.10008.1.2.4.51', // JPEG Extended (Process 2 & 4)
  '1.2.840.10008.1.2.4.57', // JPEG Lossless (Process 14)
  '1.2.840.10008.1.2.4.70', // JPEG Lossless SV1
  '1.2.840.10008.1.2.4.80', // JPEG-LS Lossless
  '1.2.840.10008.1.2.4.81', // JPEG-LS Near-Lossless
  ...JPEG_2000_SYNTAXES, // JPEG 2000 (Part 1, Part 2 multi-component) and HTJ2K
  '1.2.840.10008.1.2.4.110', // JPEG XL Lossless
  '1.2.840.10008.1.2.4.111', // JPEG XL JPEG Recompression
  '1.2.840.10008.1.2.4.112', // JPEG XL
  '1.2.840.10008.1.2.5', // RLE Lossless
  '1.2.840.10008.1.2.1.98', // Encapsulated Uncompressed Explicit VR Little Endian
  '1.2.840.10008.1.2.8.1', // Deflated Image Frame Compression
  '1.2.840.10008.1.2.4.100', // MPEG2 Main Profile / Main Level
  '1.2.840.10008.1.2.4.100.1', // (Fragmentable)
  '1.2.840.10008.1.2.4.101', // MPEG2 Main Profile / High Level
  '1.2.840.10008.1.2.4.101.1', // (Fragmentable)
  '1.2.840.10008.1.2.4.102', // MPEG-4 AVC/H.264 High Profile / Level 4.1
  '1.2.840.10008.1.2.4.102.1', // (Fragmentable)
  '1.2.840.10008.1.2.4.103', // MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1
  '1.2.840.10008.1.2.4.103.1', // (Fragmentable)
  '1.2.840.10008.1.2.4.104', // MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video
  '1.2.840.10008.1.2.4.104.1', // (Fragmentable)
  '1.2.840.10008.1.2.4.105', // MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video
  '1.2.840.10008.1.2.4.105.1', // (Fragmentable)
  '1.2.840.10008.1.2.4.106', // MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2
  '1.2.840.10008.1.2.4.106.1', // (Fragmentable)
  '1.2.840.10008.1.2.4.107', // HEVC/H.265 Main Profile / Level 5.1
  '1.2.840.10008.1.2.4.108', // HEVC/H.265 Main 10 Profile / Level 5.1
] as const;

export interface StoreEvent {
  stored?: StoredObject;
  sopInstanceUid: string;
  sopClassUid: string;
  callingAeTitle: string;
  /** The user the association acted for (user identity negotiation), when it gave one. */
  username?: string;
  status: number;
  error?: string;
}

/** Wraps an incoming object so that a write error (disk full) becomes a refusal at the end, not an abort. */
class IncomingSink implements DataSink {
  error?: Error;
  constructor(readonly object: IncomingObject) {}
  write(chunk: Buffer): void {
    if (this.error) return;
    try {
      this.object.write(chunk);
    } catch (e) {
      this.error = e as Error;
      this.object.discard();
    }
  }
  end(): IncomingSink {
    if (!this.error) {
      try {
        this.object.end();
      } catch (e) {
        this.error = e as Error;
        this.object.discard();
      }
    }
    return this;
  }
  discard(): void {
    this.object.discard();
  }
}

/** A sink that takes a data set and keeps nothing, for a request refused once it has arrived (`error`: why, if known). */
function swallow(error?: Error): DataSink {
  const sink: DataSink & { error?: Error } = { error, write() {}, end: () => sink, discard() {} };
  return sink;
}

/**
 * A request naming another SOP class than its presentation context's abstract syntax: what was negotiated (and what
 * the transfer syntax was chosen for) is not what it sends.
 */
const otherSopClass = (command: Command, ctx: RequestContext): boolean =>
  command.affectedSopClassUid !== undefined && command.affectedSopClassUid !== ctx.abstractSyntax;

/** The storage service: every storage SOP class, retired ones too, filed into the archive. */
export function storageService(archive: Archive, onStored?: (e: StoreEvent) => void): Service {
  return {
    handles: (as) => isStorageSopClass(as) || isRetiredStorageSopClass(as),
    transferSyntaxes: STORAGE_TRANSFER_SYNTAXES,
    openSink(command: Command, ctx: RequestContext): DataSink | undefined {
      if (command.commandField !== CommandField.C_STORE_RQ) return undefined;
      // Nothing to file it under, or not the SOP class negotiated: the data set is swallowed and the request refused
      // (0x0120, 0x0122) once it has arrived.
      if (!command.affectedSopInstanceUid || otherSopClass(command, ctx)) return swallow();
      try {
        return new IncomingSink(archive.begin({
          // the request's own too, when it names one: any other was refused above
          sopClassUid: ctx.abstractSyntax,
          sopInstanceUid: command.affectedSopInstanceUid,
          transferSyntaxUid: ctx.transferSyntax,
          sourceAeTitle: ctx.callingAeTitle,
          sourceUser: ctx.username,
        }));
      } catch (e) {
        // Cannot even create the temporary file: refused at the end, with why.
        return swallow(e as Error);
      }
    },
    async handle(message, ctx): Promise<ServiceResponse> {
      const cmd = message.command;
      if (cmd.commandField !== CommandField.C_STORE_RQ) {
        return { status: Status.UnrecognizedOperation, errorComment: `${commandName(cmd.commandField)} is not supported here` };
      }
      const sopInstanceUid = cmd.affectedSopInstanceUid ?? '';
      const sopClassUid = cmd.affectedSopClassUid ?? ctx.abstractSyntax;
      const event = (status: number, stored?: StoredObject, error?: string): void =>
        onStored?.({ stored, sopInstanceUid, sopClassUid, callingAeTitle: ctx.callingAeTitle, username: ctx.username, status, error });
      // The event carries the status the requestor is answered with.
      const refuse = (status: number, why: string): ServiceResponse => {
        event(status, undefined, why);
        return { status, errorComment: why };
      };
      const sink = message.data as IncomingSink | { error?: Error } | undefined;
      if (!sopInstanceUid) return refuse(Status.MissingAttribute, 'no Affected SOP Instance UID');
      if (otherSopClass(cmd, ctx)) return refuse(Status.SopClassNotSupported, "Affected SOP Class UID is not the presentation context's");
      if (!sink) return refuse(Status.CannotUnderstand, 'no data set');
      if (!(sink instanceof IncomingSink) || sink.error) {
        const error = sink.error;
        // A value the file's meta information cannot carry (an Affected SOP Instance UID that is not a UID): the
        // request is at fault, not the disk, and A7xx would stop a requestor's whole batch.
        if (error instanceof DicomError) return refuse(Status.CannotUnderstand, `cannot file the object: ${error.message}`);
        return refuse(Status.OutOfResources, `cannot write the object: ${error ? ((error as NodeJS.ErrnoException).code ?? error.message) : 'no file'}`);
      }
      try {
        const stored = await sink.object.commit();
        event(Status.Success, stored);
        return { status: Status.Success };
      } catch (e) {
        return refuse(e instanceof StoreRefused ? e.status : Status.OutOfResources, (e as Error).message);
      }
    },
  };
}

export interface ServeOptions extends ServerOptions, ArchiveOptions {
  dir: string;
  onStored?: (e: StoreEvent) => void;
}

export interface ArchiveServer {
  server: DicomServer;
  archive: Archive;
  /**
   * Graceful shutdown: refuse new associations, finish in-flight stores (for up to `graceMs`, default 10 s), each
   * association then aborted without reading another request, close the index once no store is being written (one
   * whose object arrived whole before its association was aborted is finished first). A grace out of DicomServer.close's
   * range is refused with the server still serving and the archive open.
   */
  close(graceMs?: number): Promise<void>;
}

/** Opens the archive in `dir` and starts the SCP; resolves once listening. */
export async function serve(options: ServeOptions): Promise<ArchiveServer> {
  const server = new DicomServer(options);
  const archive = Archive.open(options.dir, {
    fsync: options.fsync,
    reindex: options.reindex,
    onIndexError: options.onIndexError ?? ((e) => server.emit('log', 'error', `archive index: ${e.message}`)),
  });
  server.addService(storageService(archive, options.onStored));
  try {
    await server.listen();
  } catch (e) {
    archive.close();
    throw e;
  }
  return {
    server,
    archive,
    async close(graceMs?: number) {
      await server.close(graceMs);
      archive.close();
    },
  };
}
