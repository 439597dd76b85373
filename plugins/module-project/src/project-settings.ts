/** What an app and a workspace write for the `project` module. */

export type ProjectSettings = {
  readonly module: string;
  /** Labels of the project, under the platform's own (which win on a clash). */
  readonly labels?: Readonly<Record<string, string>>;
  /** APIs to enable (`run.googleapis.com`): refused until the GCP provider manages Service Usage. */
  readonly services?: readonly string[];
  /** Prefix of the workload's variables; default `GCP_PROJECT_` (`GCP_PROJECT_ID`). */
  readonly envPrefix?: string;
};

export type ProjectPlatformSettings = {
  /** `folders/<number>`: where the team's projects go. */
  readonly parent: string;
  /** The tag value bound to every project for billing: `tagValues/<n>` or `<org>/<key>/<value>`. */
  readonly billingTag?: string;
  /** More tag values bound to every project (environment, data classification...). */
  readonly tags?: readonly string[];
  /** Members per role; a bare e-mail address is a group (`group:<address>`). */
  readonly iam?: Readonly<Record<string, readonly string[]>>;
  /** Labels every project gets; they win over the app's. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Put before `<project>-<workspace>` in project ids, which are unique across GCP: `acme-`. */
  readonly projectIdPrefix?: string;
};
