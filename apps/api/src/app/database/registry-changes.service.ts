import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Client, type Notification } from 'pg';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** Channels filled by the triggers of migration 1764000006000-registry-changes. */
const REGISTRY_CHANNEL = 'huddle_registry';
const SESSION_CHANNEL = 'huddle_session';
/**
 * The URL of the LISTEN connection: the API's own, or `DATABASE_DIRECT_URL` when the API's goes through a
 * transaction-mode pooler (a LISTEN needs a session of its own; issue #13 item 6).
 */
export const LISTEN_DATABASE_URL = Symbol('LISTEN_DATABASE_URL');
/** Payload meaning "everything changed" (bulk loads). */
const EVERYTHING = '*';
const RECONNECT_MS = 1_000;

/**
 * Follows what changes in the registry, so read caches know when to stop trusting what they hold
 * (docs/adr/0005-read-caches.md).
 *
 * One dedicated connection LISTENs to `huddle_registry` (a clinic's data changed, sent by triggers on
 * commit, whichever API instance or tool wrote) and `huddle_session` (a session was ended). Each
 * clinic has a version; a cache entry is valid while the version it was computed at is current.
 * Writes of this process also bump their clinic's version as soon as their transaction commits
 * (`registry.changed`, through `RegistryCacheListener`), so a user always reads their own writes
 * without waiting for the notification.
 *
 * While the connection is down nothing can be trusted: {@link versionOf} answers null (callers compute
 * afresh) and everything known is forgotten on reconnect, since notifications may have been missed.
 */
@Injectable()
export class RegistryChanges implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RegistryChanges.name);
  private client: Client | null = null;
  private live = false;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** Bumped on every (re)connect and on "everything changed": invalidates every clinic at once. */
  private epoch = 0;
  private readonly clinics = new Map<string, number>();
  private readonly sessionListeners = new Set<(sessionId: string) => void>();
  private readonly resetListeners = new Set<() => void>();

  constructor(
    @Inject(LISTEN_DATABASE_URL) private readonly listenUrl: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.READ_CACHE_ENABLED) return;
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.live = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  /** True while changes are followed (caches may serve). */
  get following(): boolean {
    return this.live;
  }

  /** The current version of a clinic's data, or null when changes are not followed (do not cache). */
  versionOf(clinicId: string): string | null {
    return this.live ? `${this.epoch}.${this.clinics.get(clinicId) ?? 0}` : null;
  }

  /** A committed change of `clinicId` (or of everything, when null): cached reads of it are stale. */
  changed(clinicId: string | null): void {
    this.bump(clinicId);
  }

  /** Calls `listener` with the id of every session ended anywhere (sign-out, revocation, deactivation). */
  onSessionEnded(listener: (sessionId: string) => void): void {
    this.sessionListeners.add(listener);
  }

  /** Calls `listener` whenever everything known must be forgotten (reconnect: notifications may be lost). */
  onReset(listener: () => void): void {
    this.resetListeners.add(listener);
  }

  private bump(clinicId: string | null): void {
    if (clinicId === null) {
      this.epoch++;
      this.clinics.clear();
      return;
    }
    this.clinics.set(clinicId, (this.clinics.get(clinicId) ?? 0) + 1);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.listenUrl, application_name: 'huddle-api-changes' });
    client.on('notification', (message) => this.receive(message));
    client.on('error', (error) => this.disconnected(client, error));
    client.on('end', () => this.disconnected(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${REGISTRY_CHANNEL}`);
      await client.query(`LISTEN ${SESSION_CHANNEL}`);
    } catch (error) {
      this.disconnected(client, error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    // Whatever was cached before this connection may have missed notifications.
    this.bump(null);
    for (const listener of this.resetListeners) listener();
    this.live = true;
  }

  private receive(message: Notification): void {
    const payload = message.payload ?? EVERYTHING;
    if (message.channel === SESSION_CHANNEL) {
      for (const listener of this.sessionListeners) listener(payload);
    } else if (message.channel === REGISTRY_CHANNEL) {
      this.bump(payload === EVERYTHING ? null : payload);
    }
  }

  private disconnected(client: Client, error?: unknown): void {
    if (this.client !== null && this.client !== client) return;
    this.client = null;
    this.live = false;
    void client.end().catch(() => undefined);
    if (this.stopped || this.reconnectTimer) return;
    // Connection problems are operational, never PHI: log the message only.
    this.logger.warn(
      `Change notifications unavailable (${error instanceof Error ? error.message : 'connection ended'}); ` +
        'reads are computed afresh until they are back',
    );
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, RECONNECT_MS);
  }
}
