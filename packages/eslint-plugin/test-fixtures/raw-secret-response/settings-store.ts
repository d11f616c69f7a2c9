// Fixture for the type-aware tests of no-raw-secret-in-admin-response: a settings helper in
// another file, so the row's secrets are only visible through its type.
export interface SystemSettings {
  id: number;
  smtpHost: string | null;
  smtpPassword: string | null;
  geminiApiKey: string | null;
  anonymizationSeed: string | null;
  updatedAt: Date;
}

export interface SecretStatus {
  present: boolean;
  source: "environment" | "legacy-database" | "missing";
}

export declare function getSystemSettings(db: unknown): Promise<SystemSettings>;

export declare function getMetadata(db: unknown): Promise<Pick<SystemSettings, "smtpHost" | "updatedAt">>;

export declare function describeRuntimeSecrets(
  row: Partial<SystemSettings> | null,
): Record<"smtpPassword" | "geminiApiKey" | "anonymizationSeed", SecretStatus>;
