/** What an app and a workspace write for the `monitoring` module (Kusion's names). */

export type MonitoringSettings = {
  readonly module: string;
  /** The metrics path; default `/metrics`. */
  readonly path?: string;
  /** The metrics port: a container/Service port name, or a number. */
  readonly port: string | number;
  /** `http` or `https`; default the platform's, else `http`. */
  readonly scheme?: 'http' | 'https';
};

export type MonitoringPlatformSettings = {
  /** The Prometheus operator runs: make ServiceMonitor/PodMonitor objects (default false: annotations). */
  readonly operatorMode?: boolean;
  /** With the operator: scrape through the app's Services (`Service`, default) or its pods (`Pod`). */
  readonly monitorType?: 'Service' | 'Pod';
  /** Prometheus duration; default `30s`. */
  readonly interval?: string;
  /** Prometheus duration, at most `interval`; default `15s`. */
  readonly timeout?: string;
  readonly scheme?: 'http' | 'https';
};
