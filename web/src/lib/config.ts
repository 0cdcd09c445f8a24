/**
 * Run-time configuration. `/config.json` is deployed next to the app (and served by the local
 * static server), so one build runs against any API; without it the local stack's default port.
 *
 * Staff sign-in: `localAuth: true` makes the staff login page ask the local stack for a demo token
 * (`POST /_local/auth/token`); without the key, it does so only when the API is on this machine
 * (127.0.0.1 / localhost). `localStaffUsers` (optional) lists the demo accounts to choose from.
 */
export interface LocalStaffUser {
  username: string;
  name: string;
  role?: string;
  departmentId?: string;
}

export interface WebConfig {
  apiBaseUrl: string;
  localAuth?: boolean;
  localStaffUsers?: LocalStaffUser[];
  /** In AWS: the Cognito hosted UI (`https://<prefix>.auth.<region>.amazoncognito.com`) and web client. */
  cognitoDomain?: string;
  cognitoClientId?: string;
}

export const DEFAULT_API_BASE_URL = 'http://127.0.0.1:3000';

let config: WebConfig = { apiBaseUrl: DEFAULT_API_BASE_URL };

const isUser = (u: unknown): u is LocalStaffUser =>
  typeof u === 'object' &&
  u !== null &&
  typeof (u as LocalStaffUser).username === 'string' &&
  typeof (u as LocalStaffUser).name === 'string';

let loading: Promise<WebConfig> | undefined;

/**
 * Fetches /config.json once; every caller (the API client before its first request) shares the
 * one fetch, so a page can render while it is on its way.
 */
export function loadConfig(): Promise<WebConfig> {
  loading ??= readConfig();
  return loading;
}

async function readConfig(): Promise<WebConfig> {
  try {
    const res = await fetch('/config.json', { cache: 'no-store' });
    if (res.ok) {
      // A static host may answer a missing file with index.html: anything but JSON is ignored.
      const body = (await res.json()) as Partial<WebConfig>;
      if (typeof body.apiBaseUrl === 'string' && /^https?:\/\//.test(body.apiBaseUrl)) {
        config = { apiBaseUrl: body.apiBaseUrl.replace(/\/+$/, '') };
      }
      if (typeof body.localAuth === 'boolean') config.localAuth = body.localAuth;
      if (Array.isArray(body.localStaffUsers)) config.localStaffUsers = body.localStaffUsers.filter(isUser);
      if (
        typeof body.cognitoDomain === 'string' &&
        /^https:\/\/[^/?#]+$/.test(body.cognitoDomain.replace(/\/+$/, '')) &&
        typeof body.cognitoClientId === 'string' &&
        /^[\w+]{1,128}$/.test(body.cognitoClientId)
      ) {
        config.cognitoDomain = body.cognitoDomain.replace(/\/+$/, '');
        config.cognitoClientId = body.cognitoClientId;
      }
    }
  } catch {
    // no config.json: keep the default
  }
  return config;
}

export const apiBaseUrl = () => config.apiBaseUrl;

/** Whether staff sign in with the local stack's demo tokens (never in AWS). */
export function localAuthEnabled(): boolean {
  if (config.localAuth !== undefined) return config.localAuth;
  try {
    const host = new URL(config.apiBaseUrl).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}

export const localStaffUsers = (): LocalStaffUser[] => config.localStaffUsers ?? [];

/** The hosted UI staff sign in at (AWS), when config.json names it. */
export const cognitoSignIn = (): { domain: string; clientId: string } | undefined =>
  config.cognitoDomain && config.cognitoClientId
    ? { domain: config.cognitoDomain, clientId: config.cognitoClientId }
    : undefined;
