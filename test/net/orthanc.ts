// Orthanc (a real PACS) run as a process for interoperability tests: its DICOM port, and its REST API on localhost.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, start, waitForPort, type Running } from './helpers.js';

export const hasOrthanc = spawnSync('Orthanc', ['--version']).status === 0;

/** A peer Orthanc may store to (an entry of its DicomModalities). */
export interface OrthancModality {
  aeTitle: string;
  port: number;
  tls?: boolean;
}

export interface OrthancTls {
  cert: string;
  key: string;
  /** Certificates Orthanc trusts for its peers. */
  trusted: string;
  /** Ask callers for a client certificate (Orthanc's default). */
  requireClientCert: boolean;
}

export interface Orthanc extends Running {
  dicomPort: number;
  aeTitle: string;
  /** A REST call (GET, or POST with a body); the parsed JSON answer. Fails on any status but 200. */
  rest: (path: string, body?: unknown) => Promise<unknown>;
  restBytes: (path: string) => Promise<Buffer>;
}

/** Starts Orthanc with its storage and index in `dir`, and waits until its REST API answers; `settings` override its configuration's. */
export async function startOrthanc(dir: string, modalities: Record<string, OrthancModality> = {}, tls?: OrthancTls, settings: Record<string, unknown> = {}): Promise<Orthanc> {
  mkdirSync(dir, { recursive: true });
  const [httpPort, dicomPort] = [await freePort(), await freePort()];
  const aeTitle = 'ORTHANC';
  const config = {
    Name: 'tbp-dicom test',
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'storage'),
    HttpPort: httpPort,
    DicomPort: dicomPort,
    DicomAet: aeTitle,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    DicomCheckCalledAet: true,
    DicomAlwaysAllowEcho: true,
    DicomAlwaysAllowStore: true,
    Plugins: [],
    DicomModalities: Object.fromEntries(Object.entries(modalities).map(([name, m]) => [name, { AET: m.aeTitle, Host: '127.0.0.1', Port: m.port, UseDicomTls: m.tls ?? false }])),
    ...(tls && {
      DicomTlsEnabled: true,
      DicomTlsCertificate: tls.cert,
      DicomTlsPrivateKey: tls.key,
      DicomTlsTrustedCertificates: tls.trusted,
      DicomTlsRemoteCertificateRequired: tls.requireClientCert,
    }),
    ...settings,
  };
  const configPath = join(dir, 'orthanc.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const running = start('Orthanc', [configPath], process.env);
  const base = `http://127.0.0.1:${httpPort}`;
  const call = async (path: string, body?: unknown): Promise<Response> => {
    // a string goes as it is (/tools/lookup takes the bare UID), anything else as JSON
    const r = await fetch(base + path, body === undefined ? {} : { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
    if (r.status !== 200) throw new Error(`Orthanc ${body === undefined ? 'GET' : 'POST'} ${path}: HTTP ${r.status} ${await r.text()}\n${running.output().slice(-2000)}`);
    return r;
  };
  try {
    await waitForPort(httpPort, 15_000);
    await waitForPort(dicomPort, 15_000);
  } catch (e) {
    await running.stop();
    throw new Error(`Orthanc did not start: ${(e as Error).message}\n${running.output()}`);
  }
  return {
    ...running,
    dicomPort,
    aeTitle,
    rest: async (path, body) => (await call(path, body)).json(),
    restBytes: async (path) => Buffer.from(await (await call(path)).arrayBuffer()),
  };
}
