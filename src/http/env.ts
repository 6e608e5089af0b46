import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/actor.js';
import type { Database } from '../db/schema.js';
import type { Lang } from '../i18n/index.js';
import type { PushSender } from '../notifications/sender.js';
import type { Geocoder } from '../places/geocoder.js';
import type { EventBus } from '../realtime/bus.js';

/** Everything the app needs from its runtime: the same app serves Node and Workers. */
export interface AppDeps {
  db: Kysely<Database>;
  /** The clock; tests and jobs set it. */
  now: () => Date;
  /** Checks the database answers (for /healthz). */
  ping: () => Promise<void>;
  /** Serves /static/* where the runtime does not do it itself. */
  serveStatic?: import('hono').MiddlewareHandler;
  events?: EventBus;
  /** bearer-token actors kept a few seconds (see ActorCache); absent in tests */
  actorCache?: import('../accounts/actor-cache.js').ActorCache;
  /** association feeds kept between donation changes (only with a bus: it clears them) */
  feedCache?: import('../donations/feed-cache.js').FeedCache;
  /** How open pages learn of changes: 'sse' through `events`, or 'poll' (htmx every 15 s; Workers, no bus). */
  live?: 'sse' | 'poll';
  push?: PushSender;
  /**
   * The address service's client (GEOCODER_URL). Absent (most tests): addresses are not looked up,
   * and an organisation needs its coordinates, as before addresses were geocoded.
   */
  geocoder?: Geocoder;
  /**
   * The official communes, EPCI and départements (a territory's area form). Node reads them from
   * the package on first use; absent on Workers (13 MB kept out of the bundle): saved areas work,
   * choosing new communes needs the Node server.
   */
  communes?: () => Promise<import('../places/communes.js').CommuneIndex>;
  config: {
    pushAllowInsecureEndpoints: boolean;
    vapidSubject: string;
    /** From the environment; absent = generated once and kept in the database (issue 4). */
    vapidPublicKey?: string | null;
    vapidPrivateKey?: string | null;
    /**
     * Where the client address comes from (throttles): the socket, unless this many proxies in front
     * append to X-Forwarded-For (TRUST_PROXY; absent = 0), or `behindCloudflare` (Workers only:
     * Cloudflare's edge sets cf-connecting-ip itself, a client cannot).
     */
    trustProxy?: number;
    behindCloudflare?: boolean;
    /** PUBLIC_URL's origin: its scheme decides Secure cookies, links in messages start with it. */
    publicUrl?: string | null;
    /** Who is told of a new donation and when (Config.waves); absent = the defaults. */
    waves?: import('../notifications/planning.js').WaveSettings;
    /** The maps' tile server (Config.mapTiles); absent = OpenStreetMap's. */
    mapTiles?: import('../maps/tiles.js').MapTiles;
    /** How e-mail leaves (mailMode): 'files' = mail is off, written under DATA_DIR/mail; absent = files. */
    mail?: 'smtp' | 'brevo' | 'files';
  };
  log?: (msg: string, err?: unknown) => void;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    lang: Lang;
    actor: Actor | null;
    csrf: string;
    sessionToken: string | null;
  };
};

/** The env of signed-in sub-apps (mounted through `signedIn()`): their actor is never null. */
export type SignedInEnv = {
  Variables: Omit<AppEnv['Variables'], 'actor'> & { actor: Actor };
};

/** Helpers that serve public and signed-in routes alike take a `Context<E>` with `E extends AnyEnv`. */
export type AnyEnv = AppEnv | SignedInEnv;
