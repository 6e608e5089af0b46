import { DEFAULT_WAVES, type WaveSettings } from './notifications/planning.js';
import { DEFAULT_GEOCODER_URL } from './places/geocoder.js';
import {
  DEFAULT_MAP_TILES_URL,
  MapTilesUrlError,
  tilesOrigin,
  type MapTiles,
} from './maps/tiles.js';
import { DEFAULT_MAIL_FROM } from './mail/transport.js';

/** The configuration contract of API.md, read once from the environment. */
export interface Config {
  port: number;
  databaseUrl: string | null;
  dataDir: string;
  adminEmail: string | null;
  adminPassword: string | null;
  pushAllowInsecureEndpoints: boolean;
  vapidPublicKey: string | null;
  vapidPrivateKey: string | null;
  vapidSubject: string;
  /** TRUST_PROXY: how many proxies in front append to X-Forwarded-For (0: none, use the socket address). */
  trustProxy: number;
  /** The site's address as its users reach it (https://...): links in messages, and Secure cookies. */
  publicUrl: string | null;
  /** PUSH_WAVE_SIZE, PUSH_WAVE_MINUTES: how many associations each wave tells, and how far apart. */
  waves: WaveSettings;
  /** GEOCODER_URL: the address service (the Géoplateforme's, or a self-hosted addok with the same API). */
  geocoderUrl: string;
  /** MAP_TILES_URL and MAP_TILES_ATTRIBUTION: the maps' background, asked by the browser. */
  mapTiles: MapTiles;
  /** SMTP_URL: e-mail through this SMTP server (Node only), pooled connections. */
  smtpUrl: string | null;
  /** MAIL_FROM: the sender of every e-mail ("Surplus Link <noreply@example.org>"). */
  mailFrom: string;
  /** BREVO_API_KEY: e-mail through Brevo's HTTP API when no SMTP_URL (and on Workers), and SMS. */
  brevoApiKey: string | null;
  /** BREVO_SMS_SENDER: the SMS sender name, 11 letters or digits at most. */
  brevoSmsSender: string;
  /** BREVO_API_URL: where Brevo's API answers (tests: a local server playing it); null = Brevo's. */
  brevoApiUrl: string | null;
  /** MAX_IN_FLIGHT: requests answered at once by one Node process before it sheds load (0: no limit). */
  maxInFlight: number;
}

const DEFAULT_MAX_IN_FLIGHT = 128;

function maxInFlight(value: string | undefined) {
  if (value === undefined || value === '') return DEFAULT_MAX_IN_FLIGHT;
  if (!/^\d{1,6}$/.test(value))
    throw new ConfigError(
      `MAX_IN_FLIGHT must be a number of requests (0 for no limit), not "${value}"`,
    );
  return Number(value);
}

function proxyCount(value: string | undefined) {
  if (value === undefined || value === '') return 0;
  if (!/^\d{1,2}$/.test(value))
    throw new ConfigError(
      `TRUST_PROXY must be the number of proxies in front of the app (0, 1, 2, ...), not "${value}"`,
    );
  return Number(value);
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** PUBLIC_URL's origin (scheme, host, port), or null when absent; anything else than http(s) is refused. */
export function readPublicUrl(value: string | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`PUBLIC_URL is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(
      `PUBLIC_URL must start with https:// (or http:// for local use): ${value}`,
    );
  return url.origin;
}

/** GEOCODER_URL, without its trailing slash; anything else than http(s) is refused. */
export function readGeocoderUrl(value: string | undefined): string {
  if (!value) return DEFAULT_GEOCODER_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`GEOCODER_URL is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(`GEOCODER_URL must start with https:// or http://: ${value}`);
  return value.replace(/\/+$/, '');
}

/** MAP_TILES_URL (checked: one http(s) host, {z}/{x}/{y}) and its attribution, plain text. */
export function readMapTiles(url: string | undefined, attribution: string | undefined): MapTiles {
  const template = url || DEFAULT_MAP_TILES_URL;
  try {
    tilesOrigin(template);
  } catch (e) {
    if (e instanceof MapTilesUrlError) throw new ConfigError(e.message);
    throw e;
  }
  const text = attribution?.trim();
  return { url: template, attribution: text ? text.slice(0, 200) : null };
}

/** BREVO_API_URL: an http(s) origin, or nothing (Brevo's own). */
function readBrevoApiUrl(value: string | undefined) {
  if (!value) return null;
  if (!/^https?:\/\/[^\s/]+\/?$/.test(value))
    throw new Error('BREVO_API_URL must be an origin such as https://api.brevo.com');
  return value.replace(/\/$/, '');
}

/** SMTP_URL: smtp:// or smtps:// only. */
export function readSmtpUrl(value: string | undefined): string | null {
  if (!value) return null;
  if (!/^smtps?:\/\/[^\s]+$/.test(value))
    throw new ConfigError(
      'SMTP_URL must look like smtp://user:password@host:587 or smtps://...:465',
    );
  return value;
}

/** How e-mail leaves, from the configuration: SMTP, else Brevo, else .eml files (mail is off). */
export function mailMode(c: Pick<Config, 'smtpUrl' | 'brevoApiKey'>): 'smtp' | 'brevo' | 'files' {
  return c.smtpUrl ? 'smtp' : c.brevoApiKey ? 'brevo' : 'files';
}

/** A value that is not a positive number keeps the default. */
function readWaves(env: Record<string, string | undefined>): WaveSettings {
  const size = Number(env.PUSH_WAVE_SIZE);
  const minutes = Number(env.PUSH_WAVE_MINUTES);
  return {
    ...DEFAULT_WAVES,
    ...(size > 0 ? { waveSize: size } : {}),
    ...(minutes > 0 ? { waveDelayMs: minutes * 60_000 } : {}),
  };
}

export function readConfig(env: Record<string, string | undefined>): Config {
  return {
    port: Number(env.PORT ?? 3000),
    databaseUrl: env.DATABASE_URL || null,
    dataDir: env.DATA_DIR || './data',
    adminEmail: env.ADMIN_EMAIL || null,
    adminPassword: env.ADMIN_PASSWORD || null,
    pushAllowInsecureEndpoints: env.PUSH_ALLOW_INSECURE_ENDPOINTS === '1',
    vapidPublicKey: env.VAPID_PUBLIC_KEY || null,
    vapidPrivateKey: env.VAPID_PRIVATE_KEY || null,
    vapidSubject: env.VAPID_SUBJECT || 'mailto:admin@example.org',
    trustProxy: proxyCount(env.TRUST_PROXY),
    publicUrl: readPublicUrl(env.PUBLIC_URL),
    waves: readWaves(env),
    geocoderUrl: readGeocoderUrl(env.GEOCODER_URL),
    mapTiles: readMapTiles(env.MAP_TILES_URL, env.MAP_TILES_ATTRIBUTION),
    smtpUrl: readSmtpUrl(env.SMTP_URL),
    mailFrom: env.MAIL_FROM || DEFAULT_MAIL_FROM,
    brevoApiKey: env.BREVO_API_KEY || null,
    brevoSmsSender: env.BREVO_SMS_SENDER || 'SurplusLink',
    brevoApiUrl: readBrevoApiUrl(env.BREVO_API_URL),
    maxInFlight: maxInFlight(env.MAX_IN_FLIGHT),
  };
}
