/** What an app and a workspace write for the `network` module (Kusion's shapes). */
import type { Port } from '@kusion/sdk';

export interface IngressBackend {
  readonly service?: {
    /** Default: the app's Service that exposes `port.number`. */
    readonly name?: string;
    readonly port: { readonly number?: number; readonly name?: string };
  };
  readonly resource?: { readonly apiGroup?: string; readonly kind: string; readonly name: string };
}

export interface Ingress {
  readonly ingressClassName?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly defaultBackend?: IngressBackend;
  readonly tls?: readonly { readonly hosts?: readonly string[]; readonly secretName?: string }[];
  readonly rules?: readonly {
    readonly host?: string;
    readonly http?: {
      readonly paths: readonly {
        readonly path?: string;
        readonly pathType?: 'Exact' | 'Prefix' | 'ImplementationSpecific';
        readonly backend: IngressBackend;
      }[];
    };
  }[];
}

export type NetworkSettings = {
  readonly module: string;
  /** Default: the workload's `ports`. */
  readonly ports?: readonly Port[];
  readonly ingress?: Ingress;
};

export type NetworkPlatformSettings = {
  /** What a public port's LoadBalancer Service gets (Kusion's `port` block). */
  readonly port?: {
    /** The cloud whose load balancer serves public ports: aws, azure, gcp, alicloud. */
    readonly type?: 'aws' | 'azure' | 'gcp' | 'alicloud';
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
};
