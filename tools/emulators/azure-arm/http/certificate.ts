/**
 * The emulator's TLS identity: a self-signed certificate made at start for 127.0.0.1 and
 * localhost, written to a file clients can trust (`NODE_EXTRA_CA_CERTS`, or `tlsOptions.ca`).
 * Azure's SDKs refuse to send bearer tokens over plain HTTP, so the emulator has to speak HTTPS.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface Certificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** Where `certPem` was written. */
  readonly caFile: string;
}

export async function createCertificate(directory: string): Promise<Certificate> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 30 * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'kusion-arm-emulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      // A CA flag lets clients list this certificate as a trust anchor for itself.
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  const caFile = join(directory, 'arm-emulator-ca.pem');
  await writeFile(caFile, pems.cert, { mode: 0o644 });
  return { certPem: pems.cert, keyPem: pems.private, caFile };
}
