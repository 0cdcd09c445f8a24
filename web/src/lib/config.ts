/**
 * Run-time configuration. `/config.json` is deployed next to the app (and served by the local
 * static server), so one build runs against any API; without it the local stack's default port.
 */
export interface WebConfig {
  apiBaseUrl: string;
}

export const DEFAULT_API_BASE_URL = 'http://127.0.0.1:3000';

let config: WebConfig = { apiBaseUrl: DEFAULT_API_BASE_URL };

export async function loadConfig(): Promise<WebConfig> {
  try {
    const res = await fetch('/config.json', { cache: 'no-store' });
    if (res.ok) {
      // A static host may answer a missing file with index.html: anything but JSON is ignored.
      const body = (await res.json()) as Partial<WebConfig>;
      if (typeof body.apiBaseUrl === 'string' && /^https?:\/\//.test(body.apiBaseUrl)) {
        config = { apiBaseUrl: body.apiBaseUrl.replace(/\/+$/, '') };
      }
    }
  } catch {
    // no config.json: keep the default
  }
  return config;
}

export const apiBaseUrl = () => config.apiBaseUrl;
