/**
 * Kusion's probes and lifecycle hooks (`probeHandler: { _type: Http, url }`) as Kubernetes writes
 * them (`httpGet: { path, port, scheme }`), the same conversion Kusion's service module does.
 */
import type { LifecycleHandler, Probe, ProbeHandler } from './workload-types.js';

/** The handler kind of `_type`, Kusion's qualified names (`service.container.probe.Http`) included. */
function kindOf(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}

export function toKubernetesProbe(probe: Probe): Record<string, unknown> {
  return {
    ...handlerOf(probe.probeHandler),
    initialDelaySeconds: probe.initialDelaySeconds,
    timeoutSeconds: probe.timeoutSeconds,
    periodSeconds: probe.periodSeconds,
    successThreshold: probe.successThreshold,
    failureThreshold: probe.failureThreshold,
  };
}

export function toKubernetesLifecycleHandler(handler: LifecycleHandler): Record<string, unknown> {
  return handlerOf(handler);
}

function handlerOf(handler: ProbeHandler | LifecycleHandler): Record<string, unknown> {
  switch (kindOf(handler._type)) {
    case 'Http':
      return { httpGet: httpGet(handler.url ?? '', handler.headers) };
    case 'Tcp':
      return { tcpSocket: tcpSocket(handler.url ?? '') };
    default:
      return { exec: { command: [...(handler.command ?? [])] } };
  }
}

/** `http://localhost:8080/healthz` → path, port, scheme; a local host is left out (the pod itself). */
function httpGet(
  url: string,
  headers: Readonly<Record<string, string>> | undefined,
): Record<string, unknown> {
  const parsed = new URL(url);
  const scheme = parsed.protocol.replace(':', '').toUpperCase();
  const port = parsed.port === '' ? (scheme === 'HTTPS' ? 443 : 80) : Number(parsed.port);
  const host = isLocal(parsed.hostname) ? undefined : parsed.hostname;
  const httpHeaders = Object.entries(headers ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value }));
  return {
    path: `${parsed.pathname}${parsed.search}`,
    port,
    host,
    scheme,
    httpHeaders: httpHeaders.length ? httpHeaders : undefined,
  };
}

/** `localhost:5432` (or `tcp://localhost:5432`, or a bare port) → port and, when not local, host. */
function tcpSocket(address: string): Record<string, unknown> {
  const withoutScheme = address.replace(/^[a-z]+:\/\//i, '');
  const separator = withoutScheme.lastIndexOf(':');
  const hostname = separator === -1 ? '' : withoutScheme.slice(0, separator);
  const port = withoutScheme.slice(separator + 1);
  return {
    port: /^\d+$/.test(port) ? Number(port) : port,
    host: hostname === '' || isLocal(hostname) ? undefined : hostname,
  };
}

function isLocal(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}
